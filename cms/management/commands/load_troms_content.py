"""Build the Troms page tree and its snippets from the two source pages, as code."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from cms import moderation
from home import content as home_content
from home.content import ContentLoader
from people import content as people_content
from schemes import content as schemes_content
from strategy import content as strategy_content


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Create the pages and snippets of Næringsstrategi for Troms and Attraktive samfunn, "
            "the writers' and editors' groups and the approval workflow. "
            "Running it again creates nothing new and keeps what editors have changed since, "
            "unless --force --yes is given."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "List the pages and snippets that editors have changed since they were loaded, "
                "which --yes would overwrite; nothing is changed without --yes. Drafts, pages in "
                "review and the feedback box's state are never overwritten."
            ),
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("With --force: overwrite what --force lists."),
        )

    def handle(self, *args, force=False, yes=False, verbosity=1, **options):
        if yes and not force:
            raise CommandError(_("--yes only goes with --force."))
        dry_run = force and not yes
        loader = ContentLoader(
            force=force,
            warn=lambda message: self.stdout.write(self.style.WARNING(message)),
            info=self.stdout.write if verbosity >= 2 and not dry_run else None,
        )
        # All or nothing: a half-built tree would be taken for an editor's work on the next run.
        # Without --yes, --force runs in full and is rolled back, so that what it lists is what
        # it would overwrite, not a guess; nothing of it reaches the county site or the CDN,
        # whose notices are sent only on commit.
        with transaction.atomic():
            # In the order the apps depend on each other: each part uses what the earlier made.
            home_content.load(loader)
            people_content.load(loader)
            strategy_content.load(loader)
            schemes_content.load(loader)
            # Who may write, approve and publish, and the approval every page goes through.
            moderation.load(loader)
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            self.report_dry_run(loader.overwritten)
            return
        for description in loader.overwritten:
            self.stdout.write(_("Overwrote %(object)s.") % {"object": description})
        self.stdout.write(self.style.SUCCESS(loader.summary()))

    def report_dry_run(self, overwritten):
        if not overwritten:
            self.stdout.write(
                _("--force would overwrite nothing that editors have changed. Nothing was changed.")
            )
            return
        self.stdout.write(_("--force would overwrite what editors have changed since loading:"))
        for description in overwritten:
            self.stdout.write(f"  {description}")
        self.stdout.write(
            self.style.WARNING(
                _("Nothing was changed. Run again with --force --yes to overwrite these.")
            )
        )
