import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_public_responses_carry_validators_and_public_caching(api_client, tree):
    response = api_client.get(f"/api/v2/pages/{tree['scheme'].pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "stale-while-revalidate=" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_a_matching_etag_gets_304_after_one_query(api_client, tree):
    url = f"/api/v2/pages/{tree['scheme'].pk}/"
    etag = api_client.get(url)["ETag"]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert len(queries) <= 1
    assert response["ETag"] == etag


def test_a_repeated_request_is_served_from_the_shared_cache(api_client, tree):
    url = "/api/v2/schemes/?fields=*"
    first = api_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = api_client.get(url)
    assert second.content == first.content
    assert len(queries) == 1


def test_after_a_publish_the_old_etag_gets_fresh_content(api_client, tree):
    scheme = tree["scheme"]
    url = f"/api/v2/pages/{scheme.pk}/"
    old = api_client.get(url)
    scheme.title = "Bredbånd til alle"
    publish(scheme)
    response = api_client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
    assert response.status_code == 200
    assert response.json()["title"] == "Bredbånd til alle"
    assert response["ETag"] != old["ETag"]
    listing = api_client.get("/api/v2/schemes/").json()
    assert [item["title"] for item in listing["items"]] == ["Bredbånd til alle"]


def test_changing_a_snippet_refreshes_cached_responses(api_client, tree):
    url = "/api/v2/schemes/?fields=contacts"
    api_client.get(url)
    person = tree["person"]
    person.name = "Kjetil Helstad jr."
    person.save()
    item = api_client.get(url).json()["items"][0]
    assert item["contacts"][0]["value"]["person"]["name"] == "Kjetil Helstad jr."


def test_a_page_that_expires_drops_out_of_cached_listings_on_time(api_client, tree, monkeypatch):
    scheme = tree["scheme"]
    scheme.expire_at = timezone.now() + datetime.timedelta(hours=1)
    publish(scheme)
    assert api_client.get("/api/v2/schemes/").json()["meta"]["total_count"] == 1
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert api_client.get("/api/v2/schemes/").json()["meta"]["total_count"] == 0


def test_errors_are_not_cached(api_client, tree):
    response = api_client.get("/api/v2/pages/?limit=abc")
    assert response.status_code == 400
    assert "ETag" not in response


def test_signed_in_responses_are_private(client, tree, django_user_model):
    user = django_user_model.objects.create_superuser("redaktor", "r@example.no", "passord123")
    client.force_login(user)
    response = client.get("/admin/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_find_redirect_is_served_from_the_shared_cache(api_client, tree):
    url = "/api/v2/pages/find/?html_path=/attraktive-samfunn/bredband/"
    first = api_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = api_client.get(url)

    assert first.status_code == 302
    assert f"/api/v2/pages/{tree['scheme'].pk}/" in first["Location"]
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == first["Cache-Control"]
    assert len(queries) == 1


def test_a_find_redirect_follows_a_move_of_the_page(api_client, tree):
    url = "/api/v2/pages/find/?html_path=/attraktive-samfunn/bredband/"
    assert api_client.get(url).status_code == 302
    scheme = tree["scheme"]
    scheme.slug = "bredband-til-alle"
    publish(scheme)

    assert api_client.get(url).status_code == 404
    moved = api_client.get("/api/v2/pages/find/?html_path=/attraktive-samfunn/bredband-til-alle/")
    assert moved.status_code == 302


def test_errors_are_not_kept(api_client, tree):
    url = "/api/v2/pages/find/?html_path=/finnes-ikke/"
    assert api_client.get(url).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(url).status_code == 404
    assert len(queries) > 1


def test_an_indent_asked_for_in_accept_is_cached_apart(api_client, tree):
    url = f"/api/v2/pages/{tree['scheme'].pk}/"
    default = api_client.get(url)
    indented = api_client.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert indented.content != default.content
    assert indented.content.startswith(b'{\n  "id"')
    assert indented["ETag"] != default["ETag"]
    assert api_client.get(url).content == default.content
    assert api_client.get(url, HTTP_ACCEPT="application/json; indent=2").content == (
        indented.content
    )
