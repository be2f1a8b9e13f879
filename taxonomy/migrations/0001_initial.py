"""The taxonomies, made in the home app, now in an app of their own: same tables, same rows."""

import django.core.validators
import django.db.models.deletion
import modelsearch.index
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


MODELS = ['county', 'region', 'municipality', 'organisation', 'industry', 'topic']


def to_taxonomy(apps, schema_editor):
    move_content_types(apps, schema_editor, MODELS, "home", "taxonomy")
    # Stored API documents name what they show by model label, so that a change rebuilds them.
    Reference = apps.get_model("headless", "PageDocumentReference")
    db = schema_editor.connection.alias
    for model in MODELS:
        for reference in Reference.objects.using(db).filter(target__startswith=f"home.{model}:"):
            reference.target = "taxonomy." + reference.target.removeprefix("home.")
            reference.save(update_fields=["target"])


def to_home(apps, schema_editor):
    move_content_types(apps, schema_editor, MODELS, "taxonomy", "home")
    Reference = apps.get_model("headless", "PageDocumentReference")
    db = schema_editor.connection.alias
    for model in MODELS:
        for reference in Reference.objects.using(db).filter(
            target__startswith=f"taxonomy.{model}:"
        ):
            reference.target = "home." + reference.target.removeprefix("taxonomy.")
            reference.save(update_fields=["target"])


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0007_page_documents_keep_paths'),
        ('headless', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # The tables stay where the home app made them (Meta.db_table): only Django's
        # idea of which app holds the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='County',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                    ('slug', models.SlugField(max_length=255, unique=True, verbose_name='slug')),
                    ('number', models.CharField(max_length=2, unique=True, validators=[django.core.validators.RegexValidator('^\\d{2}$', 'A county number has two digits, for example 55.')], verbose_name='county number')),
                ],
                options={
                    'verbose_name': 'county',
                    'verbose_name_plural': 'counties',
                    'db_table': 'home_county',
                    'ordering': ['name'],
                    'abstract': False,
                },
                bases=(modelsearch.index.Indexed, models.Model),
            ),
            migrations.CreateModel(
                name='Industry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                    ('slug', models.SlugField(max_length=255, unique=True, verbose_name='slug')),
                ],
                options={
                    'verbose_name': 'industry',
                    'verbose_name_plural': 'industries',
                    'db_table': 'home_industry',
                    'ordering': ['name'],
                    'abstract': False,
                },
                bases=(modelsearch.index.Indexed, models.Model),
            ),
            migrations.CreateModel(
                name='Region',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                    ('slug', models.SlugField(max_length=255, unique=True, verbose_name='slug')),
                    ('alternative_name', models.CharField(blank=True, help_text='Another name the region is known by, such as Hålogaland for Sør-Troms.', max_length=255, verbose_name='alternative name')),
                ],
                options={
                    'verbose_name': 'region',
                    'verbose_name_plural': 'regions',
                    'db_table': 'home_region',
                    'ordering': ['name'],
                    'abstract': False,
                },
                bases=(modelsearch.index.Indexed, models.Model),
            ),
            migrations.CreateModel(
                name='Topic',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                    ('slug', models.SlugField(max_length=255, unique=True, verbose_name='slug')),
                ],
                options={
                    'verbose_name': 'topic',
                    'verbose_name_plural': 'topics',
                    'db_table': 'home_topic',
                    'ordering': ['name'],
                    'abstract': False,
                },
                bases=(modelsearch.index.Indexed, models.Model),
            ),
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                    ('slug', models.SlugField(max_length=255, unique=True, verbose_name='slug')),
                    ('short_name', models.CharField(blank=True, help_text='For example KDD or DOGA.', max_length=50, verbose_name='short name')),
                    ('kind', models.CharField(choices=[('county_authority', 'County authority'), ('regional_council', 'Regional council'), ('ministry', 'Ministry'), ('state', 'The state'), ('agency', 'Government agency'), ('education', 'Education and research'), ('other', 'Other')], default='other', max_length=30, verbose_name='kind')),
                    ('url', models.URLField(blank=True, verbose_name='web address')),
                    ('region', models.ForeignKey(blank=True, help_text='The region a regional council serves.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='organisations', to='taxonomy.region', verbose_name='region')),
                ],
                options={
                    'verbose_name': 'organisation',
                    'verbose_name_plural': 'organisations',
                    'db_table': 'home_organisation',
                    'ordering': ['name'],
                    'abstract': False,
                },
                bases=(modelsearch.index.Indexed, models.Model),
            ),
            migrations.CreateModel(
                name='Municipality',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                    ('slug', models.SlugField(max_length=255, unique=True, verbose_name='slug')),
                    ('number', models.CharField(help_text='The official four-digit municipality number.', max_length=4, unique=True, validators=[django.core.validators.RegexValidator('^\\d{4}$', 'A municipality number has four digits, for example 5501.')], verbose_name='municipality number')),
                    ('official_name', models.CharField(blank=True, help_text='The full official name, including Sami and Kven names where they apply.', max_length=255, verbose_name='official name')),
                    ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='municipalities', to='taxonomy.region', verbose_name='region')),
                ],
                options={
                    'verbose_name': 'municipality',
                    'verbose_name_plural': 'municipalities',
                    'db_table': 'home_municipality',
                    'ordering': ['name'],
                    'abstract': False,
                },
                bases=(modelsearch.index.Indexed, models.Model),
            ),
            ],
        ),
        migrations.RunPython(to_taxonomy, to_home),
    ]
