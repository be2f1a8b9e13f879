from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from headless import notify


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Send the county site the change notices whose webhook delivery is due (run from cron)."
        )

    def handle(self, *args, **options):
        delivered = notify.deliver_due()
        message = ngettext(
            "Delivered %(count)d change notice.", "Delivered %(count)d change notices.", delivered
        )
        self.stdout.write(message % {"count": delivered})
