import hashlib
import json

from django.db import migrations

BATCH_SIZE = 500


def _rewrite(apps, indent):
    PageDocument = apps.get_model("headless", "PageDocument")
    changed = []
    for document in PageDocument.objects.only("page_id", "payload").iterator(BATCH_SIZE):
        if indent:
            text = json.dumps(json.loads(document.payload), ensure_ascii=False, indent=indent)
        else:
            text = json.dumps(
                json.loads(document.payload), ensure_ascii=False, separators=(",", ":")
            )
        if text != document.payload:
            document.payload = text
            document.version = hashlib.sha256(text.encode()).hexdigest()
            changed.append(document)
        if len(changed) >= BATCH_SIZE:
            PageDocument.objects.bulk_update(changed, ["payload", "version"])
            changed = []
    PageDocument.objects.bulk_update(changed, ["payload", "version"])


def to_api_layout(apps, schema_editor):
    """Stored documents take the layout of the API's answers (indented by four spaces), from
    which answers are cut without parsing them (see headless.documents.StoredDocument)."""
    _rewrite(apps, indent=4)


def to_compact_layout(apps, schema_editor):
    _rewrite(apps, indent=None)


class Migration(migrations.Migration):
    dependencies = [
        ("headless", "0004_page_listing_index"),
    ]

    operations = [
        migrations.RunPython(to_api_layout, to_compact_layout, elidable=True),
    ]
