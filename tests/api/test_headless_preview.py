"""Previews on the county's website: the admin's preview mode, its tokens and the endpoint
/api/v2/page_preview/ that the county site reads the draft from."""

import io
import json
import re
import threading
import time
import types
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail_headless_preview.models import PagePreview

from headless import preview
from headless.models import PageDocument
from headless.openapi import public_page_models
from people.models import Person
from schemes.choices import SchemeStatus
from tests.browser import browser_test, launch
from tests.cms.test_settings import last_line, run_python
from tests.headers import csp_directives

from .test_openapi import check

pytestmark = pytest.mark.django_db

FRONTEND_PREVIEW = "https://nett.example.no/forhandsvisning/"
MAX_AGE = 600
# The endpoint's 200 response schema, as a JSON pointer into the OpenAPI document.
SCHEMA_POINTER = (
    "#/paths/~1api~1v2~1page_preview~1/get/responses/200/content/application~1json/schema"
)


@pytest.fixture(autouse=True)
def _frontend():
    with override_settings(
        WAGTAIL_HEADLESS_PREVIEW={"CLIENT_URLS": {"default": FRONTEND_PREVIEW}},
        HEADLESS_PREVIEW_TOKEN_MAX_AGE=MAX_AGE,
    ):
        yield


@pytest.fixture
def clock(monkeypatch):
    """The clock that signs and checks tokens, moved forward by ``clock.advance(seconds)``."""
    state = types.SimpleNamespace(offset=0)
    monkeypatch.setattr(
        signing, "time", types.SimpleNamespace(time=lambda: time.time() + state.offset)
    )
    state.advance = lambda seconds: setattr(state, "offset", state.offset + seconds)
    return state


def scheme_form(title, summary="Tilskudd til utbygging av bredbånd."):
    return nested_form_data(
        {
            "title": title,
            "slug": "bredband",
            "summary": summary,
            "status": SchemeStatus.OPEN,
            "body": streamfield([]),
            "eligibility_note": "",
            "related_links": streamfield([]),
            "contacts": streamfield([]),
            "funding_note": "",
            "application_rounds": inline_formset([]),
        }
    )


def preview_edit(client, page, title, **fields):
    """What the admin's preview panel does: post the edit form, then load the county site mode."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(url, scheme_form(title, **fields)).json()["is_valid"]
    return client.get(url, {"mode": preview.COUNTY_SITE_MODE})


def framed_url(response):
    """The county site's address that a county-site preview frames."""
    assert response.status_code == 200
    match = re.search(r'<iframe src="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    return unescape(match.group(1))


def token_of(response):
    query = parse_qs(urlsplit(framed_url(response)).query)
    return query["content_type"][0], query["token"][0]


def read_preview(client, content_type, token, **extra):
    return client.get(
        "/api/v2/page_preview/", {"content_type": content_type, "token": token, **extra}
    )


PRINT_PREVIEW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.WAGTAIL_HEADLESS_PREVIEW, s.HEADLESS_PREVIEW_TOKEN_MAX_AGE]))"
)


def test_the_frontend_preview_address_defaults_to_a_path_of_the_county_site():
    result = run_python(
        "cms.settings.dev",
        "-c",
        PRINT_PREVIEW_SETTINGS,
        FRONTEND_BASE_URL="https://nett.example.no/",
    )
    assert json.loads(last_line(result.stdout)) == [
        {"CLIENT_URLS": {"default": "https://nett.example.no/preview/"}},
        3600,
    ]


def test_the_frontend_preview_address_and_token_lifetime_come_from_the_environment():
    result = run_python(
        "cms.settings.dev",
        "-c",
        PRINT_PREVIEW_SETTINGS,
        FRONTEND_PREVIEW_URL="https://utkast.example.no/vis/",
        HEADLESS_PREVIEW_TOKEN_MAX_AGE="900",
    )
    assert json.loads(last_line(result.stdout)) == [
        {"CLIENT_URLS": {"default": "https://utkast.example.no/vis/"}},
        900,
    ]


# The admin's preview mode -------------------------------------------------------------------


def test_every_page_type_offers_the_county_site_after_its_own_preview(settings):
    settings.FRONTEND_PREVIEW_URL = "https://utkast.example.no/vis/"
    for model in public_page_models():
        page = model()
        modes = [name for name, _label in page.preview_modes]
        assert modes[-1] == preview.COUNTY_SITE_MODE, model
        assert page.default_preview_mode != preview.COUNTY_SITE_MODE, model


