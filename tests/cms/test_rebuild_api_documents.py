import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home import notify
from home.blocks import IMAGE_RENDITIONS
from home.models import ContentVersion, PageDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_announcers(monkeypatch):
    # The command waits for the announcer threads; a test elsewhere may leave one unstarted.
    monkeypatch.setattr(notify, "_threads", [])


def rebuild():
    out, err = StringIO(), StringIO()
    call_command("rebuild_api_documents", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuilding_replaces_stale_documents_and_refreshes_cached_responses(api_client, tree):
    url = f"/api/v2/pages/{tree['scheme'].pk}/"
    before = api_client.get(url)
    PageDocument.objects.update(payload=json.dumps({"id": tree["scheme"].pk, "stale": True}))
    version = ContentVersion.objects.get().number

    out, _ = rebuild()

    after = api_client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json() == before.json()
    assert ContentVersion.objects.get().number > version
    documents = PageDocument.objects.count()
    assert documents == 3
    assert out.startswith(f"{documents} dokumenter bygget på nytt")


def test_rebuilding_removes_documents_of_pages_no_longer_public(api_client, tree):
    tree["scheme"].unpublish()
    PageDocument.objects.all().delete()

    rebuild()

    assert not PageDocument.objects.filter(page_id=tree["scheme"].pk).exists()
    assert PageDocument.objects.filter(page_id=tree["topic"].pk).exists()


def test_rebuilding_makes_missing_renditions_once(db):
    image = get_image_model().objects.create(title="Kart", file=get_test_image_file())
    assert not image.renditions.exists()

    first, _ = rebuild()
    second, _ = rebuild()

    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(
        IMAGE_RENDITIONS.values()
    )
    assert first.strip().endswith(f"{len(IMAGE_RENDITIONS)} bildeversjoner laget.")
    assert second.strip().endswith("0 bildeversjoner laget.")


def test_an_image_that_cannot_be_decoded_is_reported_and_the_rest_goes_on(db, home_page):
    broken = get_image_model().objects.create(title="Ødelagt", file=get_test_image_file())
    with broken.file.storage.open(broken.file.name, "wb") as file:
        file.write(b"not an image")

    out, err = rebuild()

    assert "dokumenter bygget på nytt" in out
    assert str(broken.pk) in err
