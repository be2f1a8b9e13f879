"""Every error the public API gives a client reads in Norwegian bokmål, in the documented shape.

Parameter names and values stay as the client wrote them; only the explanation is translated.
Any ``?format=`` but ``json`` is a 400 on every endpoint, never REST framework's bare 404.
"""

import json

import pytest
from jsonschema import Draft202012Validator
from wagtail.models import Site

from headless.openapi import COMPONENTS
from strategy.choices import FeedbackState
from strategy.models import FeedbackFormField, FeedbackFormPage, FeedbackSubmission
from tests.factories import StrategyPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

ERROR_SCHEMA = Draft202012Validator(COMPONENTS["Error"])
JSON_ONLY = "format: bare «json» støttes"

# (request, status, what the message says in Norwegian, the English it used to say)
BAD_REQUESTS = [
    # Pagination
    ("/api/v2/pages/?limit=abc", 400, "limit må være et positivt heltall", "positive integer"),
    ("/api/v2/pages/?limit=1000", 400, "limit kan ikke være høyere enn 100", "higher than"),
    ("/api/v2/pages/?offset=1.5", 400, "offset må være et positivt heltall", "positive integer"),
    ("/api/v2/images/?limit=101", 400, "limit kan ikke være høyere enn 100", "higher than"),
    ("/api/v2/schemes/?limit=101", 400, "limit kan ikke være høyere enn 100", "higher than"),
    ("/api/v2/people/?limit=x", 400, "limit må være et positivt heltall", "positive integer"),
    ("/api/v2/meetings/?limit=1000", 400, "limit kan ikke være høyere enn 100", "higher than"),
    ("/api/v2/search/?q=a&offset=x", 400, "offset må være et positivt heltall", "positive integer"),
    # Ids
    (
        "/api/v2/pages/9223372036854775808/",
        400,
        "id må være et positivt heltall som ikke er større enn 9223372036854775807",
        "no larger than",
    ),
    ("/api/v2/pages/find/?id=abc", 400, "id må være et positivt heltall", "positive integer"),
    ("/api/v2/pages/?child_of=-1", 400, "child_of må være et positivt heltall", "positive"),
    (
        "/api/v2/pages/?descendant_of=99999",
        400,
        "descendant_of: siden 99999 finnes ikke",
        "does not exist",
    ),
    (
        "/api/v2/pages/?descendant_of=1&child_of=1",
        400,
        "descendant_of og child_of kan ikke brukes sammen",
        "not supported",
    ),
    # Fields
    ("/api/v2/pages/?fields=(((", 400, "fields: uventet tegn «(» på posisjon 0", "unexpected"),
    ("/api/v2/pages/?fields=title(id)", 400, "fields: «title» kan ikke ha underfelt", "nested"),
    ("/api/v2/pages/?fields=nope,-ikke", 400, "ukjente felt: ikke, nope", "unknown fields"),
    ("/api/v2/images/?fields=title(id)", 400, "fields: «title» kan ikke ha underfelt", "nested"),
    ("/api/v2/images/?fields=nope", 400, "ukjente felt: nope", "unknown fields"),
    ("/api/v2/documents/?fields=(", 400, "fields: uventet tegn «(» på posisjon 0", "unexpected"),
    ("/api/v2/redirects/?fields=_,nope", 400, "ukjente felt: nope", "unknown fields"),
    # Types and sites
    (
        "/api/v2/pages/?type=foo",
        400,
        "type må skrives som app_label.ModelName, for eksempel schemes.SchemePage",
        "must be",
    ),
    ("/api/v2/pages/?type=auth.User", 400, "type: auth.User er ikke en sidetype", "doesn't"),
    (
        "/api/v2/pages/?type=home.HomePage,home.Nope",
        400,
        "type: home.Nope er ikke en sidetype",
        "doesn't",
    ),
    (
        "/api/v2/pages/?site=localhost:abc",
        400,
        "site må være et vertsnavn, eventuelt med portnummer",
        "expected a number",
    ),
    # Ordering
    (
        "/api/v2/pages/?order=nope",
        400,
        "kan ikke sortere etter 'nope' (ukjent felt)",
        "cannot order",
    ),
    (
        "/api/v2/pages/?order=random,title",
        400,
        "tilfeldig rekkefølge (random) kan ikke kombineres med andre felt",
        "combined",
    ),
    (
        "/api/v2/images/?order=random&offset=1",
        400,
        "tilfeldig rekkefølge (random) kan ikke brukes sammen med offset",
        "not supported",
    ),
    ("/api/v2/redirects/?order=-nope", 400, "kan ikke sortere etter '-nope'", "cannot order"),
    (
        "/api/v2/schemes/?order=summary",
        400,
        "kan ikke sortere etter 'summary'; velg en av title, first_published_at",
        "choose one of",
    ),
    # Filters and other parameters
    (
        "/api/v2/pages/?type=schemes.SchemePage&status=bogus",
        400,
        "'bogus' er ikke en gyldig verdi for status",
        "not a valid value",
    ),
    ("/api/v2/pages/?title=a&title=b", 400, "title kan bare oppgis én gang", "only once"),
    (
        "/api/v2/pages/?nope=1",
        400,
        "spørreparameteren er verken en operasjon eller et kjent felt: nope",
        "query parameter",
    ),
    (
        "/api/v2/redirects/?search=x",
        400,
        "spørreparameteren er verken en operasjon eller et kjent felt: search",
        "query parameter",
    ),
    (
        "/api/v2/people/99999/?limit=1",
        400,
        "spørreparameteren er verken en operasjon eller et kjent felt: limit",
        "query parameter",
    ),
    (
        "/api/v2/meetings/99999/calendar.ics?limit=1",
        400,
        "spørreparameteren er verken en operasjon eller et kjent felt: limit",
        "query parameter",
    ),
    ("/api/v2/schemes/?topic=a%00", 400, "'topic': nulltegn er ikke tillatt", "null characters"),
    (
        "/api/v2/people/?department=" + "x" * 1001,
        400,
        "department er lengre enn 1000 tegn",
        "longer than",
    ),
    (
        "/api/v2/pages/?search=x&search_operator=xor",
        400,
        "search_operator må være «and» eller «or»",
        "must be",
    ),
    (
        "/api/v2/pages/?rich_text_format=markdown",
        400,
        "rich_text_format: bare «html» støttes",
        "supported",
    ),
    (
        "/api/v2/images/?rich_text_format=markdown",
        400,
        "rich_text_format: bare «html» støttes",
        "supported",
    ),
    # Search text
    ("/api/v2/pages/?search=" + "x" * 201, 400, "search kan være på høyst 200 tegn", "at most"),
    (
        "/api/v2/pages/?search=" + "ord%20" * 33,
        400,
        "search kan inneholde høyst 32 ord",
        "at most",
    ),
    ("/api/v2/search/?q=" + "x" * 201, 400, "q kan være på høyst 200 tegn", "at most"),
    ("/api/v2/search/?q=" + "ord%20" * 33, 400, "q kan inneholde høyst 32 ord", "at most"),
    ("/api/v2/search/?q=a%00", 400, "'q': nulltegn er ikke tillatt", "null characters"),
    (
        "/api/v2/search/?q=a&type=nope",
        400,
        "ukjent type: nope; velg blant page, scheme, programme",
        "choose from",
    ),
    (
        "/api/v2/search/?q=a&nope=1",
        400,
        "spørreparameteren er verken en operasjon eller et kjent felt: nope",
        "query parameter",
    ),
    # Drafts
    (
        "/api/v2/page_preview/?content_type=home.topicpage&token=abc&fields=nope",
        400,
        "ukjente felt: nope",
        "unknown fields",
    ),
    # Not found
    ("/api/v2/pages/99999/", 404, "ikke funnet", "not found"),
    ("/api/v2/pages/find/?html_path=/nope/", 404, "ikke funnet", "not found"),
    ("/api/v2/images/99999/", 404, "ikke funnet", "not found"),
    ("/api/v2/redirects/find/?html_path=/nope/", 404, "ikke funnet", "not found"),
    ("/api/v2/schemes/99999/", 404, "ikke funnet", "not found"),
    ("/api/v2/people/99999/", 404, "ikke funnet", "not found"),
    ("/api/v2/meetings/99999/calendar.ics", 404, "ikke funnet", "not found"),
    ("/api/v2/page_preview/?content_type=home.topicpage&token=abc", 404, "ikke funnet", "found"),
    ("/api/v2/forms/99999/", 404, "Fant ikke skjemaet.", "not found"),
    ("/api/v2/nope/", 404, "ikke funnet", "not found"),
    ("/api/v3/pages/", 404, "ikke funnet", "not found"),
]


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    errors = [error.message for error in ERROR_SCHEMA.iter_errors(body)]
    assert errors == [], body
    return body


