"""?after_id=: keyset paging of the pages listing, an addition to stock v2's offset."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from schemes.models import SchemePage

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(tree):
    topic = tree["topic"]
    for number in range(8):
        publish(
            topic.add_child(
                instance=SchemePage(
                    title=f"Ordning {number}", slug=f"ordning-{number}", summary="Kort."
                )
            )
        )
    return tree


def listing(client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 200, response.content
    data = response.json()
    return [item["id"] for item in data["items"]], data["meta"]["total_count"]


@pytest.mark.parametrize("order", ["", "&order=id", "&order=-id"])
def test_after_id_continues_the_listing_where_offset_would(api_client, many, order):
    everything, total = listing(api_client, f"limit=20{order}")
    pages, position = [], None
    while True:
        after = f"&after_id={position}" if position else ""
        ids, after_total = listing(api_client, f"limit=3{order}{after}")
        assert after_total == total
        if not ids:
            break
        pages.extend(ids)
        position = ids[-1]
    assert pages == everything
    assert (
        listing(api_client, f"limit=3&offset=4{order}")[0]
        == listing(api_client, f"limit=3&after_id={everything[3]}{order}")[0]
    )


def test_after_id_costs_the_same_deep_in_the_listing_as_at_its_start(api_client, many):
    everything, _total = listing(api_client, "limit=20&fields=*")
    counts = []
    for position in (everything[0], everything[-3]):
        with CaptureQueriesContext(connection) as queries:
            listing(api_client, f"limit=2&fields=*&after_id={position}")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_without_after_id_the_listing_is_stock_v2s(api_client, many):
    ids, total = listing(api_client, "limit=2&offset=1")
    assert len(ids) == 2
    assert total == len(listing(api_client, "limit=20")[0])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("after_id=abc", "after_id må være et positivt heltall"),
        ("after_id=0", "after_id må være et positivt heltall"),
        ("after_id={scheme}&offset=2", "after_id kan ikke kombineres med offset"),
        ("after_id={scheme}&search=bredbånd", "after_id kan ikke kombineres med search"),
        ("after_id={scheme}&order=title", "after_id virker med standardrekkefølgen"),
        ("after_id=999999", "after_id: ingen offentlig side har id 999999"),
    ],
)
def test_a_bad_after_id_is_a_400_that_says_why(api_client, many, query, message):
    response = api_client.get("/api/v2/pages/?" + query.format(scheme=many["scheme"].pk))
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_a_private_page_cannot_be_paged_after(api_client, many):
    PageViewRestriction.objects.create(
        page=many["scheme"], restriction_type=PageViewRestriction.LOGIN
    )
    response = api_client.get(f"/api/v2/pages/?after_id={many['scheme'].pk}")
    assert response.status_code == 400


def test_the_openapi_document_offers_after_id_on_the_pages_listing_only(api_client):
    document = api_client.get("/api/openapi.json").json()
    names = {
        path: [parameter["name"] for parameter in operation["get"]["parameters"]]
        for path, operation in document["paths"].items()
        if "get" in operation
    }
    assert "after_id" in names["/api/v2/pages/"]
    assert "after_id" not in names["/api/v2/pages/{id}/"]
    assert "after_id" not in names["/api/v2/images/"]
