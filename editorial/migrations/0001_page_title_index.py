from django.db import migrations

# The admin's overviews list pages by title, fifty at a time. With an index on the title the
# database reads the first fifty in order and stops, instead of sorting every page of the site.
# Wagtail's page table is Wagtail's, so the index is made here, in SQL both databases read.
INDEX = "editorial_page_title_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX "{INDEX}" ON "wagtailcore_page" ("title")',
            f'DROP INDEX "{INDEX}"',
        ),
    ]
