"""References to the taxonomies follow them to the taxonomy app; the tables do not change."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('strategy', '0004_orderable_tie_breaker'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        # Only Django's record changes; the tables and their keys stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='meeting',
                    name='municipality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='taxonomy.municipality', verbose_name='municipality'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='taxonomy.region', verbose_name='region'),
                ),
                migrations.AlterField(
                    model_name='strategypage',
                    name='industries',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to='taxonomy.industry', verbose_name='industries'),
                ),
                migrations.AlterField(
                    model_name='strategypage',
                    name='meeting_partners',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text='The councils the meetings are held together with.', to='taxonomy.organisation', verbose_name='meeting partners'),
                ),
            ],
        ),
    ]
