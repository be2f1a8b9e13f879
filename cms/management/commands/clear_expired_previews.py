from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from home import preview


class Command(BaseCommand):
    help = (
        "Delete the drafts stored for previews on the county's website whose token has expired "
        "(run from cron)."
    )

    def handle(self, *args, **options):
        deleted = preview.garbage_collect()
        message = ngettext(
            "Deleted %(count)d expired preview.", "Deleted %(count)d expired previews.", deleted
        )
        self.stdout.write(message % {"count": deleted})
