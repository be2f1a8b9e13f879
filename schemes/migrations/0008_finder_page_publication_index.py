from django.db import migrations

# Wagtail's page table is not this app's, so its index is made in SQL, which SQLite and
# PostgreSQL read alike. It holds every column of the finder's publication test, so that the
# finder finds its hidden pages (drafts, unpublished, expired, private, another site's) by
# reading this index alone rather than every scheme's page row.
INDEX = "schemes_finder_publication"


class Migration(migrations.Migration):
    dependencies = [
        ("schemes", "0007_finder_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX "{INDEX}" ON "wagtailcore_page" '
            '("content_type_id", "id", "live", "expire_at", "depth", "path")',
            f'DROP INDEX "{INDEX}"',
        ),
    ]
