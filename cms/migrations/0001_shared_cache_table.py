"""The table of production's database cache (used when CACHE_URL is unset), made on migrate."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from cms.caches import DATABASE_CACHE_TABLE


def create_table(apps, schema_editor):
    # createcachetable's own routine: it makes the table (and its index) only if it is missing.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, DATABASE_CACHE_TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(DATABASE_CACHE_TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
