from django.core.management.base import BaseCommand

from home import notify


class Command(BaseCommand):
    help = "Send the county site the change notices whose webhook delivery is due (run from cron)."

    def handle(self, *args, **options):
        delivered = notify.deliver_due()
        self.stdout.write(f"{delivered} delivered")