@pytest.mark.parametrize(
    ("url", "status", "norwegian", "english"),
    BAD_REQUESTS,
    ids=[case[0][:80] for case in BAD_REQUESTS],
)
def test_an_error_is_explained_in_norwegian(api_client, tree, url, status, norwegian, english):
    message = assert_json_error(api_client.get(url), status)["message"]

    assert norwegian in message
    assert english not in message


def test_invalid_filter_values_are_explained_per_parameter_in_norwegian(api_client, tree):
    body = assert_json_error(api_client.get("/api/v2/schemes/?status=bogus&kind=page"), 400)

    assert body["message"] == "ugyldige filterverdier"
    assert set(body["errors"]) == {"status", "kind"}
    assert "bogus er ikke et av de tilgjengelige valgene" in body["errors"]["status"][0]


def test_a_site_that_is_ambiguous_without_its_port_is_explained(api_client, tree):
    Site.objects.create(hostname="localhost", port=8080, root_page=tree["home"])

    body = assert_json_error(api_client.get("/api/v2/pages/?site=localhost"), 400)

    assert body["message"] == "site localhost passer med flere nettsteder; legg til portnummeret"


@pytest.mark.parametrize(
    ("fields", "norwegian"),
    [
        ("(((", "fields: uventet tegn «(» på posisjon 0"),
        ("title,,slug", "fields: uventet tegn «,» på posisjon 6"),
        ("%20title", "fields: uventet mellomrom på posisjon 0"),
        ("title,*", "fields: «*» må stå først"),
        ("-_", "fields: «_» kan ikke utelates med -"),
        ("_,-title", "fields: «_» kan ikke etterfølges av felt som skal utelates"),
        ("*,title", "fields: «*» tar allerede med alle felt"),
        ("title(id", "fields: uventet slutt (mangler en sluttparentes?)"),
    ],
)
def test_each_syntax_error_in_fields_has_its_own_norwegian_explanation(
    api_client, tree, fields, norwegian
):
    """Wagtail's parser explains in English; each explanation it gives has a translation."""
    for endpoint in ("pages", "documents"):
        body = assert_json_error(api_client.get(f"/api/v2/{endpoint}/?fields={fields}"), 400)

        assert body["message"].startswith(norwegian)


