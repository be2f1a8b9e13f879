from django.core.management.base import BaseCommand

from home import preview


class Command(BaseCommand):
    help = (
        "Delete the drafts stored for previews on the county's website whose token has expired "
        "(run from cron)."
    )

    def handle(self, *args, **options):
        deleted = preview.garbage_collect()
        self.stdout.write(f"{deleted} deleted")
