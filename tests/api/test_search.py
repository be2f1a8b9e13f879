import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get(f"/api/v2/search/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_finds_pages_and_people_with_counts_per_type(api_client, tree):
    data = search(api_client, "?q=bredbånd")
    found = {(item["type"], item["title"]) for item in data["items"]}
    assert ("scheme", "Bredbånd") in found
    assert ("person", "Kjetil Helstad") in found
    assert data["meta"]["counts"]["scheme"] == 1
    assert data["meta"]["counts"]["person"] == 1


def test_snippet_is_escaped_and_highlighted(api_client, tree):
    item = next(
        item for item in search(api_client, "?q=utbygging")["items"] if item["type"] == "scheme"
    )
    assert item["snippet"] == "Tilskudd til <mark>utbygging</mark> av bredbånd."
    assert item["url"] == "https://www.tromsfylke.no/attraktive-samfunn/bredband/"


def test_type_filter_keeps_counts_of_every_type(api_client, tree):
    data = search(api_client, "?q=bredbånd&type=person")
    assert [item["type"] for item in data["items"]] == ["person"]
    assert data["meta"]["counts"]["scheme"] == 1


def test_unpublished_pages_are_not_found(api_client, tree):
    tree["scheme"].unpublish()
    data = search(api_client, "?q=utbygging")
    assert data["items"] == []
    assert data["meta"]["counts"]["scheme"] == 0


def test_drafts_are_not_found(api_client, tree):
    scheme = tree["scheme"]
    scheme.title = "Hemmelig utkast"
    scheme.save_revision()
    assert search(api_client, "?q=hemmelig")["items"] == []


@pytest.mark.parametrize(
    "query",
    ['?q="', "?q=AND OR NOT", '?q=foo" NEAR(bar) -baz*', "?q=", "?q=%C3%A6%C3%B8%C3%A5"],
)
def test_hostile_queries_are_answered(api_client, tree, query):
    assert api_client.get(f"/api/v2/search/{query}").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["?q=" + "x" * 10_000, "?q=" + "ord%20" * 5_000, "?q=a%00b", "?q=a&type=nope", "?q=a&z=1"],
)
def test_oversized_or_malformed_queries_get_a_json_400(api_client, tree, query):
    response = api_client.get(f"/api/v2/search/{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_search_stays_within_the_query_budget(api_client, tree):
    def count(limit):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(f"/api/v2/search/?q=bredbånd&limit={limit}").status_code == 200
        return len(queries)

    # At most nine reads, then the query log: its two upserts in a transaction of their own that
    # waits only briefly for the write lock (four statements around them on SQLite).
    assert count(1) == count(20) <= 9 + 2 + (4 if connection.vendor == "sqlite" else 3)


def test_a_search_with_more_matches_than_are_ranked_says_its_count_is_a_lower_bound(
    api_client, tree, monkeypatch
):
    from search import engine

    whole = api_client.get("/api/v2/search/?q=bredbånd").json()["meta"]
    assert whole["total_count_is_lower_bound"] is False
    assert whole["total_count"] >= 2

    cache.clear()
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 1)
    capped = api_client.get("/api/v2/search/?q=bredbånd").json()["meta"]

    assert capped["total_count_is_lower_bound"] is True
    assert capped["total_count"] == 1