def test_without_a_county_site_preview_address_its_mode_is_not_offered(settings):
    settings.FRONTEND_PREVIEW_URL = ""
    for model in public_page_models():
        modes = [name for name, _label in model().preview_modes]
        assert preview.COUNTY_SITE_MODE not in modes, model
        assert modes, model


def test_the_default_preview_is_still_the_payload_rendered_here(admin_client, tree):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[tree["scheme"].pk])
    admin_client.post(url, scheme_form("Bredbånd – utkast"))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "<h1>Bredbånd – utkast</h1>" in response.content.decode()
    assert not PagePreview.objects.exists()


def test_the_county_site_mode_frames_the_frontend_preview_address_with_a_token(admin_client, tree):
    response = preview_edit(admin_client, tree["scheme"], "Bredbånd – utkast")
    address = urlsplit(framed_url(response))
    assert f"{address.scheme}://{address.netloc}{address.path}" == FRONTEND_PREVIEW
    content_type, token = token_of(response)
    assert content_type == "schemes.schemepage"
    assert PagePreview.objects.get().token == token
    # The admin's policy allows frames from the admin's own origin; this page adds the county
    # site's, and the admin may frame the page itself.
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["frame-src"] == ["'self'", "https://nett.example.no"], policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cache-Control"] == "private, no-store"


def test_other_previews_keep_the_policy_that_allows_frames_from_this_site_alone(admin_client, tree):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[tree["scheme"].pk])
    admin_client.post(url, scheme_form("Bredbånd – utkast"))
    policy = admin_client.get(url)["Content-Security-Policy"]
    assert "nett.example.no" not in policy


def test_view_draft_in_the_county_site_mode_shows_the_latest_revision(
    admin_client, tree, api_client
):
    scheme = tree["scheme"]
    scheme.title = "Bredbånd – revisjon"
    scheme.save_revision()
    response = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[scheme.pk]),
        {"mode": preview.COUNTY_SITE_MODE},
    )
    payload = read_preview(api_client, *token_of(response)).json()
    assert payload["title"] == "Bredbånd – revisjon"


def test_refreshing_the_preview_reuses_the_editors_token_with_the_new_draft(
    admin_client, api_client, tree
):
    first = token_of(preview_edit(admin_client, tree["scheme"], "Første utkast"))
    second = token_of(preview_edit(admin_client, tree["scheme"], "Andre utkast"))
    assert second == first
    assert PagePreview.objects.count() == 1
    assert read_preview(api_client, *second).json()["title"] == "Andre utkast"


def test_each_preview_of_a_saved_draft_gets_a_token_of_its_own(admin_client, tree):
    scheme = tree["scheme"]
    scheme.title = "Bredbånd – revisjon"
    scheme.save_revision()
    url = reverse("wagtailadmin_pages:view_draft", args=[scheme.pk])
    first = token_of(admin_client.get(url, {"mode": preview.COUNTY_SITE_MODE}))
    editing = token_of(preview_edit(admin_client, scheme, "Utkast i skjemaet"))
    second = token_of(admin_client.get(url, {"mode": preview.COUNTY_SITE_MODE}))
    assert len({first, editing, second}) == 3
    assert PagePreview.objects.count() == 3


