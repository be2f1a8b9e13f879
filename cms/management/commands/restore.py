from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms import backup


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Restore an archive written by `backup` into an empty database, migrated or not: "
            "check its checksums, load the database and the media files, check every table's "
            "row count, migrate, and rebuild the API documents, the search indexes and the "
            "caches."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("The archive to restore."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Replace a database that holds content already, losing all of it."),
        )

    def handle(self, *args, path, replace=False, verbosity=1, **options):
        try:
            manifest, rows, media = backup.restore(path, replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored %(rows)d rows and %(media)d media files from a backup of %(created)s.")
            % {"rows": rows, "media": media, "created": manifest["created_at"]}
        )
        # A backup from an earlier version of the project is brought up to date.
        call_command("migrate", interactive=False, verbosity=0)
        # What is derived from the content: cached answers and rate-limit counts of the
        # database that was replaced, both search indexes, the public API documents (which also
        # tells the CDN and the county site that everything changed).
        for cache in caches.all():
            cache.clear()
        quiet = {"verbosity": 0, "stdout": self.stdout if verbosity > 1 else _Discard()}
        call_command("update_index", **quiet)
        call_command("rebuild_search_index", **quiet)
        call_command("rebuild_api_documents", **quiet)
        self.stdout.write(self.style.SUCCESS(_("The restore is complete and checked.")))


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass
