import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_collection():
    root = Collection.get_first_root_node()
    return root.add_child(name="Interne bilder")


@pytest.fixture
def pictured(tree):
    image = get_image_model().objects.create(
        title="Bredbåndsutbygging", file=get_test_image_file(), description="Graving"
    )
    scheme = tree["scheme"]
    scheme.body = [("image", {"image": image, "caption": "Graving i Skjervøy"})]
    publish(scheme)
    return image


def body(client, page):
    return client.get(f"/api/v2/pages/{page.pk}/").json()["body"]


def test_an_image_shows_as_renditions_with_alt_text(api_client, tree, pictured):
    value = body(api_client, tree["scheme"])[0]["value"]
    assert value["caption"] == "Graving i Skjervøy"
    assert value["image"]["alt"] == "Graving"
    large = value["image"]["renditions"]["large"]
    assert large["url"].startswith("http://127.0.0.1:8000/media/images/")
    assert large["width"] > 0 and large["height"] > 0


def test_an_image_moved_into_a_private_collection_vanishes(
    api_client, tree, pictured, private_collection
):
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    pictured.collection = private_collection
    pictured.save()
    assert body(api_client, tree["scheme"]) == []
    listing = api_client.get("/api/v2/images/").json()
    assert listing["meta"]["total_count"] == 0
    assert api_client.get(f"/api/v2/images/{pictured.pk}/").status_code == 404


def test_restricting_a_collection_hides_its_images_from_pages(
    api_client, tree, pictured, private_collection
):
    pictured.collection = private_collection
    pictured.save()
    assert len(body(api_client, tree["scheme"])) == 1
    restriction = CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert body(api_client, tree["scheme"]) == []
    restriction.delete()
    assert len(body(api_client, tree["scheme"])) == 1
