"""``/api/v2/forms/{id}/``: submissions to the feedback box, and its public definition."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from wagtail.models import PageViewRestriction

from strategy.api import MAX_BODY_BYTES, rate_limit
from strategy.choices import FeedbackState
from strategy.models import FeedbackFormField, FeedbackFormPage, FeedbackSubmission
from tests.factories import StrategyPageFactory, site_root

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999999"
JUST_TOO_BIG = str(2**63)

REQUIRED = "Dette feltet er påkrevet."
HAS_ERRORS = "Innspillet inneholder feil."
NOT_FOUND = "Fant ikke skjemaet."

VALID = {
    "navn": "Kari Nordmann",
    "innspill": "Mer satsing på reiseliv i Nord-Troms.",
    "tema": ["Næring", "Kompetanse"],
    "kommune": "Senja",
    "antall_ansatte": 12,
    "nyhetsbrev": True,
}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def form_fields():
    return [
        FeedbackFormField(label="Navn", field_type="singleline", required=True),
        FeedbackFormField(label="E-post", field_type="email", required=False),
        FeedbackFormField(label="Innspill", field_type="multiline", required=True),
        FeedbackFormField(
            label="Tema",
            field_type="checkboxes",
            required=False,
            choices="Næring\nSamfunn\nKompetanse",
        ),
        FeedbackFormField(
            label="Kommune", field_type="dropdown", required=False, choices="Tromsø, Senja"
        ),
        FeedbackFormField(label="Antall ansatte", field_type="number", required=False),
        FeedbackFormField(label="Nyhetsbrev", field_type="checkbox", required=False),
    ]


def add_form(parent, live=True, **fields):
    defaults = {
        "title": "Digital innspillkasse",
        "slug": "innspillkasse",
        "state": FeedbackState.OPEN,
        "intro": "<p>Kom med dine innspill til strategien.</p>",
        "consent_text": "Vi lagrer e-postadressen din for å kunne svare deg.",
        "thank_you_text": "<p>Takk for <b>innspillet</b> ditt!</p>",
        "form_fields": form_fields(),
    }
    page = FeedbackFormPage(live=live, **{**defaults, **fields})
    parent.add_child(instance=page)
    return publish(page) if live else page


@pytest.fixture
def strategy(db):
    return StrategyPageFactory(parent=site_root(), title="Næringsstrategi for Troms")


@pytest.fixture
def form_page(strategy):
    return add_form(strategy)


def url(page_or_id):
    return f"/api/v2/forms/{getattr(page_or_id, 'pk', page_or_id)}/"


def submit(client, page, data, **extra):
    return client.post(url(page), json.dumps(data), content_type="application/json", **extra)


def post_raw(client, page, body, content_type="application/json", **extra):
    # Given as a header too, since the test client leaves it out when the body is empty.
    extra.setdefault("CONTENT_TYPE", content_type)
    return client.generic("POST", url(page), body, content_type=content_type, **extra)


def assert_refused(response, status_code, message=None):
    assert response.status_code == status_code, response.content
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["message"]
    if message is not None:
        assert data["message"] == message
    assert not FeedbackSubmission.objects.exists()
    return data


# Accepted submissions -------------------------------------------------------------------------


def test_submission_is_stored_as_a_wagtail_form_submission(client, form_page):
    response = submit(client, form_page, {**VALID, "e_post": "kari@example.no", "consent": True})

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["message"] == "Takk for innspillet ditt!"
    submission = FeedbackSubmission.objects.get(pk=data["id"])
    assert submission.page_id == form_page.pk
    assert submission.form_data == {
        "navn": "Kari Nordmann",
        "e_post": "kari@example.no",
        "innspill": "Mer satsing på reiseliv i Nord-Troms.",
        "tema": ["Næring", "Kompetanse"],
        "kommune": "Senja",
        "antall_ansatte": "12",
        "nyhetsbrev": True,
    }
    assert mail.outbox == []


def test_submission_without_optional_fields_is_accepted(client, form_page):
    response = submit(client, form_page, {"navn": "Ola", "innspill": "Bedre bredbånd.", "tema": []})

    assert response.status_code == 201, response.content
    assert FeedbackSubmission.objects.get().form_data["tema"] == []


def test_submission_is_mailed_when_the_box_has_a_recipient(client, strategy):
    page = add_form(
        strategy, to_address="innspill@tromsfylke.no", subject="Nytt innspill til strategien"
    )

    response = submit(client, page, VALID)

    assert response.status_code == 201, response.content
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["innspill@tromsfylke.no"]
    assert message.subject == "Nytt innspill til strategien"
    assert "Mer satsing på reiseliv i Nord-Troms." in message.body


def test_submission_is_not_kept_when_its_mail_cannot_be_sent(client, strategy, monkeypatch):
    page = add_form(strategy, to_address="innspill@tromsfylke.no")

    def fail(self, form):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(FeedbackFormPage, "send_mail", fail)
    with pytest.raises(ConnectionRefusedError):
        submit(client, page, VALID)
    assert not FeedbackSubmission.objects.exists()


def test_submissions_are_listed_and_exported_in_the_admin(client, form_page):
    submit(client, form_page, VALID)
    admin = get_user_model().objects.create_superuser("redaktor", "r@example.no", "passord")
    client.force_login(admin)

    listing = client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk]))
    export = client.get(
        reverse("wagtailforms:list_submissions", args=[form_page.pk]), {"export": "csv"}
    )

    assert listing.status_code == 200
    assert "Kari Nordmann" in listing.content.decode()
    assert export.status_code == 200
    assert "Mer satsing på reiseliv i Nord-Troms." in b"".join(export.streaming_content).decode()


def test_submission_needs_no_csrf_token(form_page):
    client = Client(enforce_csrf_checks=True)

    assert submit(client, form_page, VALID).status_code == 201


# Field errors ---------------------------------------------------------------------------------


def test_invalid_fields_get_norwegian_errors_and_nothing_is_stored(client, form_page):
    response = submit(
        client,
        form_page,
        {"innspill": "Tekst", "e_post": "ikke en adresse", "consent": True, "kommune": "Oslo"},
    )

    data = assert_refused(response, 400, HAS_ERRORS)
    assert data["errors"]["navn"] == [REQUIRED]
    assert data["errors"]["e_post"][0].startswith("Oppgi en gyldig e")
    assert data["errors"]["kommune"] == [
        "Velg et gyldig valg. Oslo er ikke et av de tilgjengelige valgene."
    ]
    assert set(data["errors"]) == {"navn", "e_post", "kommune"}


def test_unknown_field_is_rejected(client, form_page):
    data = assert_refused(submit(client, form_page, {**VALID, "telefon": "12345678"}), 400)

    assert data["errors"] == {"telefon": ["Ukjent felt."]}


def test_too_long_single_line_text_is_rejected(client, form_page):
    data = assert_refused(submit(client, form_page, {**VALID, "navn": "x" * 256}), 400)

    assert list(data["errors"]) == ["navn"]


# Consent ---------------------------------------------------------------------------------------


def test_email_without_consent_is_rejected(client, form_page):
    data = assert_refused(submit(client, form_page, {**VALID, "e_post": "kari@example.no"}), 400)

    assert data["errors"] == {"consent": ["Du må gi samtykke når du oppgir en e-postadresse."]}


def test_email_with_consent_false_is_rejected(client, form_page):
    response = submit(client, form_page, {**VALID, "e_post": "kari@example.no", "consent": False})

    assert list(assert_refused(response, 400)["errors"]) == ["consent"]


def test_consent_must_be_a_boolean(client, form_page):
    response = submit(client, form_page, {**VALID, "e_post": "kari@example.no", "consent": "ja"})

    assert assert_refused(response, 400)["errors"] == {"consent": ["Må være sann eller usann."]}


def test_consent_is_not_needed_without_an_email(client, form_page):
    assert submit(client, form_page, {**VALID, "e_post": ""}).status_code == 201


# Not found ------------------------------------------------------------------------------------


def draft(strategy):
    page = add_form(strategy, live=False)
    page.save_revision()
    return page


def unpublished(strategy):
    page = add_form(strategy)
    page.unpublish()
    return page


def private(strategy):
    page = add_form(strategy)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    return page


def below_a_private_page(strategy):
    page = add_form(strategy)
    PageViewRestriction.objects.create(
        page=strategy, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    return page


def expired(strategy):
    page = add_form(strategy)
    FeedbackFormPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(days=1)
    )
    return page


@pytest.mark.parametrize(
    "make_page",
    [
        draft,
        unpublished,
        private,
        below_a_private_page,
        expired,
        lambda strategy: strategy,  # another page type
        lambda strategy: 987654,  # no such page
        lambda strategy: JUST_TOO_BIG,
        lambda strategy: TOO_BIG,
    ],
    ids=[
        "draft",
        "unpublished",
        "private",
        "below-private",
        "expired",
        "wrong-type",
        "missing",
        "id-past-bigint",
        "id-far-too-big",
    ],
)
def test_anything_but_a_published_public_form_is_not_found(client, strategy, make_page):
    target = make_page(strategy)

    assert_refused(submit(client, target, VALID), 404, NOT_FOUND)
    assert_refused(client.get(url(target)), 404, NOT_FOUND)


# Closed and coming ---------------------------------------------------------------------------


def test_closed_box_refuses_with_the_editors_text(client, strategy):
    page = add_form(
        strategy, state=FeedbackState.CLOSED, closed_text="Innspillkassen stengte 1. mai."
    )

    assert_refused(submit(client, page, VALID), 409, "Innspillkassen stengte 1. mai.")


def test_coming_box_refuses_with_a_default_text(client, strategy):
    page = add_form(strategy, state=FeedbackState.COMING, coming_text="")

    assert_refused(submit(client, page, VALID), 409, "Innspillkassen er ikke åpnet ennå.")


# Honeypot --------------------------------------------------------------------------------------


def test_filled_honeypot_is_refused_and_nothing_is_stored(client, form_page):
    response = submit(client, form_page, {**VALID, "website": "https://spam.example"})

    data = assert_refused(response, 400, "Innspillet kunne ikke tas imot.")
    assert "errors" not in data


def test_empty_honeypot_is_accepted(client, form_page):
    assert submit(client, form_page, {**VALID, "website": ""}).status_code == 201


# Rate limit ------------------------------------------------------------------------------------


def test_too_many_submissions_from_one_client_get_429_with_retry_after(client, form_page, settings):
    settings.FEEDBACK_RATE_LIMIT = "2/600"

    statuses = [submit(client, form_page, VALID).status_code for _ in range(2)]
    refused = submit(client, form_page, VALID)
    other_client = submit(client, form_page, VALID, REMOTE_ADDR="192.0.2.44")

    assert statuses == [201, 201]
    assert refused.status_code == 429
    assert refused.json() == {"message": "For mange innspill fra din adresse. Prøv igjen senere."}
    assert 1 <= int(refused["Retry-After"]) <= 600
    assert other_client.status_code == 201
    assert FeedbackSubmission.objects.count() == 3


def test_refused_submissions_do_not_count_against_the_limit(client, form_page, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/600"

    assert submit(client, form_page, {"navn": "Ola"}).status_code == 400
    assert submit(client, form_page, VALID).status_code == 201


def test_filled_honeypots_count_against_the_limit(client, form_page, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/600"

    assert submit(client, form_page, {**VALID, "website": "x"}).status_code == 400
    assert submit(client, form_page, VALID).status_code == 429


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, form_page, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/600"
    settings.FEEDBACK_TRUSTED_PROXY_COUNT = 0

    first = submit(client, form_page, VALID, HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = submit(client, form_page, VALID, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert (first.status_code, second.status_code) == (201, 429)


def test_forwarded_for_names_the_client_behind_a_trusted_proxy(client, form_page, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/600"
    settings.FEEDBACK_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}

    first = submit(client, form_page, VALID, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    other = submit(client, form_page, VALID, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    # A client cannot escape the limit by writing its own entries in front of the proxy's.
    forged = submit(
        client, form_page, VALID, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1", **proxy
    )

    assert (first.status_code, other.status_code, forged.status_code) == (201, 201, 429)


def test_rate_limit_setting_is_read_in_both_forms(settings):
    settings.FEEDBACK_RATE_LIMIT = "5/600"
    assert rate_limit() == (5, 600)
    settings.FEEDBACK_RATE_LIMIT = (3, 60)
    assert rate_limit() == (3, 60)
    settings.FEEDBACK_RATE_LIMIT = "five a minute"
    with pytest.raises(ImproperlyConfigured):
        rate_limit()


# Malformed bodies -------------------------------------------------------------------------------

MALFORMED_BODIES = {
    "not-json": b"navn=Kari",
    "truncated-json": b'{"navn": "Kari"',
    "empty": b"",
    "array": b'[{"navn": "Kari"}]',
    "string": b'"Kari"',
    "null": b"null",
    "not-utf8": '{"navn": "Kåre"}'.encode("latin-1"),
    "byte-order-mark": b'\xef\xbb\xbf{"navn": "Kari"}',
    "nan": b'{"antall_ansatte": NaN}',
    "deep-nesting": b'{"innspill": ' + b"[" * 20000 + b"]" * 20000 + b"}",
    "nul-in-value": json.dumps({**VALID, "innspill": "a\x00b"}).encode(),
    "nul-in-key": json.dumps({**VALID, "a\x00b": ""}).encode(),
    "lone-surrogate": b'{"navn": "Kari", "innspill": "\\ud800"}',
    "number-for-text": json.dumps({**VALID, "navn": 42}).encode(),
    "list-for-text": json.dumps({**VALID, "innspill": ["a", "b"]}).encode(),
    "object-for-text": json.dumps({**VALID, "innspill": {"tekst": "a"}}).encode(),
    "string-for-checkbox": json.dumps({**VALID, "nyhetsbrev": "true"}).encode(),
    "string-for-checkboxes": json.dumps({**VALID, "tema": "Næring"}).encode(),
    "numbers-in-checkboxes": json.dumps({**VALID, "tema": [1, 2]}).encode(),
    "boolean-for-number": json.dumps({**VALID, "antall_ansatte": True}).encode(),
    "huge-integer": b'{"antall_ansatte": ' + b"9" * 5000 + b"}",
}


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
def test_malformed_body_is_a_json_400(client, form_page, body):
    assert_refused(post_raw(client, form_page, body), 400)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/plain",
        "application/json; charset=latin-1",
        "",
    ],
)
def test_body_not_sent_as_json_is_a_415(client, form_page, content_type):
    response = post_raw(client, form_page, json.dumps(VALID), content_type=content_type)

    assert_refused(response, 415)


def test_json_with_charset_utf8_is_accepted(client, form_page):
    response = post_raw(
        client, form_page, json.dumps(VALID), content_type="application/json; charset=UTF-8"
    )

    assert response.status_code == 201, response.content


def test_body_over_64_kib_is_a_413(client, form_page):
    body = json.dumps({**VALID, "innspill": "x" * MAX_BODY_BYTES})

    assert_refused(post_raw(client, form_page, body), 413)


def test_unreadable_content_length_is_a_400(client, form_page):
    response = post_raw(client, form_page, json.dumps(VALID), CONTENT_LENGTH="abc")

    assert_refused(response, 400)


def test_query_parameters_are_rejected(client, form_page):
    response = client.post(
        url(form_page) + "?format=api", json.dumps(VALID), content_type="application/json"
    )

    assert_refused(response, 400)


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_are_a_json_405(client, form_page, method):
    response = getattr(client, method)(url(form_page))

    assert_refused(response, 405)


# Definition -----------------------------------------------------------------------------------


def test_definition_describes_fields_state_and_rules(client, form_page):
    response = client.get(url(form_page))

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["id"] == form_page.pk
    assert data["state"] == "open"
    assert data["is_open"] is True
    assert data["state_message"] == ""
    assert data["intro"] == "<p>Kom med dine innspill til strategien.</p>"
    assert data["thank_you_text"] == "<p>Takk for <b>innspillet</b> ditt!</p>"
    assert [field["name"] for field in data["fields"]] == [
        "navn",
        "e_post",
        "innspill",
        "tema",
        "kommune",
        "antall_ansatte",
        "nyhetsbrev",
    ]
    fields = {field["name"]: field for field in data["fields"]}
    assert fields["navn"]["required"] is True
    assert fields["tema"]["choices"] == ["Næring", "Samfunn", "Kompetanse"]
    assert fields["tema"]["value_type"] == "array"
    assert fields["kommune"]["choices"] == ["Tromsø", "Senja"]
    assert fields["nyhetsbrev"]["value_type"] == "boolean"
    assert data["consent"] == {
        "name": "consent",
        "text": "Vi lagrer e-postadressen din for å kunne svare deg.",
        "required_with": ["e_post"],
    }
    assert data["honeypot"] == {"name": "website"}
    assert data["max_body_bytes"] == MAX_BODY_BYTES


def test_definition_of_a_closed_box_says_why(client, strategy):
    page = add_form(strategy, state=FeedbackState.CLOSED, closed_text="")

    data = client.get(url(page)).json()

    assert data["is_open"] is False
    assert data["state_message"] == "Innspillkassen er stengt."


def test_definition_drops_links_to_pages_a_reader_may_not_see(client, strategy):
    hidden = add_form(strategy, live=False, slug="utkast")
    page = add_form(
        strategy,
        slug="innspill",
        intro=f'<p>Se <a linktype="page" id="{hidden.pk}">utkastet</a>.</p>',
    )

    intro = client.get(url(page)).json()["intro"]

    assert "utkastet" in intro
    assert "href" not in intro


def schema_errors(document, schema, instance):
    registry = Registry().with_resource("urn:api", Resource.opaque(document))
    wrapped = {"$ref": "urn:api#" + schema["$ref"][1:]} if "$ref" in schema else schema
    validator = Draft202012Validator(wrapped, registry=registry)
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(instance)]


def test_answers_match_the_openapi_document(client, form_page, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/600"
    document = client.get("/api/openapi.json").json()
    operations = document["paths"]["/api/v2/forms/{id}/"]
    closed = add_form(form_page.get_parent(), slug="stengt", state=FeedbackState.CLOSED)
    answers = [
        ("get", client.get(url(form_page))),
        ("post", submit(client, form_page, {"navn": 1})),
        ("post", post_raw(client, form_page, "[]")),
        ("post", post_raw(client, form_page, "{}", content_type="text/plain")),
        ("post", post_raw(client, form_page, "x" * (MAX_BODY_BYTES + 1))),
        ("post", submit(client, 987654, VALID)),
        ("post", submit(client, closed, VALID)),
        ("post", submit(client, form_page, VALID)),
        ("post", submit(client, form_page, VALID)),
    ]

    assert [response.status_code for _, response in answers] == [
        200,
        400,
        400,
        415,
        413,
        404,
        409,
        201,
        429,
    ]
    for method, response in answers:
        documented = operations[method]["responses"][str(response.status_code)]
        schema = documented["content"]["application/json"]["schema"]
        assert not schema_errors(document, schema, response.json()), response.status_code
