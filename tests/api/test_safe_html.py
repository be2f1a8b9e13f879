"""Rich text and addresses that did not pass through the editor are served safe."""

import json

import pytest
from django.core.exceptions import ValidationError

from base.blocks import LinkBlock
from headless.preview_api import preview_payload
from tests.headers import csp_directives

from .conftest import publish

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Søk innen fristen.<script>alert("x")</script>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">Klikk her</a>'
    '<a href=" JaVa&#09;Script:alert(3)">og her</a>'
    '<b onmouseover="alert(4)">Viktig</b></p><div><p>Uten slutt'
)


def assert_harmless(text):
    lowered = text.lower()
    for needle in ("<script", "alert(", "onerror", "onmouseover", "javascript:", "<img"):
        assert needle not in lowered, needle


@pytest.fixture
def hostile_scheme(tree):
    """A scheme whose stored rich text was written by a script, not the editor."""
    scheme = tree["scheme"]
    scheme.body = [
        ("paragraph", HOSTILE),
        ("fact_box", {"title": "Fakta", "text": HOSTILE}),
        (
            "links",
            {
                "heading": "Lenker",
                "links": [
                    {"title": "Farlig", "page": None, "url": "javascript:alert(5)"},
                    {"title": "Data", "page": None, "url": "data:text/html,<script>x</script>"},
                    {"title": "Trygg", "page": None, "url": "https://www.regjeringen.no/"},
                ],
            },
        ),
    ]
    return publish(scheme)


def test_the_api_serves_stored_rich_text_without_scripts_handlers_or_script_links(
    api_client, hostile_scheme
):
    response = api_client.get(f"/api/v2/pages/{hostile_scheme.pk}/")
    assert response.status_code == 200
    assert_harmless(response.content.decode())
    body = response.json()["body"]
    assert body[0]["value"].startswith("<p>Søk innen fristen.")
    assert "<b>Viktig</b>" in body[0]["value"]
    assert "<a>Klikk her</a>" in body[0]["value"]
    assert "<p>Uten slutt</p>" in body[0]["value"]
    assert "<div" not in body[0]["value"]
    assert_harmless(body[1]["value"]["text"])
    links = body[2]["value"]["links"]
    assert [link["url"] for link in links] == ["", "", "https://www.regjeringen.no/"]


def test_listings_and_the_finder_serve_it_clean_too(api_client, hostile_scheme):
    for url in ("/api/v2/pages/?type=schemes.SchemePage&fields=body", "/api/v2/schemes/"):
        response = api_client.get(url)
        assert response.status_code == 200, url
        assert_harmless(response.content.decode())


def test_the_cms_page_and_its_preview_serve_it_clean(api_client, admin_client, hostile_scheme):
    response = api_client.get(hostile_scheme.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Søk innen fristen." in html
    assert_harmless(html)
    assert_harmless(hostile_scheme.make_preview_request().content.decode())
    draft = admin_client.get(f"/admin/pages/{hostile_scheme.pk}/edit/preview/")
    assert_harmless(draft.content.decode())


def test_the_county_site_preview_serves_a_draft_clean(hostile_scheme):
    hostile_scheme.intro = HOSTILE
    hostile_scheme.save_revision()
    draft = hostile_scheme.get_latest_revision_as_object()
    assert_harmless(json.dumps(preview_payload(draft), ensure_ascii=False))


def test_the_editor_opens_a_page_whose_stored_rich_text_is_foreign(admin_client, hostile_scheme):
    response = admin_client.get(f"/admin/pages/{hostile_scheme.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uten slutt" in html
    # The rich text's scripts and handlers are gone; the link block's address is shown to be
    # corrected (its validation refuses it on saving).
    for number in range(1, 5):
        assert f"alert({number})" not in html


def test_a_text_field_that_looks_like_html_is_no_way_in_for_scripts(api_client, tree):
    scheme = tree["scheme"]
    scheme.summary = '<img src="x" onerror="alert(1)">'
    publish(scheme)
    assert_harmless(api_client.get(scheme.url).content.decode())


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "jAvAsCrIpT:x"]
)
def test_a_link_block_refuses_script_and_data_addresses_in_norwegian(address):
    block = LinkBlock()
    with pytest.raises(ValidationError) as raised:
        block.clean(block.to_python({"title": "Lenke", "page": None, "url": address}))
    messages = json.dumps(raised.value.as_json_data(), ensure_ascii=False)
    assert "javascript: eller data:" in messages, messages


def test_pages_outside_the_admin_allow_no_inline_scripts(api_client, admin_client, tree):
    for url in ("/sok/?q=bredbånd", "/api/docs/", tree["scheme"].url):
        response = api_client.get(url)
        assert response.status_code == 200, url
        assert csp_directives(response["Content-Security-Policy"])["script-src"] == ["'self'"], url
    admin = admin_client.get("/admin/")
    script_sources = csp_directives(admin["Content-Security-Policy"])["script-src"]
    assert script_sources == ["'self'", "'unsafe-inline'"]
