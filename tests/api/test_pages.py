import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from headless.models import PageDocument
from schemes.models import SchemePage

from .conftest import publish

pytestmark = pytest.mark.django_db


def detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def listing_ids(client, query=""):
    response = client.get(f"/api/v2/pages/?limit=100{query}")
    assert response.status_code == 200, response.content
    data = response.json()
    return [item["id"] for item in data["items"]], data["meta"]["total_count"]


def test_detail_expands_taxonomies_and_contacts(api_client, tree):
    data = detail(api_client, tree["scheme"])
    assert data["municipalities"] == [
        {
            "id": tree["municipality"].pk,
            "name": "Skjervøy",
            "slug": "skjervoy",
            "number": "5542",
            "official_name": "",
            "region": {
                "id": tree["region"].pk,
                "name": "Nord-Troms",
                "slug": "nord-troms",
                "alternative_name": "",
            },
        }
    ]
    person = data["contacts"][0]["value"]["person"]
    assert person["name"] == "Kjetil Helstad"
    assert person["email"] == "kjetil@example.no"
    assert data["topics"][0]["name"] == "Bredbånd"


def test_detail_links_to_the_county_site_with_breadcrumbs(api_client, tree, settings):
    data = detail(api_client, tree["scheme"])
    assert data["meta"]["html_url"] == "https://www.tromsfylke.no/attraktive-samfunn/bredband/"
    assert [crumb["title"] for crumb in data["meta"]["breadcrumbs"]] == [
        "Troms næringsportal",
        "Attraktive samfunn",
    ]
    assert data["meta"]["parent"]["id"] == tree["topic"].pk
    assert data["meta"]["parent"]["meta"]["type"] == "home.TopicPage"
    # API links are on API_BASE_URL, whatever host the request came in on.
    detail_url = f"{settings.API_BASE_URL}/api/v2/pages/{tree['scheme'].pk}/"
    assert data["meta"]["detail_url"] == detail_url


def test_stream_field_references_are_resolved_not_ids(api_client, tree):
    section = detail(api_client, tree["topic"])["sections"][0]["value"]
    assert section["cards"] == [
        {
            "id": tree["scheme"].pk,
            "title": "Bredbånd",
            "type": "schemes.SchemePage",
            "url": "https://www.tromsfylke.no/attraktive-samfunn/bredband/",
        }
    ]
    assert section["contacts"]["contacts"][0]["person"]["name"] == "Kjetil Helstad"
    assert 'href="/attraktive-samfunn/bredband/"' in section["text"]


def test_a_draft_does_not_reach_the_api(api_client, tree):
    scheme = tree["scheme"]
    scheme.title = "Utkast som ikke er publisert"
    scheme.save_revision()
    assert detail(api_client, scheme)["title"] == "Bredbånd"
    ids, _ = listing_ids(api_client, "&search=Utkast")
    assert ids == []


def test_an_unpublished_page_disappears_everywhere(api_client, tree):
    scheme = tree["scheme"]
    ids_before, count_before = listing_ids(api_client)
    scheme.unpublish()
    assert api_client.get(f"/api/v2/pages/{scheme.pk}/").status_code == 404
    ids_after, count_after = listing_ids(api_client)
    assert scheme.pk in ids_before
    assert scheme.pk not in ids_after
    assert count_after == count_before - 1
    section = detail(api_client, tree["topic"])["sections"][0]["value"]
    assert section["cards"] == []
    assert "href" not in section["text"]
    assert "bredbånd</a>" in section["text"]
    find = api_client.get("/api/v2/pages/find/?html_path=/attraktive-samfunn/bredband/")
    assert find.status_code == 404


