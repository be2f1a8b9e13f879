"""The taxonomies and the API's stored models now belong to the taxonomy and headless apps,
which keep these tables; nothing is dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0007_page_documents_keep_paths'),
        ('taxonomy', '0001_initial'),
        ('headless', '0001_initial'),
        ('people', '0002_taxonomy_app'),
        ('schemes', '0004_taxonomy_app'),
        ('strategy', '0005_taxonomy_app'),
    ]

    operations = [
        # Only Django's record changes; the tables and their keys stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='ContentVersion',
                ),
                migrations.DeleteModel(
                    name='County',
                ),
                migrations.DeleteModel(
                    name='Industry',
                ),
                migrations.RemoveField(
                    model_name='mediasettings',
                    name='public_collection',
                ),
                migrations.RemoveField(
                    model_name='municipality',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='organisation',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='pagedocument',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='pagedocumentreference',
                    name='document',
                ),
                migrations.DeleteModel(
                    name='Topic',
                ),
                migrations.DeleteModel(
                    name='WebhookDelivery',
                ),
                migrations.DeleteModel(
                    name='MediaSettings',
                ),
                migrations.DeleteModel(
                    name='Municipality',
                ),
                migrations.DeleteModel(
                    name='Organisation',
                ),
                migrations.DeleteModel(
                    name='Region',
                ),
                migrations.DeleteModel(
                    name='PageDocument',
                ),
                migrations.DeleteModel(
                    name='PageDocumentReference',
                ),
            ],
        ),
    ]
