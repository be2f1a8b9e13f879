"""Backups of the whole site in one archive, and their restore: the database and the media files.

An archive (a gzipped tar) holds:

- ``database.sqlite3`` (SQLite's online backup, a consistent copy taken while the site runs) or
  ``database.pgdump`` (``pg_dump``'s custom format, taken in one snapshot);
- ``media/...``: every file under MEDIA_ROOT (originals, renditions, documents);
- ``manifest.json``, last: the versions it was made with, the database's applied migrations,
  the number of rows of every table (counted in the same snapshot as the dump) and the SHA-256
  of every other file in the archive.

Restoring checks every checksum before it changes anything, writes the media files, loads the
database, checks every table's count against the manifest, migrates (a backup made by an
earlier version of the project is brought up to date) and rebuilds what is derived from the
content: the public API documents, both search indexes and the caches.
"""

import datetime
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from .caches import DATABASE_CACHE_TABLE

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be made, with a message for the operator."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tables():
    """Every table the project's models keep, by model label, many-to-many tables included."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        found[model._meta.label] = model._meta.db_table
    return dict(sorted(found.items()))


def count_rows(cursor, quote, table_names):
    """Rows per table; a table that does not exist (yet) is left out."""
    counts = {}
    for label, table in table_names.items():
        try:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 -- quoted model table names
        except (sqlite3.Error, DatabaseError):
            raise BackupError(f"The table {table} ({label}) is missing.") from None
        counts[label] = {"table": table, "rows": cursor.fetchone()[0]}
    return counts


def applied_migrations(cursor):
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def vendor():
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    return connection.vendor


def postgres_arguments():
    """pg_dump's and pg_restore's connection options, and the environment with the password."""
    database = settings.DATABASES[connection.alias]
    arguments = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [option, str(database[key])]
    environment = {**os.environ}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return arguments, environment


def run(command, environment=None):
    try:
        subprocess.run(command, env=environment, check=True, capture_output=True, text=True)  # noqa: S603 -- fixed programs, arguments from settings
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} was not found: install PostgreSQL's client programs "
            "(Debian: postgresql-client) in the version of the server."
        ) from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from None


# Backup ---------------------------------------------------------------------------------------


def dump_sqlite(target):
    """SQLite's online backup: a consistent copy while the site goes on writing."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = sqlite3.connect(target)
    try:
        cursor = copy.cursor()
        # The site's file is in write-ahead-log mode; the archived copy is one file on its own.
        cursor.execute("PRAGMA journal_mode=DELETE")
        quote = connection.ops.quote_name
        return (
            count_rows(cursor, quote, tables()),
            applied_migrations(cursor),
            sqlite3.sqlite_version,
        )
    finally:
        copy.close()


def dump_postgresql(target):
    """pg_dump in the snapshot the counts are taken in, so that they describe the same data."""
    arguments, environment = postgres_arguments()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor, connection.ops.quote_name, tables())
        migrations = applied_migrations(cursor)
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
        run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                # The shared cache is no content: rate-limit counts and cached answers.
                f"--exclude-table-data={DATABASE_CACHE_TABLE}",
                "--file",
                str(target),
                *arguments,
            ],
            environment,
        )
    return counts, migrations, server_version


def media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


class HashingReader:
    """A file read into the archive and hashed on the way, so that it is read only once."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def add_file(archive, path, name):
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as file:
        reader = HashingReader(file)
        archive.addfile(info, reader)
    return reader.digest.hexdigest()


def backup(path):
    """Write the archive to ``path``; return its manifest."""
    path = Path(path)
    kind = vendor()
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as scratch:
        database_name = DATABASE_FILES[kind]
        database_file = Path(scratch) / database_name
        dump = dump_sqlite if kind == "sqlite" else dump_postgresql
        counts, migrations, server_version = dump(database_file)
        partial = Path(scratch) / "archive.tar.gz"
        files = {}
        with tarfile.open(partial, "w:gz") as archive:
            files[database_name] = add_file(archive, database_file, database_name)
            media_root = Path(settings.MEDIA_ROOT)
            for media_path in media_files(media_root):
                name = f"{MEDIA}/{media_path.relative_to(media_root).as_posix()}"
                files[name] = add_file(archive, media_path, name)
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "versions": {
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                    "database": {"vendor": kind, "version": server_version},
                },
                "migrations": migrations,
                "counts": counts,
                "files": files,
            }
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
        # It holds citizens' submissions and staff's logins: readable by its owner alone.
        partial.chmod(0o600)
        # Only a complete archive takes the name: a failed backup leaves no half file behind.
        os.replace(partial, path)
    return manifest


# Restore --------------------------------------------------------------------------------------


def safe_name(name):
    """An archive member's path, refused if it could land outside where it is extracted."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds a file with an unsafe name: {name!r}.")
    return path


