"""References to the taxonomies follow them to the taxonomy app; the tables do not change."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('schemes', '0003_application_rounds_amount_and_how_to_apply'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        # Only Django's record changes; the tables and their keys stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='programmepage',
                    name='municipalities',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='taxonomy.municipality', verbose_name='municipalities'),
                ),
                migrations.AlterField(
                    model_name='programmepage',
                    name='owner_organisation',
                    field=models.ForeignKey(blank=True, help_text='The organisation that runs the programme, such as KDD or DOGA.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='taxonomy.organisation', verbose_name='owner'),
                ),
                migrations.AlterField(
                    model_name='programmepage',
                    name='participating_counties',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='taxonomy.county', verbose_name='participating counties'),
                ),
                migrations.AlterField(
                    model_name='programmepage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='taxonomy.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='programmepage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='taxonomy.topic', verbose_name='topics'),
                ),
                migrations.AlterField(
                    model_name='schemepage',
                    name='funding_partners',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Who pays for the scheme together with the county.', related_name='+', to='taxonomy.organisation', verbose_name='funding partners'),
                ),
                migrations.AlterField(
                    model_name='schemepage',
                    name='municipalities',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='taxonomy.municipality', verbose_name='municipalities'),
                ),
                migrations.AlterField(
                    model_name='schemepage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='taxonomy.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='schemepage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='taxonomy.topic', verbose_name='topics'),
                ),
            ],
        ),
    ]
