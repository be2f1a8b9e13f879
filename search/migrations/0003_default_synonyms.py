from django.db import migrations

from search.synonyms import create_default_synonyms


def create(apps, schema_editor):
    create_default_synonyms(apps.get_model("search", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