def test_a_token_past_half_its_life_is_replaced_on_refresh(admin_client, tree, clock):
    first = token_of(preview_edit(admin_client, tree["scheme"], "Første utkast"))
    clock.advance(MAX_AGE // 2 + 1)
    second = token_of(preview_edit(admin_client, tree["scheme"], "Andre utkast"))
    assert second != first


def test_two_editors_previewing_one_page_get_tokens_of_their_own(admin_client, tree, api_client):
    other = Client()
    other.force_login(
        get_user_model().objects.create_superuser("redaktor", "redaktor@example.no", "passord-1")
    )
    mine = token_of(preview_edit(admin_client, tree["scheme"], "Mitt utkast"))
    theirs = token_of(preview_edit(other, tree["scheme"], "Ditt utkast"))
    assert mine[1] != theirs[1]
    assert read_preview(api_client, *mine).json()["title"] == "Mitt utkast"
    assert read_preview(api_client, *theirs).json()["title"] == "Ditt utkast"


# The county site's endpoint -----------------------------------------------------------------


def test_the_endpoint_returns_the_draft_in_the_shape_of_the_pages_detail(
    admin_client, api_client, tree
):
    scheme = tree["scheme"]
    content_type, token = token_of(preview_edit(admin_client, scheme, "Bredbånd – utkast"))
    response = read_preview(api_client, content_type, token)
    assert response.status_code == 200
    draft = response.json()
    published = api_client.get(f"/api/v2/pages/{scheme.pk}/").json()
    assert draft["title"] == "Bredbånd – utkast"
    assert published["title"] == "Bredbånd"
    assert draft.keys() == published.keys()
    assert draft["meta"].keys() == published["meta"].keys()
    assert draft["id"] == published["id"] == scheme.pk
    for name, value in published["meta"].items():
        if name.endswith("_published_at"):
            # A draft is stored as JSON, which keeps times to the millisecond.
            assert draft["meta"][name][:23] == value[:23]
        else:
            assert draft["meta"][name] == value, name
    # The draft posted no contacts; the published page still has its one.
    assert draft["contacts"] == []
    assert len(published["contacts"]) == 1


def check_against_the_endpoints_schema(api_client, payload):
    document = api_client.get("/api/openapi.json").json()
    check(document, {"$ref": SCHEMA_POINTER}, payload)
    return document["paths"]["/api/v2/page_preview/"]["get"]


def test_the_draft_matches_the_endpoints_openapi_schema(admin_client, api_client, tree):
    payload = read_preview(
        api_client, *token_of(preview_edit(admin_client, tree["scheme"], "Utkast"))
    ).json()
    operation = check_against_the_endpoints_schema(api_client, payload)
    assert {"200", "400", "404"} <= operation["responses"].keys()
    required = {p["name"] for p in operation["parameters"] if p["required"]}
    assert required == {"content_type", "token"}


def test_fields_chooses_the_draft_fields_as_in_the_pages_detail(admin_client, api_client, tree):
    content_type, token = token_of(preview_edit(admin_client, tree["scheme"], "Utkast"))
    payload = read_preview(api_client, content_type, token, fields="_,title").json()
    assert payload == {"id": tree["scheme"].pk, "title": "Utkast"}


def test_a_page_being_created_previews_without_an_id(admin_client, api_client, tree):
    topic = tree["topic"]
    url = reverse("wagtailadmin_pages:preview_on_add", args=["schemes", "schemepage", topic.pk])
    form = scheme_form("Støtte til dagligvarebutikker")
    form["slug"] = "dagligvarebutikker"
    assert admin_client.post(url, form).json()["is_valid"]
    response = admin_client.get(url, {"mode": preview.COUNTY_SITE_MODE})
    payload = read_preview(api_client, *token_of(response)).json()
    assert payload["id"] is None
    assert payload["title"] == "Støtte til dagligvarebutikker"
    assert payload["meta"]["detail_url"] is None
    assert payload["meta"]["html_url"].endswith("/attraktive-samfunn/dagligvarebutikker/")
    assert payload["meta"]["parent"]["id"] == topic.pk
    check_against_the_endpoints_schema(api_client, payload)


def test_links_in_the_draft_to_pages_nobody_may_see_keep_only_their_text(
    admin_client, api_client, tree
):
    topic = tree["topic"]
    hidden = topic.add_child(
        instance=type(tree["scheme"])(title="Skjult", slug="skjult", summary="Utkast", live=False)
    )
    link = f'<p>Se <a linktype="page" id="{hidden.pk}">den skjulte siden</a>.</p>'
    body = streamfield([("paragraph", rich_text(link, features=["link"]))])
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[tree["scheme"].pk])
    form = scheme_form("Utkast")
    form.update(nested_form_data({"body": body}))
    assert admin_client.post(url, form).json()["is_valid"]
    response = admin_client.get(url, {"mode": preview.COUNTY_SITE_MODE})
    payload = read_preview(api_client, *token_of(response)).json()
    text = str(payload["body"])
    assert "den skjulte siden" in text
    assert "/skjult/" not in text


def test_an_unknown_token_is_not_found(admin_client, api_client, tree):
    content_type, token = token_of(preview_edit(admin_client, tree["scheme"], "Utkast"))
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    unsigned = preview.TimestampSigner(salt="another.salt").sign("id=1;x")
    for candidate in ("ukjent", forged, unsigned):
        response = read_preview(api_client, content_type, candidate)
        assert response.status_code == 404, candidate
        assert response.json() == {"message": "ikke funnet"}
    assert PagePreview.objects.count() == 1


def test_a_token_for_another_page_type_is_not_found(admin_client, api_client, tree):
    _content_type, token = token_of(preview_edit(admin_client, tree["scheme"], "Utkast"))
    assert read_preview(api_client, "home.topicpage", token).status_code == 404


def test_a_token_lasts_its_max_age_and_then_its_draft_is_deleted(
    admin_client, api_client, tree, clock
):
    content_type, token = token_of(preview_edit(admin_client, tree["scheme"], "Utkast"))
    clock.advance(MAX_AGE - 5)
    assert read_preview(api_client, content_type, token).status_code == 200
    clock.advance(10)
    response = read_preview(api_client, content_type, token)
    assert response.status_code == 404
    assert response.json() == {"message": "ikke funnet"}
    assert not PagePreview.objects.exists()


