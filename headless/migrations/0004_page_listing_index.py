from django.db import migrations

# The pages listing reads pages in tree order (by path) and tests each against the publication
# rules (live, expire_at, depth; path for view restrictions and the site). With every one of
# those columns in one index, ordered by path, an offset deep in the listing skips index
# entries rather than page rows, the total count reads the index alone, and ?after_id= seeks
# straight to its place. Wagtail's page table is Wagtail's, so the index is made in SQL that
# SQLite and PostgreSQL read alike.
INDEX = "headless_page_listing"


class Migration(migrations.Migration):
    dependencies = [
        ("headless", "0003_stale_documents_that_name_a_hidden_page_are_withheld"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX "{INDEX}" ON "wagtailcore_page" '
            '("path", "live", "expire_at", "depth", "id")',
            f'DROP INDEX "{INDEX}"',
        ),
    ]