def read_and_verify(path, scratch):
    """Unpack ``path`` into ``scratch``, checking every file against the manifest first."""
    digests = {}
    manifest = None
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                if not member.isfile():
                    raise BackupError(f"The archive holds something that is no file: {member.name}")
                name = safe_name(member.name)
                source = archive.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(source.read())
                    continue
                target = Path(scratch, *name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as output:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        output.write(chunk)
                digests[member.name] = digest.hexdigest()
    except (OSError, EOFError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is damaged or no backup archive: {error}") from None
    if manifest is None:
        raise BackupError(f"{path} has no manifest: it is incomplete or no backup.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of an unknown format {manifest.get('format')!r}.")
    expected = manifest["files"]
    missing = sorted(set(expected) - set(digests))
    extra = sorted(set(digests) - set(expected))
    wrong = sorted(name for name in expected if name in digests and digests[name] != expected[name])
    if missing or extra or wrong:
        raise BackupError(
            "The archive does not match its manifest: "
            f"missing {missing or 'none'}, unlisted {extra or 'none'}, "
            f"wrong checksum {wrong or 'none'}."
        )
    return manifest


def check_migrations(manifest):
    """A backup from a later version of the project has migrations this one does not know."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            "The backup was made by a later version of the project (unknown migrations: "
            f"{', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}). Restore it with "
            "that version."
        )


def holds_content():
    """Whether the database has anything people made: more than `migrate` alone creates."""
    existing = set(connection.introspection.table_names())
    if "wagtailcore_page" not in existing:
        return False
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    from home.content import default_welcome_page
    from people.models import Person
    from strategy.models import FeedbackSubmission

    made = [get_user_model(), Revision, get_image_model(), get_document_model()]
    made += [Person, FeedbackSubmission]
    if any(model._meta.db_table in existing and model.objects.exists() for model in made):
        return True
    root = Page.get_first_root_node()
    if root is None:
        return False
    welcome = default_welcome_page(root)
    pages = Page.objects.exclude(pk=root.pk)
    if welcome is not None:
        pages = pages.exclude(pk=welcome.pk)
    return pages.exists()


def load_sqlite(database_file):
    connection.close()
    name = settings.DATABASES[connection.alias]["NAME"]
    source = sqlite3.connect(database_file)
    destination = sqlite3.connect(name)
    try:
        # Page by page into the live file, replacing all of it, under SQLite's own locking.
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def load_postgresql(database_file):
    arguments, environment = postgres_arguments()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(database_file),
        ],
        environment,
    )


def verify_counts(manifest):
    with connection.cursor() as cursor:
        tables_ = {label: entry["table"] for label, entry in manifest["counts"].items()}
        counts = count_rows(cursor, connection.ops.quote_name, tables_)
    wrong = {
        label: (entry["rows"], counts[label]["rows"])
        for label, entry in manifest["counts"].items()
        if counts[label]["rows"] != entry["rows"]
    }
    if wrong:
        raise BackupError(
            "The restored database does not hold what the manifest counts (expected, found): "
            + ", ".join(f"{label} {found}" for label, found in sorted(wrong.items()))
        )
    return sum(entry["rows"] for entry in manifest["counts"].values())


def restore_media(scratch):
    """Put the archive's media files in MEDIA_ROOT; files already there under other names stay."""
    source_root = Path(scratch, MEDIA)
    media_root = Path(settings.MEDIA_ROOT)
    restored = 0
    for path in media_files(source_root):
        target = media_root / path.relative_to(source_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        restored += 1
    return restored


def verify_media(manifest):
    media_root = Path(settings.MEDIA_ROOT)
    for name, digest in manifest["files"].items():
        if not name.startswith(f"{MEDIA}/"):
            continue
        path = media_root / PurePosixPath(name).relative_to(MEDIA)
        if not path.is_file() or sha256_of(path) != digest:
            raise BackupError(f"The restored media file {name} does not match the manifest.")


def restore(path, *, replace=False, scratch_dir=None):
    """Restore the archive at ``path``; return the manifest and what was restored."""
    kind = vendor()
    if not replace and holds_content():
        raise BackupError(
            "The database holds content already. Restore into an empty database, or give "
            "--replace to replace everything in it."
        )
    with tempfile.TemporaryDirectory(dir=scratch_dir, prefix="troms-restore-") as scratch:
        manifest = read_and_verify(path, scratch)
        backup_vendor = manifest["versions"]["database"]["vendor"]
        if backup_vendor != kind:
            raise BackupError(
                f"The backup is of a {backup_vendor} database; this one is {kind}. Restore it "
                f"into {backup_vendor}."
            )
        check_migrations(manifest)
        database_file = Path(scratch, DATABASE_FILES[kind])
        if kind == "sqlite":
            load_sqlite(database_file)
        else:
            load_postgresql(database_file)
        rows = verify_counts(manifest)
        media = restore_media(scratch)
    verify_media(manifest)
    return manifest, rows, media
