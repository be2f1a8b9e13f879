from django.db import migrations

from search.synonyms import create_english_synonyms


def create(apps, schema_editor):
    create_english_synonyms(apps.get_model("search", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0004_words_and_one_way_synonyms")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
