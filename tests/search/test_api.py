"""``/api/v2/search/``: results, promotions, the query log and hostile queries."""

import pytest
from django.conf import settings
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from search.models import QueryWithoutResults
from tests.factories import SchemePageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def search(client, **parameters):
    response = client.get("/api/v2/search/", parameters)
    assert response.status_code == 200, response.content
    return response.json()


def promote(query_string, page=None, **fields):
    query = Query.get(query_string)
    return SearchPromotion.objects.create(query=query, page=page, **fields)


def test_results_have_the_documented_shape(api_client, tree):
    data = search(api_client, q="bredbåndet")
    assert data["meta"]["query"] == "bredbåndet"
    assert set(data["meta"]["counts"]) == {
        "page",
        "scheme",
        "programme",
        "person",
        "document",
        "link",
    }
    first = data["items"][0]
    assert first == {
        "type": "scheme",
        "id": tree["scheme"].pk,
        "title": "Bredbånd",
        "url": "https://www.tromsfylke.no/attraktive-samfunn/bredband/",
        "snippet": "Tilskudd til utbygging av <mark>bredbånd</mark>.",
        "promoted": False,
        "detail_url": f"{settings.API_BASE_URL}/api/v2/pages/{tree['scheme'].pk}/",
    }
    person = next(item for item in data["items"] if item["type"] == "person")
    assert person["email"] == "kjetil@example.no"
    assert person["url"] is None


def test_pagination_and_type_filter(api_client, tree):
    for number in range(5):
        publish(
            SchemePageFactory(
                parent=tree["topic"],
                title=f"Tilskudd {number}",
                summary="Tilskudd til bredbånd i bygdene.",
            )
        )
    everything = search(api_client, q="bredbånd")
    assert everything["meta"]["counts"]["scheme"] == 6
    schemes = search(api_client, q="bredbånd", type="scheme", limit=2, offset=2)
    assert schemes["meta"]["total_count"] == 6
    assert [item["type"] for item in schemes["items"]] == ["scheme", "scheme"]
    ordered = [item["id"] for item in search(api_client, q="bredbånd", type="scheme")["items"]]
    assert [item["id"] for item in schemes["items"]] == ordered[2:4]
    both = search(api_client, q="bredbånd", type=["scheme", "person"])
    assert {item["type"] for item in both["items"]} == {"scheme", "person"}


def test_promoted_results_come_first_once_and_only_while_public(api_client, tree):
    topic = tree["topic"]
    promote("tilskudd", page=topic, description="Alle tilskudd på ett sted.")
    promote(
        "tilskudd",
        external_link_url="https://www.regjeringen.no/tilskudd/",
        external_link_text="Tilskudd fra staten",
    )
    items = search(api_client, q="tilskudd")["items"]
    assert [(item["type"], item["title"], item["promoted"]) for item in items[:3]] == [
        ("page", "Attraktive samfunn", True),
        ("link", "Tilskudd fra staten", True),
        ("scheme", "Bredbånd", False),
    ]
    assert items[0]["snippet"] == "Alle tilskudd på ett sted."
    assert items[1]["id"] is None and items[1]["url"] == "https://www.regjeringen.no/tilskudd/"
    assert [item["title"] for item in items].count("Attraktive samfunn") == 1
    # Promotions follow the inflected forms of their query.
    assert search(api_client, q="Tilskuddene!")["items"][0]["promoted"] is True

    topic.unpublish()
    items = search(api_client, q="tilskudd")["items"]
    assert "Attraktive samfunn" not in [item["title"] for item in items]
    assert items[0]["type"] == "link"


def test_searches_are_logged_and_those_without_results_counted(api_client, tree):
    search(api_client, q="bredbånd")
    search(api_client, q="Bredbånd!")
    search(api_client, q="bredbånd", offset=1)  # paging on is not a new search
    # Different addresses: the response cache answers a repeat of the same one.
    search(api_client, q="fjellski")
    search(api_client, q="Fjellski")
    assert Query.objects.get(query_string="bredbånd").hits == 2
    assert Query.objects.get(query_string="fjellski").hits == 2
    assert list(QueryWithoutResults.objects.values_list("query__query_string", "hits")) == [
        ("fjellski", 2)
    ]
    assert QueryDailyHits.objects.count() == 2


QUIRKY_QUERIES = [
    '"',
    '"bredbånd',
    "bredbånd*",
    "*",
    "AND OR NOT",
    "NEAR(bredbånd utbygging)",
    "{title_stems}: bredbånd",
    "title_stems:bredbånd",
    "^bredbånd",
    "bredbånd & !tilskudd | (x)",
    "'; DROP TABLE search_searchentry; --",
    "\\ \\\\ '' \"\"",
    "ﷺ 😀 \u202e bredbånd",
    "a" * 200,
    "ord " * 32,
    "-",
    "%",
    "_",
]


@pytest.mark.parametrize("query", QUIRKY_QUERIES)
def test_odd_queries_are_answered(api_client, tree, query):
    search(api_client, q=query)


@pytest.mark.parametrize(
    "query",
    ["x" * 201, "x" * 10_000, "ord " * 33, "ord " * 5_000, "a\x00b", "\x00"],
)
def test_queries_over_the_caps_get_a_json_400(api_client, tree, query):
    response = api_client.get("/api/v2/search/", {"q": query})
    assert response.status_code == 400
    assert response.json()["message"]


def test_the_caps_are_documented(api_client):
    document = api_client.get("/api/openapi.json").json()
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/api/v2/search/"]["get"]["parameters"]
    }
    assert parameters["q"]["schema"]["maxLength"] == 200
    assert "32 words" in parameters["q"]["schema"]["description"]