def test_expired_drafts_are_deleted_when_anyone_previews(admin_client, tree, clock):
    preview_edit(admin_client, tree["scheme"], "Gammelt utkast")
    clock.advance(MAX_AGE - 60)
    other = Client()
    other.force_login(
        get_user_model().objects.create_superuser("redaktor", "redaktor@example.no", "passord-1")
    )
    _content_type, recent = token_of(preview_edit(other, tree["scheme"], "Nytt utkast"))
    assert PagePreview.objects.count() == 2
    clock.advance(120)
    assert preview.garbage_collect() == 1
    assert list(PagePreview.objects.values_list("token", flat=True)) == [recent]


def test_the_cron_command_deletes_expired_drafts(admin_client, tree, clock):
    preview_edit(admin_client, tree["scheme"], "Utkast")
    out = io.StringIO()
    call_command("clear_expired_previews", stdout=out)
    assert out.getvalue() == "Slettet 0 utløpte forhåndsvisninger.\n"
    clock.advance(MAX_AGE + 1)
    call_command("clear_expired_previews", stdout=out)
    assert out.getvalue().endswith("Slettet 1 utløpt forhåndsvisning.\n")
    assert not PagePreview.objects.exists()


def test_the_package_garbage_collection_by_day_would_keep_an_expired_draft(
    admin_client, tree, clock
):
    # Why headless.preview has its own: PagePreview.garbage_collect keeps a day-old draft.
    preview_edit(admin_client, tree["scheme"], "Utkast")
    clock.advance(MAX_AGE + 1)
    PagePreview.garbage_collect()
    assert PagePreview.objects.count() == 1
    assert preview.garbage_collect() == 1
    assert not PagePreview.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"token": "x"},
        {"content_type": "schemes.schemepage"},
        {"content_type": "schemes.schemepage", "token": ""},
        {"content_type": "", "token": "x"},
        {"content_type": "schemespage", "token": "x"},
        {"content_type": "schemes.nope", "token": "x"},
        {"content_type": "taxonomy.region", "token": "x"},
        {"content_type": "auth.user", "token": "x"},
        {"content_type": "wagtailcore.page", "token": "x"},
        {"content_type": "schemes.schemepage", "token": "x" * 256},
        {"content_type": "schemes.schemepage", "token": "x", "id": "1"},
        {"content_type": "schemes.schemepage", "token": "x", "fields": "nope"},
        {"content_type": "schemes.schemepage", "token": "x", "rich_text_format": "db"},
        {"content_type": "schemes.schemepage", "token": "x\x00"},
    ],
)
def test_bad_parameters_are_rejected_with_a_json_error(api_client, query):
    response = api_client.get("/api/v2/page_preview/", query)
    assert response.status_code == 400, response.content
    assert response.json()["message"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_repeated_parameter_is_rejected(api_client):
    response = api_client.get(
        "/api/v2/page_preview/?content_type=schemes.schemepage&token=a&token=b"
    )
    assert response.status_code == 400


def test_preview_responses_are_never_cached(admin_client, api_client, tree):
    content_type, token = token_of(preview_edit(admin_client, tree["scheme"], "Første utkast"))
    cache.clear()
    first = read_preview(api_client, content_type, token)
    assert first["Cache-Control"] == "private, no-store"
    assert "ETag" not in first
    assert "Last-Modified" not in first
    assert first["Content-Type"] == "application/json"
    assert not [key for key in cache._cache if "api-response:" in key]
    preview_edit(admin_client, tree["scheme"], "Andre utkast")
    assert read_preview(api_client, content_type, token).json()["title"] == "Andre utkast"
    missing = read_preview(api_client, content_type, "ukjent")
    assert missing["Cache-Control"] == "private, no-store"
    assert "ETag" not in missing


def test_a_preview_leaves_the_public_api_and_the_document_store_alone(
    admin_client, api_client, tree
):
    scheme = tree["scheme"]
    stored = PageDocument.objects.get(page_id=scheme.pk).payload
    documents = PageDocument.objects.count()
    listing = api_client.get("/api/v2/schemes/").json()
    token = token_of(preview_edit(admin_client, scheme, "Bredbånd – utkast"))
    assert read_preview(api_client, *token).json()["title"] == "Bredbånd – utkast"
    assert PageDocument.objects.get(page_id=scheme.pk).payload == stored
    assert PageDocument.objects.count() == documents
    cache.clear()
    assert api_client.get(f"/api/v2/pages/{scheme.pk}/").json()["title"] == "Bredbånd"
    assert api_client.get("/api/v2/schemes/").json() == listing
    search = api_client.get("/api/v2/search/", {"q": "utkast"}).json()
    assert search["meta"]["total_count"] == 0


def preview_with_contacts(client, page, count):
    contacts = [
        ("contact", {"person": person.pk, "note": ""})
        for person in Person.objects.bulk_create(
            Person(name=f"Rådgiver {number}", email=f"r{number}@example.no")
            for number in range(count)
        )
    ]
    form = scheme_form("Utkast")
    form.update(nested_form_data({"contacts": streamfield(contacts)}))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(url, form).json()["is_valid"]
    return token_of(client.get(url, {"mode": preview.COUNTY_SITE_MODE}))


@pytest.mark.parametrize("contacts", [1, 5])
def test_the_endpoint_reads_a_draft_in_a_fixed_number_of_queries(
    admin_client, api_client, tree, django_assert_num_queries, contacts
):
    content_type, token = preview_with_contacts(admin_client, tree["scheme"], contacts)
    # The first request fills the per-process caches of content types and site root paths.
    read_preview(api_client, content_type, token)
    # The stored preview, the draft's foreign keys checked as it is loaded, its ancestors,
    # parent, site and view restrictions, and its contacts in one query, however many.
    with django_assert_num_queries(11):
        response = read_preview(api_client, content_type, token)
    assert len(response.json()["contacts"]) == contacts


# In a real browser ----------------------------------------------------------------------------

ARTIFACTS = settings.TEST_ARTIFACTS_DIR / "preview"

# The county site's preview page, as small as it can be: it reads the draft with the token from
# its own address and shows the title.
COUNTY_SITE_PAGE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Troms fylkeskommune</title></head>
<body><h1 id="title">Laster …</h1><script>
const query = new URLSearchParams(location.search);
const address = "%(api)s/api/v2/page_preview/?" + new URLSearchParams(
  {content_type: query.get("content_type"), token: query.get("token")});
fetch(address).then(response => response.json()).then(page => {
  document.getElementById("title").textContent = page.title;
});
</script></body></html>
"""


@pytest.fixture
def county_site(live_server):
    """A stand-in for the county site on another origin (127.0.0.1 rather than localhost)."""
    body = (COUNTY_SITE_PAGE % {"api": live_server.url}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    with override_settings(
        WAGTAIL_HEADLESS_PREVIEW={"CLIENT_URLS": {"default": f"{origin}/preview/"}},
        CORS_ALLOWED_ORIGINS=[origin],
    ):
        yield origin
    server.shutdown()
    server.server_close()


def county_site_title(page, origin, expected="Bredbånd – utkast i nettleseren", seconds=30):
    """The title the county site's frame shows once it is ``expected``, or its last one."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + seconds
    title = None
    while time.monotonic() < deadline:
        frames = [frame for frame in page.frames if frame.url.startswith(f"{origin}/preview/")]
        for frame in frames:
            try:
                title = frame.locator("#title").text_content(timeout=1_000)
            except PlaywrightError:  # the frame was swapped out while being read
                continue
            if title == expected:
                return title
        page.wait_for_timeout(250)
    return title


@browser_test
def test_the_admin_preview_panel_shows_the_draft_from_the_county_site(
    live_server, county_site, tree
):
    from playwright.sync_api import expect, sync_playwright

    editor = Client()
    editor.force_login(
        get_user_model().objects.create_superuser("redaktor", "redaktor@example.no", "passord-1")
    )
    scheme = tree["scheme"]
    refused = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": editor.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[scheme.pk]))
        page.locator("#id_title").fill("Bredbånd – utkast i nettleseren")
        page.locator('[data-side-panel-toggle="preview"]').click()
        # The default preview first, with the draft: a mode chosen while the panel is still
        # loading its first preview would be overtaken by it.
        default_preview = page.frame_locator("#w-preview-iframe")
        expect(default_preview.locator("h1")).to_have_text("Bredbånd – utkast i nettleseren")
        page.locator("#id_preview_mode").select_option(preview.COUNTY_SITE_MODE)
        # The preview panel swaps its iframe for a new one on every refresh, so the county
        # site's frame is looked up afresh until it shows the draft.
        expect(page.locator("#w-preview-iframe")).to_be_attached()
        assert county_site_title(page, county_site) == "Bredbånd – utkast i nettleseren"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "county-site-preview.png"))
        browser.close()
    assert refused == []
    # Nothing of the draft reached the public API.
    assert Client().get(f"/api/v2/pages/{scheme.pk}/").json()["title"] == "Bredbånd"
