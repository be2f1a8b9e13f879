from unittest import mock

import PIL.Image
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection

from base.blocks import IMAGE_RENDITIONS
from people.models import Person
from tests.api.conftest import publish

from .conftest import image_upload

pytestmark = pytest.mark.django_db

Image = get_image_model()
RENDITIONS_TABLE = Image.get_rendition_model()._meta.db_table


def upload(editor_client, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Graving i Skjervøy",
                "description": "Graving for fiber",
                "file": image_upload(**kwargs),
                "collection": Collection.get_first_root_node().pk,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Image.objects.get(title="Graving i Skjervøy")


def rendition_inserts(queries):
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith("INSERT") and RENDITIONS_TABLE in query["sql"]
    ]


@pytest.fixture
def no_image_decoding():
    """Fails any attempt to open an image file for decoding."""
    with mock.patch.object(
        PIL.Image, "open", side_effect=AssertionError("an image was decoded")
    ) as opened:
        yield opened


@pytest.fixture
def pictured(editor_client, django_capture_on_commit_callbacks, tree):
    image = upload(editor_client, django_capture_on_commit_callbacks)
    scheme = tree["scheme"]
    scheme.body = [("image", {"image": image, "caption": "Graving"})]
    publish(scheme)
    return image


def test_uploading_an_image_makes_every_api_rendition(
    editor_client, django_capture_on_commit_callbacks
):
    image = upload(editor_client, django_capture_on_commit_callbacks)

    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(IMAGE_RENDITIONS.values())


def test_an_api_request_for_a_page_with_an_image_makes_no_rendition(
    api_client, tree, pictured, no_image_decoding
):
    with CaptureQueriesContext(connection) as queries:
        detail = api_client.get(f"/api/v2/pages/{tree['scheme'].pk}/")
        listing = api_client.get("/api/v2/pages/?type=schemes.SchemePage&fields=*")

    assert detail.status_code == 200
    assert listing.status_code == 200
    value = detail.json()["body"][0]["value"]
    assert set(value["image"]["renditions"]) == set(IMAGE_RENDITIONS)
    assert listing.json()["items"][0]["body"] == detail.json()["body"]
    assert rendition_inserts(queries) == []
    no_image_decoding.assert_not_called()


def test_publishing_a_page_with_an_uploaded_image_decodes_nothing(
    editor_client, django_capture_on_commit_callbacks, tree
):
    image = upload(editor_client, django_capture_on_commit_callbacks)
    scheme = tree["scheme"]
    scheme.body = [("image", {"image": image, "caption": "Graving"})]

    with (
        mock.patch.object(PIL.Image, "open", side_effect=AssertionError("decoded")) as opened,
        CaptureQueriesContext(connection) as queries,
    ):
        publish(scheme)

    assert rendition_inserts(queries) == []
    opened.assert_not_called()


def test_the_people_endpoint_makes_no_rendition_of_an_uploaded_photo(
    api_client, editor_client, django_capture_on_commit_callbacks
):
    image = upload(editor_client, django_capture_on_commit_callbacks)
    Person.objects.create(name="Kjetil Helstad", email="kjetil@example.no", photo=image)

    with (
        mock.patch.object(PIL.Image, "open", side_effect=AssertionError("decoded")) as opened,
        CaptureQueriesContext(connection) as queries,
    ):
        response = api_client.get("/api/v2/people/")

    assert response.status_code == 200
    assert set(response.json()["items"][0]["photo"]["renditions"]) == set(IMAGE_RENDITIONS)
    assert rendition_inserts(queries) == []
    opened.assert_not_called()


def test_replacing_an_image_file_renews_renditions_and_the_pages_showing_them(
    api_client, editor_client, django_capture_on_commit_callbacks, tree, pictured
):
    old = api_client.get(f"/api/v2/pages/{tree['scheme'].pk}/").json()
    old_url = old["body"][0]["value"]["image"]["renditions"]["large"]["url"]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtailimages:edit", args=[pictured.pk]),
            {
                "title": pictured.title,
                "description": pictured.description,
                "file": image_upload(name="nytt.png", size=(800, 400), colour="red"),
                "collection": pictured.collection_id,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert set(pictured.renditions.values_list("filter_spec", flat=True)) == set(
        IMAGE_RENDITIONS.values()
    )
    large = api_client.get(f"/api/v2/pages/{tree['scheme'].pk}/").json()["body"][0]["value"][
        "image"
    ]["renditions"]["large"]
    assert large["url"] != old_url
    assert (large["width"], large["height"]) == (800, 400)
    assert pictured.renditions.filter(file__endswith=large["url"].rsplit("/", 1)[1]).exists()
    name = large["url"].split("/media/", 1)[1]
    assert default_storage.exists(name)
