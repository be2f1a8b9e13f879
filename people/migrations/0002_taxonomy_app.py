"""References to the taxonomies follow them to the taxonomy app; the tables do not change."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        # Only Django's record changes; the tables and their keys stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='person',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to='taxonomy.topic', verbose_name='topics'),
                ),
            ],
        ),
    ]
