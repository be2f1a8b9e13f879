"""Stored API documents now keep paths and nest meta.parent as stock Wagtail v2 does: every
document stored before is marked stale, so that it is rebuilt the first time it is read."""

from django.db import migrations
from django.utils import timezone


def mark_stale(apps, schema_editor):
    apps.get_model("home", "PageDocument").objects.update(valid_until=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("home", "0006_media_settings")]

    operations = [migrations.RunPython(mark_stale, migrations.RunPython.noop)]