@pytest.fixture
def strategy(tree):
    return StrategyPageFactory(parent=tree["home"], title="Næringsstrategi for Troms")


@pytest.fixture
def form_page(strategy):
    page = FeedbackFormPage(
        title="Digital innspillkasse",
        slug="innspillkasse",
        state=FeedbackState.OPEN,
        form_fields=[FeedbackFormField(label="Innspill", field_type="multiline", required=True)],
    )
    strategy.add_child(instance=page)
    return publish(page)


def endpoints(tree, strategy, form_page):
    """One address of every endpoint, with the parameters it needs to answer 200."""
    return [
        "/api/v2/pages/",
        f"/api/v2/pages/{tree['scheme'].pk}/",
        "/api/v2/pages/find/?html_path=/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v2/redirects/",
        "/api/v2/schemes/",
        f"/api/v2/schemes/{tree['scheme'].pk}/",
        "/api/v2/people/",
        f"/api/v2/people/{tree['person'].pk}/",
        "/api/v2/meetings/",
        f"/api/v2/meetings/{strategy.pk}/calendar.ics",
        "/api/v2/search/?q=bredbånd",
        "/api/v2/page_preview/?content_type=home.topicpage&token=abc",
        f"/api/v2/forms/{form_page.pk}/",
    ]


def with_parameter(url, parameter):
    return url + ("&" if "?" in url else "?") + parameter


@pytest.mark.parametrize(
    "parameter", ["format=xml", "format=api", "format=", "format=json&format=xml"]
)
def test_any_format_but_json_is_a_norwegian_400_on_every_endpoint(
    api_client, tree, strategy, form_page, parameter
):
    for url in endpoints(tree, strategy, form_page):
        address = with_parameter(url, parameter)
        body = assert_json_error(api_client.get(address), 400)

        if "/forms/" in url:
            # The feedback box takes no query parameters at all.
            assert body["message"] == "Denne adressen tar ikke imot spørreparametere.", address
        else:
            assert body["message"] == JSON_ONLY, address


def test_format_json_is_accepted_where_parameters_are(api_client, tree, strategy, form_page):
    for url in endpoints(tree, strategy, form_page):
        if "/forms/" in url or "/page_preview/" in url or "calendar.ics" in url:
            continue
        response = api_client.get(with_parameter(url, "format=json"), follow=True)

        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json"), url


def test_a_submission_with_a_format_is_refused_and_not_stored(api_client, form_page):
    response = api_client.post(
        f"/api/v2/forms/{form_page.pk}/?format=xml",
        json.dumps({"innspill": "Mer bredbånd"}),
        content_type="application/json",
    )

    body = assert_json_error(response, 400)
    assert body["message"] == "Denne adressen tar ikke imot spørreparametere."
    assert not FeedbackSubmission.objects.exists()


def test_a_client_that_accepts_no_json_is_told_in_norwegian(api_client, tree):
    response = api_client.get("/api/v2/pages/", HTTP_ACCEPT="application/xml")

    body = assert_json_error(response, 406)
    assert body["message"] == "API-et svarer bare med JSON: godta application/json"


def test_a_browser_gets_json_not_an_html_page(api_client, tree):
    response = api_client.get(
        "/api/v2/pages/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["items"]


def test_a_method_an_endpoint_does_not_take_is_refused_in_norwegian(api_client, tree):
    body = assert_json_error(api_client.post("/api/v2/pages/"), 405)

    assert body["message"] == 'Metoden "POST" ikke gyldig.'
