"""Delete the feedback boxes' submissions once they are older than FEEDBACK_RETENTION_DAYS."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from strategy.models import FeedbackSubmission


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Delete submissions to the feedback boxes that are older than FEEDBACK_RETENTION_DAYS "
            "days. Run it daily; with --dry-run it only counts them."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Count the submissions that would be deleted, and delete nothing."),
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.FEEDBACK_RETENTION_DAYS
        # Zero days would delete everything received so far, which no one means by a setting.
        if days < 1:
            raise CommandError(
                _("FEEDBACK_RETENTION_DAYS must be a whole number of days above 0, not %(days)s.")
                % {"days": days}
            )
        cutoff = timezone.now() - datetime.timedelta(days=days)
        expired = FeedbackSubmission.objects.submitted_before(cutoff)
        values = {
            "days": days,
            "date": formats.date_format(timezone.localtime(cutoff), "SHORT_DATE_FORMAT"),
        }
        if dry_run:
            count = expired.count()
            message = ngettext(
                "%(count)d submission is older than %(days)d days (sent before %(date)s) and "
                "would be deleted. Nothing was deleted.",
                "%(count)d submissions are older than %(days)d days (sent before %(date)s) and "
                "would be deleted. Nothing was deleted.",
                count,
            )
        else:
            # Deleted as Wagtail's submissions listing deletes them. No API document or cached
            # response shows a submission, so nothing public has to be rebuilt.
            count = expired.delete()[1].get(FeedbackSubmission._meta.label, 0)
            message = ngettext(
                "Deleted %(count)d submission older than %(days)d days (sent before %(date)s).",
                "Deleted %(count)d submissions older than %(days)d days (sent before %(date)s).",
                count,
            )
        self.stdout.write(message % {"count": count, **values})
