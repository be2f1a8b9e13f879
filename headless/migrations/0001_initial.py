"""The public API's stored models, made in the home app, now in the app of the API machinery."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor, model_names, old_app, new_app):
    """Rename the models' content types, so permissions, revisions, log entries and the
    reference index that point at them stay theirs."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in model_names:
        if not ContentType.objects.using(db).filter(app_label=new_app, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old_app, model=model).update(
                app_label=new_app
            )


MODELS = ['pagedocument', 'pagedocumentreference', 'contentversion', 'webhookdelivery', 'mediasettings']


def to_headless(apps, schema_editor):
    move_content_types(apps, schema_editor, MODELS, "home", "headless")


def to_home(apps, schema_editor):
    move_content_types(apps, schema_editor, MODELS, "headless", "home")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        ('home', '0007_page_documents_keep_paths'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # The tables stay where the home app made them (Meta.db_table): only Django's
        # idea of which app holds the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ContentVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveBigIntegerField(default=1)),
                    ('changed_at', models.DateTimeField()),
                    ('next_change_at', models.DateTimeField(blank=True, null=True)),
                ],
                options={
                    'verbose_name': 'content version',
                    'db_table': 'home_contentversion',
                },
            ),
            migrations.CreateModel(
                name='PageDocument',
                fields=[
                    ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='api_document', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                    ('payload', models.TextField()),
                    ('version', models.CharField(max_length=64)),
                    ('built_at', models.DateTimeField()),
                    ('valid_until', models.DateTimeField(blank=True, null=True)),
                ],
                options={
                    'verbose_name': 'API document',
                    'verbose_name_plural': 'API documents',
                    'db_table': 'home_pagedocument',
                },
            ),
            migrations.CreateModel(
                name='WebhookDelivery',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('payload', models.TextField()),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('attempts', models.PositiveIntegerField(default=0)),
                    ('next_attempt_at', models.DateTimeField(db_index=True)),
                    ('delivered_at', models.DateTimeField(blank=True, null=True)),
                    ('last_error', models.TextField(blank=True)),
                ],
                options={
                    'verbose_name': 'webhook delivery',
                    'verbose_name_plural': 'webhook deliveries',
                    'db_table': 'home_webhookdelivery',
                    'ordering': ['created_at'],
                },
            ),
            migrations.CreateModel(
                name='MediaSettings',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('public_collection', models.ForeignKey(blank=True, help_text='Images and documents are private until a published page uses them. Those in this collection, or in a collection below it, are public at once, used or not.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.collection', verbose_name='collection of public files')),
                ],
                options={
                    'verbose_name': 'public files',
                    'db_table': 'home_mediasettings',
                },
            ),
            migrations.CreateModel(
                name='PageDocumentReference',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('target', models.CharField(db_index=True, max_length=120)),
                    ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='references', to='headless.pagedocument')),
                ],
                options={
                    'db_table': 'home_pagedocumentreference',
                    'constraints': [models.UniqueConstraint(fields=('document', 'target'), name='unique_document_target')],
                },
            ),
            ],
        ),
        migrations.RunPython(to_headless, to_home),
    ]
