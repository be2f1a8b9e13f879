from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms import backup


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Write one archive with a consistent copy of the database (SQLite's online backup "
            "or pg_dump), every media file and a manifest of versions, row counts and "
            "checksums. The site may keep running meanwhile."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Where to write the archive (.tar.gz)."))

    def handle(self, *args, path, **options):
        try:
            manifest = backup.backup(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["rows"] for entry in manifest["counts"].values())
        media = sum(1 for name in manifest["files"] if name.startswith(f"{backup.MEDIA}/"))
        self.stdout.write(
            self.style.SUCCESS(
                _("Backed up %(rows)d rows in %(tables)d tables and %(media)d media files.")
                % {"rows": rows, "tables": len(manifest["counts"]), "media": media}
            )
        )
