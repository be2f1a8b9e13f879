"""?order= gives one total order: pages after pages keep it, and no row comes twice.

PostgreSQL returns rows that tie on the ordered columns in any order, and may return them in
another order for another offset; the id breaks every tie, searching or not.
"""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from headless.models import MediaSettings
from schemes.models import SchemePage

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesakes(tree):
    """Ids of three published schemes that share a title, in id order, stored in another."""
    ids = []
    for number in range(3):
        scheme = tree["topic"].add_child(
            instance=SchemePage(title="Tilskudd", slug=f"tilskudd-{number}", summary="Støtte.")
        )
        ids.append(publish(scheme).pk)
    # Rewriting the first row puts it last in PostgreSQL's storage: an order left to the
    # database would now differ from the order of the ids.
    publish(SchemePage.objects.get(pk=ids[0]))
    return ids


def page_by_page(client, endpoint, query, count):
    """The ids of ``count`` results, asked for one at a time as a client pages through them."""
    seen = []
    for offset in range(count):
        response = client.get(f"/api/v2/{endpoint}/", {**query, "limit": 1, "offset": offset})
        assert response.status_code == 200, response.content
        seen += [item["id"] for item in response.json()["items"]]
    return seen


@pytest.mark.parametrize("order", ["title", "-title", "-first_published_at,title"])
def test_search_results_with_the_same_title_come_in_id_order_page_after_page(
    api_client, namesakes, order
):
    query = {
        "type": "schemes.SchemePage",
        "title": "Tilskudd",
        "search": "tilskudd",
        "order": order,
    }
    if order.startswith("-first_published_at"):
        # One publishing time for all three, so that only the title and the id are left.
        SchemePage.objects.filter(pk__in=namesakes).update(
            first_published_at=SchemePage.objects.get(pk=namesakes[0]).first_published_at
        )

    assert page_by_page(api_client, "pages", query, 3) == namesakes


def test_search_results_are_ordered_by_an_indexed_field_of_the_page_type(api_client, namesakes):
    SchemePage.objects.filter(pk=namesakes[2]).update(status="open")

    query = {
        "type": "schemes.SchemePage",
        "title": "Tilskudd",
        "search": "tilskudd",
        "order": "-status",
    }

    assert page_by_page(api_client, "pages", query, 3) == [namesakes[2], *namesakes[:2]]


def test_search_results_cannot_be_ordered_by_a_field_the_index_does_not_keep(api_client, tree):
    response = api_client.get("/api/v2/pages/", {"search": "bredbånd", "order": "-slug"})

    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("kan ikke sortere søkeresultater etter")
    assert "-slug" in message
    assert message.endswith("velg en av id, title, show_in_menus, first_published_at")


def test_search_results_cannot_be_ordered_randomly(api_client, tree):
    response = api_client.get("/api/v2/pages/", {"search": "bredbånd", "order": "random"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "tilfeldig rekkefølge (random) kan ikke kombineres med søk"
    }


@pytest.mark.parametrize("endpoint", ["images", "documents"])
@pytest.mark.parametrize("order", ["tags", "-tags", "title,tags"])
def test_images_and_documents_cannot_be_ordered_by_their_tags(api_client, tree, endpoint, order):
    """Ordering by a many-valued field would list an item once for each of its tags."""
    # In the collection whose files are public without a page using them (see headless.media).
    public = MediaSettings.load().public_collection
    if endpoint == "images":
        item = get_image_model().objects.create(
            title="Kai", file=get_test_image_file(), collection=public
        )
    else:
        item = get_document_model().objects.create(
            title="Søknadsskjema",
            file=ContentFile(b"Skjema", name="skjema.txt"),
            collection=public,
        )
    item.tags.add("bredbånd", "fiber", "utbygging")

    response = api_client.get(f"/api/v2/{endpoint}/", {"order": order})

    assert response.status_code == 400
    assert response.json()["message"].startswith("kan ikke sortere etter")
    # Filtering by tags is still offered.
    listed = api_client.get(f"/api/v2/{endpoint}/", {"tags": "fiber"}).json()
    assert [found["id"] for found in listed["items"]] == [item.pk]


@pytest.mark.parametrize("query", [{"order": "title"}, {"order": "-title", "search": "kai"}])
def test_images_with_the_same_title_come_in_id_order_page_after_page(api_client, tree, query):
    images = get_image_model()
    public = MediaSettings.load().public_collection
    ids = [
        images.objects.create(title="Kai", file=get_test_image_file(), collection=public).pk
        for _ in range(3)
    ]
    images.objects.filter(pk=ids[0]).update(title="Kai")

    assert page_by_page(api_client, "images", query, 3) == ids
