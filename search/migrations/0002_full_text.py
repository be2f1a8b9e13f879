"""The full-text structures of the search index, which differ by database.

SQLite: an FTS5 table over the stem columns, kept in step with the entries by triggers.
PostgreSQL: generated tsvector columns with GIN indexes; the words are stemmed by the
``norwegian`` text-search configuration, the reversed stems are taken as they are (``simple``).

SQLite drops a table's triggers when Django rebuilds the table, which it does for most
changes to a model: a later migration that alters SearchEntry must create the triggers again.
"""

from django.db import migrations

COLUMNS = ["title_stems", "summary_stems", "keywords_stems", "body_stems", "reversed_stems"]


def _values(prefix):
    return ", ".join(f"{prefix}.{column}" for column in COLUMNS)


SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        {", ".join(COLUMNS)},
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, {", ".join(COLUMNS)}) VALUES (new.id, {_values("new")});
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {", ".join(COLUMNS)})
        VALUES ('delete', old.id, {_values("old")});
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {", ".join(COLUMNS)})
        VALUES ('delete', old.id, {_values("old")});
        INSERT INTO search_fts(rowid, {", ".join(COLUMNS)}) VALUES (new.id, {_values("new")});
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_CREATE = [
    """ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('norwegian', title_words), 'A')
            || setweight(to_tsvector('norwegian', summary_words), 'B')
            || setweight(to_tsvector('norwegian', keywords_words), 'C')
            || setweight(to_tsvector('norwegian', body_words), 'D')
        ) STORED""",
    """ALTER TABLE search_searchentry ADD COLUMN reversed_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', reversed_stems)) STORED""",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_reversed ON search_searchentry USING gin (reversed_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_reversed",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS reversed_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