def test_a_private_page_and_its_references_are_hidden(api_client, tree):
    topic, scheme = tree["topic"], tree["scheme"]
    PageViewRestriction.objects.create(
        page=scheme, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    assert api_client.get(f"/api/v2/pages/{scheme.pk}/").status_code == 404
    assert scheme.pk not in listing_ids(api_client)[0]
    assert detail(api_client, topic)["sections"][0]["value"]["cards"] == []
    PageViewRestriction.objects.filter(page=scheme).delete()
    assert detail(api_client, topic)["sections"][0]["value"]["cards"][0]["id"] == scheme.pk


def test_a_restriction_hides_the_whole_subtree(api_client, tree):
    PageViewRestriction.objects.create(
        page=tree["topic"], restriction_type=PageViewRestriction.LOGIN
    )
    ids, _ = listing_ids(api_client)
    assert ids == [tree["home"].pk]


def test_an_expired_page_is_hidden_before_the_scheduler_runs(api_client, tree):
    scheme = tree["scheme"]
    SchemePage.objects.filter(pk=scheme.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert api_client.get(f"/api/v2/pages/{scheme.pk}/").status_code == 404
    assert scheme.pk not in listing_ids(api_client)[0]


def test_a_reference_to_a_page_that_expires_goes_stale_at_expiry(api_client, tree):
    scheme = tree["scheme"]
    expiry = timezone.now() + datetime.timedelta(hours=1)
    scheme.expire_at = expiry
    publish(scheme)
    document = PageDocument.objects.get(page=tree["topic"])
    assert document.valid_until == expiry


def test_changing_a_person_refreshes_every_page_that_shows_them(api_client, tree):
    person = tree["person"]
    person.name = "Kjetil Helstad-Nilsen"
    person.save()
    section = detail(api_client, tree["topic"])["sections"][0]["value"]
    assert section["contacts"]["contacts"][0]["person"]["name"] == "Kjetil Helstad-Nilsen"
    scheme = detail(api_client, tree["scheme"])
    assert scheme["contacts"][0]["value"]["person"]["name"] == "Kjetil Helstad-Nilsen"


def test_renaming_a_municipality_refreshes_pages_that_cover_it(api_client, tree):
    municipality = tree["municipality"]
    municipality.name = "Skjervøy kommune"
    municipality.save()
    assert detail(api_client, tree["scheme"])["municipalities"][0]["name"] == "Skjervøy kommune"


def test_retitling_a_parent_refreshes_breadcrumbs_of_children(api_client, tree):
    topic = tree["topic"]
    topic.title = "Attraktive lokalsamfunn"
    publish(topic)
    crumbs = detail(api_client, tree["scheme"])["meta"]["breadcrumbs"]
    assert crumbs[-1]["title"] == "Attraktive lokalsamfunn"


def test_moving_a_page_refreshes_its_address(api_client, tree, home_page):
    scheme = tree["scheme"]
    scheme.move(home_page, pos="last-child")
    data = detail(api_client, SchemePage.objects.get(pk=scheme.pk))
    assert data["meta"]["html_url"] == "https://www.tromsfylke.no/bredband/"
    assert data["meta"]["parent"]["id"] == home_page.pk


def test_deleting_a_page_removes_it_from_cards(api_client, tree):
    tree["scheme"].delete()
    assert detail(api_client, tree["topic"])["sections"][0]["value"]["cards"] == []


def test_fields_parameter_selects_fields(api_client, tree):
    response = api_client.get("/api/v2/pages/?type=schemes.SchemePage&fields=_,title,summary")
    assert response.json()["items"] == [
        {
            "id": tree["scheme"].pk,
            "title": "Bredbånd",
            "summary": "Tilskudd til utbygging av bredbånd.",
        }
    ]


def test_filters_on_fields_of_one_page_type(api_client, tree):
    ids, total = listing_ids(api_client, "&type=schemes.SchemePage&status=continuous")
    assert ids == [tree["scheme"].pk]
    ids, total = listing_ids(api_client, "&type=schemes.SchemePage&status=open")
    assert (ids, total) == ([], 0)


def test_find_by_path_redirects_to_the_detail_at_the_apis_address(api_client, tree, settings):
    response = api_client.get("/api/v2/pages/find/?html_path=/attraktive-samfunn/bredband/")
    assert response.status_code == 302
    # Where the API is reached from outside, not the Site record's "localhost".
    assert settings.WAGTAILAPI_BASE_URL == settings.API_BASE_URL != "http://localhost"
    detail = f"{settings.API_BASE_URL}/api/v2/pages/{tree['scheme'].pk}/"
    assert response["Location"].startswith(detail)


def test_redirects_to_hidden_pages_are_not_served(api_client, tree):
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/bredband", redirect_page=tree["scheme"])
    Redirect.objects.create(old_path="/gammel", redirect_link="https://www.regjeringen.no/")
    assert api_client.get("/api/v2/redirects/").json()["meta"]["total_count"] == 2
    tree["scheme"].unpublish()
    assert api_client.get("/api/v2/redirects/").json()["meta"]["total_count"] == 1
    found = api_client.get("/api/v2/redirects/find/?html_path=/bredband")
    assert found.status_code == 404


def test_deferred_rebuilds_run_once_at_the_end(api_client, tree, monkeypatch):
    from headless import documents

    built = []
    original = documents.rebuild_batch
    monkeypatch.setattr(
        documents,
        "rebuild_batch",
        lambda pages, **kw: built.extend(p.pk for p in pages) or original(pages, **kw),
    )
    scheme = tree["scheme"]
    with documents.deferred_rebuilds():
        for title in ("Bredbånd 1", "Bredbånd 2"):
            scheme.title = title
            publish(scheme)
        assert built == []
    # The topic showing the scheme is the background worker's, which runs at once in tests.
    assert built == [scheme.pk]
    assert detail(api_client, tree["topic"])["sections"][0]["value"]["cards"][0]["title"] == (
        "Bredbånd 2"
    )


@pytest.mark.parametrize("order", ["title", "-title", "title,-show_in_menus"])
def test_pages_with_the_same_title_come_in_id_order_page_after_page(api_client, tree, order):
    topic = tree["topic"]
    ids = []
    for number in range(3):
        scheme = topic.add_child(
            instance=SchemePage(title="Tilskudd", slug=f"tilskudd-{number}", summary="Støtte.")
        )
        ids.append(publish(scheme).pk)
    # Rewriting the first row puts it last in PostgreSQL's storage: an order left to the
    # database would now differ from the order of the ids.
    publish(SchemePage.objects.get(pk=ids[0]))

    seen = []
    for offset in range(3):
        response = api_client.get(
            "/api/v2/pages/",
            {
                "type": "schemes.SchemePage",
                "title": "Tilskudd",
                "order": order,
                "limit": 1,
                "offset": offset,
            },
        )
        assert response.status_code == 200, response.content
        seen += [item["id"] for item in response.json()["items"]]

    assert seen == ids
