from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from headless import preview


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Delete the drafts stored for previews on the county's website whose token has expired "
            "(run from cron)."
        )

    def handle(self, *args, **options):
        deleted = preview.garbage_collect()
        message = ngettext(
            "Deleted %(count)d expired preview.", "Deleted %(count)d expired previews.", deleted
        )
        self.stdout.write(message % {"count": deleted})
