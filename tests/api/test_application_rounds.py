"""Application rounds: status, open_now, next_deadline, the finder, feeds and caching follow the
clock, which time-machine moves across a deadline."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from icalendar import Calendar

from headless.models import PageDocument
from home.models import TopicPage
from schemes.models import ApplicationRound, ProgrammePage, SchemePage

from .conftest import publish
from .test_openapi import check

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2027, 2, 1, 12, 0, tzinfo=OSLO)
SPRING_DEADLINE = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=OSLO)
AUTUMN_OPENS = datetime.datetime(2027, 8, 1, 0, 0, tzinfo=OSLO)
AUTUMN_DEADLINE = datetime.datetime(2027, 9, 15, 23, 59, tzinfo=OSLO)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def schemes(clock, home_page):
    topic = publish(home_page.add_child(instance=TopicPage(title="Næring", slug="naering")))

    def add(title, status, rounds=(), model=SchemePage, **fields):
        page = topic.add_child(
            instance=model(
                title=title,
                slug=title.lower().replace(" ", "-"),
                summary=title,
                status=status,
                **fields,
            )
        )
        for opens_at, deadline, note in rounds:
            ApplicationRound.objects.create(
                page=page, opens_at=opens_at, deadline=deadline, note=note
            )
        return publish(page)

    return {
        # The manual status says closed; its open round rules.
        "kompetanse": add(
            "Kompetanse",
            "closed",
            [
                (None, SPRING_DEADLINE, "Vårrunden 2027"),
                (AUTUMN_OPENS, AUTUMN_DEADLINE, "Høstrunden 2027"),
            ],
            amount="Inntil 500 000 kroner",
            apply_url="https://regionalforvaltning.no/",
            how_to_apply="<p>Søk i <b>regionalforvaltning.no</b>.</p>",
        ),
        # The manual status says open; its round has closed.
        "kaier": add(
            "Kaier",
            "open",
            [
                (
                    datetime.datetime(2026, 9, 1, tzinfo=OSLO),
                    datetime.datetime(2026, 11, 1, tzinfo=OSLO),
                    "",
                )
            ],
        ),
        "loepende": add("Løpende", "closed", [(None, None, "Løpende")]),
        "manual": add("Manuell", "under_evaluation"),
        "programme": add("Program", "continuous", model=ProgrammePage),
    }


def detail(api_client, page, query=""):
    response = api_client.get(f"/api/v2/pages/{page.pk}/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def finder(api_client, query=""):
    response = api_client.get(f"/api/v2/schemes/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def titles(listing):
    return [item["title"] for item in listing["items"]]


def test_an_open_round_makes_the_scheme_open_with_its_deadline_next(api_client, schemes):
    data = detail(api_client, schemes["kompetanse"])
    assert data["status"] == "open"
    assert data["open_now"] is True
    assert data["next_deadline"] == "2027-03-01T12:00:00+01:00"
    assert data["amount"] == "Inntil 500 000 kroner"
    assert data["apply_url"] == "https://regionalforvaltning.no/"
    assert "regionalforvaltning.no" in data["how_to_apply"]
    assert data["application_rounds"] == [
        {
            "opens_at": None,
            "deadline": "2027-03-01T12:00:00+01:00",
            "note": "Vårrunden 2027",
            "is_open": True,
        },
        {
            "opens_at": "2027-08-01T00:00:00+02:00",
            "deadline": "2027-09-15T23:59:00+02:00",
            "note": "Høstrunden 2027",
            "is_open": False,
        },
    ]
    assert data["deadlines_calendar_url"].endswith(
        f"/api/v2/schemes/{schemes['kompetanse'].pk}/deadlines.ics"
    )


def test_a_scheme_whose_round_closed_is_closed_without_a_next_deadline(api_client, schemes):
    data = detail(api_client, schemes["kaier"])
    assert data["status"] == "closed"
    assert data["open_now"] is False
    assert data["next_deadline"] is None


def test_a_round_without_deadline_is_continuous_intake(api_client, schemes):
    data = detail(api_client, schemes["loepende"])
    assert data["status"] == "continuous"
    assert data["open_now"] is True
    assert data["next_deadline"] is None


def test_without_rounds_the_editors_status_rules(api_client, schemes):
    assert detail(api_client, schemes["manual"])["status"] == "under_evaluation"
    assert detail(api_client, schemes["manual"])["open_now"] is False
    assert detail(api_client, schemes["programme"])["open_now"] is True


def test_the_listing_with_fields_carries_the_round_fields(api_client, schemes):
    response = api_client.get(
        "/api/v2/pages/?type=schemes.SchemePage"
        "&fields=application_rounds,next_deadline,open_now,amount,apply_url&order=title"
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["title"] == "Kaier"
    assert item["open_now"] is False
    assert item["next_deadline"] is None
    assert len(item["application_rounds"]) == 1


def test_the_pages_endpoints_status_filter_uses_the_status_the_api_shows(api_client, schemes):
    def listed(status):
        response = api_client.get(f"/api/v2/pages/?type=schemes.SchemePage&status={status}")
        assert response.status_code == 200
        return titles(response.json())

    assert listed("open") == ["Kompetanse"]
    assert listed("closed") == ["Kaier"]
    assert listed("continuous") == ["Løpende"]


def test_finder_items_carry_the_round_fields_and_an_open_now_facet(api_client, schemes):
    data = finder(api_client)
    by_title = {item["title"]: item for item in data["items"]}
    assert by_title["Kompetanse"]["open_now"] is True
    assert by_title["Kompetanse"]["next_deadline"] == "2027-03-01T12:00:00+01:00"
    assert by_title["Kompetanse"]["amount"] == "Inntil 500 000 kroner"
    assert [r["note"] for r in by_title["Kompetanse"]["application_rounds"]] == [
        "Vårrunden 2027",
        "Høstrunden 2027",
    ]
    assert by_title["Kompetanse"]["apply_url"] == "https://regionalforvaltning.no/"
    assert "application_rounds" not in by_title["Program"]
    assert by_title["Kaier"]["status"] == "closed"
    assert data["meta"]["facets"]["open_now"] == [
        {"value": "true", "name": "Åpen for søknad nå", "count": 3},
        {"value": "false", "name": "Ikke åpen for søknad nå", "count": 2},
    ]
    status_counts = {v["value"]: v["count"] for v in data["meta"]["facets"]["status"]}
    assert status_counts == {"open": 1, "closed": 1, "under_evaluation": 1, "continuous": 2}


def test_the_finder_filters_by_open_now_and_computed_status(api_client, schemes):
    assert titles(finder(api_client, "?open_now=true")) == ["Kompetanse", "Løpende", "Program"]
    assert titles(finder(api_client, "?open_now=false")) == ["Kaier", "Manuell"]
    assert titles(finder(api_client, "?status=open")) == ["Kompetanse"]
    assert titles(finder(api_client, "?status=closed")) == ["Kaier"]


def test_the_finder_filters_by_deadline_window_on_oslo_days(api_client, schemes):
    assert titles(finder(api_client, "?deadline_before=2027-03-01")) == ["Kompetanse"]
    assert titles(finder(api_client, "?deadline_before=2027-02-28")) == []
    assert titles(finder(api_client, "?deadline_after=2027-03-02")) == ["Kompetanse"]
    assert titles(finder(api_client, "?deadline_after=2027-09-16")) == []
    # The window holds for one round: no round of Kompetanse falls between its two deadlines.
    window = "?deadline_after=2027-03-02&deadline_before=2027-09-14"
    assert titles(finder(api_client, window)) == []
    # 23:59 on 15 September is that Oslo day, though 21:59 UTC.
    assert titles(finder(api_client, "?deadline_after=2027-09-15")) == ["Kompetanse"]
    assert titles(finder(api_client, "?deadline_after=0001-01-01&deadline_before=9999-12-31")) == [
        "Kompetanse"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "deadline_before=abc",
        "deadline_after=2027-02-30",
        "deadline_before=01.03.2027",
        "deadline_before=2027-03-01T12:00",
        "open_now=yes",
    ],
)
def test_a_bad_finder_value_is_a_400_in_norwegian(api_client, schemes, query):
    response = api_client.get(f"/api/v2/schemes/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["message"]
    name = query.partition("=")[0]
    assert name in body["errors"]
    assert any(word in body["errors"][name][0] for word in ("Oppgi", "dato", "true"))


def test_the_date_message_is_norwegian(api_client, schemes):
    body = api_client.get("/api/v2/schemes/?deadline_before=abc").json()
    assert body["errors"]["deadline_before"] == [
        "Oppgi en dato som ÅÅÅÅ-MM-DD, for eksempel 2027-03-01."
    ]


def test_the_finder_orders_by_next_deadline_with_undated_schemes_last(api_client, schemes):
    # A second dated scheme, whose deadline comes before Kompetanse's.
    soon = schemes["manual"]
    ApplicationRound.objects.create(
        page=soon, deadline=datetime.datetime(2027, 2, 10, 12, 0, tzinfo=OSLO)
    )
    publish(SchemePage.objects.get(pk=soon.pk))
    assert titles(finder(api_client, "?order=next_deadline")) == [
        "Manuell",
        "Kompetanse",
        "Kaier",
        "Løpende",
        "Program",
    ]
    assert titles(finder(api_client, "?order=-next_deadline"))[:2] == ["Kompetanse", "Manuell"]


def test_the_deadline_feed_carries_every_deadline_ahead(api_client, schemes):
    response = api_client.get("/api/v2/schemes/deadlines.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [
        "Søknadsfrist: Kompetanse",
        "Søknadsfrist: Kompetanse",
    ]
    assert events[0].decoded("DTSTART") == datetime.date(2027, 3, 1)
    assert "1. mars 2027 kl. 12.00" in str(events[0]["DESCRIPTION"])
    assert str(events[0]["URL"]).endswith("/naering/kompetanse/")
    assert events[1].decoded("DTSTART") == datetime.date(2027, 9, 15)


def test_the_per_scheme_feed_has_only_that_schemes_deadlines(api_client, schemes):
    response = api_client.get(f"/api/v2/schemes/{schemes['kompetanse'].pk}/deadlines.ics")
    assert response.status_code == 200
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2
    empty = api_client.get(f"/api/v2/schemes/{schemes['kaier'].pk}/deadlines.ics")
    assert Calendar.from_ical(empty.content).walk("VEVENT") == []
    # A programme has no deadlines feed; unknown parameters are refused.
    assert (
        api_client.get(f"/api/v2/schemes/{schemes['programme'].pk}/deadlines.ics").status_code
        == 404
    )
    assert api_client.get("/api/v2/schemes/deadlines.ics?x=1").status_code == 400


def test_crossing_a_deadline_moves_status_finder_etag_and_cached_answer_together(
    api_client, schemes, clock
):
    page = schemes["kompetanse"]
    detail_url = f"/api/v2/pages/{page.pk}/"
    finder_url = "/api/v2/schemes/?open_now=true"
    before = api_client.get(detail_url)
    before_finder = api_client.get(finder_url)
    feed_before = api_client.get("/api/v2/schemes/deadlines.ics")
    assert before.json()["open_now"] is True
    assert "Kompetanse" in titles(before_finder.json())
    # Answered from the shared cache while nothing changes.
    clock.move_to(SPRING_DEADLINE - MINUTE)
    assert api_client.get(detail_url)["ETag"] == before["ETag"]
    assert api_client.get(finder_url).content == before_finder.content

    # No CDN or browser keeps a copy past the deadline.
    assert before["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    clock.move_to(SPRING_DEADLINE - datetime.timedelta(seconds=30))
    near = api_client.get(detail_url)
    assert near["ETag"] == before["ETag"]
    assert near["Cache-Control"] == "public, max-age=30, stale-while-revalidate=0"
    clock.move_to(SPRING_DEADLINE)
    after = api_client.get(detail_url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    data = after.json()
    assert data["status"] == "closed"
    assert data["open_now"] is False
    assert data["next_deadline"] == "2027-09-15T23:59:00+02:00"
    assert [r["is_open"] for r in data["application_rounds"]] == [False, False]
    after_finder = api_client.get(finder_url)
    assert "Kompetanse" not in titles(after_finder.json())
    assert api_client.get("/api/v2/schemes/?status=closed").json()["meta"]["total_count"] == 2
    feed_after = api_client.get("/api/v2/schemes/deadlines.ics")
    assert feed_after.content != feed_before.content
    assert len(Calendar.from_ical(feed_after.content).walk("VEVENT")) == 1

    # The next turn, the autumn round opening, moves everything again: the version counts it.
    opened = api_client.get(detail_url)
    clock.move_to(AUTUMN_OPENS)
    reopened = api_client.get(detail_url, HTTP_IF_NONE_MATCH=opened["ETag"])
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open"
    assert "Kompetanse" in titles(api_client.get(finder_url).json())

    clock.move_to(AUTUMN_DEADLINE)
    last = api_client.get(detail_url).json()
    assert last["status"] == "closed"
    assert last["next_deadline"] is None


def test_a_stored_document_cannot_outlive_the_next_deadline(api_client, schemes, clock):
    document = PageDocument.objects.get(page_id=schemes["kompetanse"].pk)
    assert document.valid_until == SPRING_DEADLINE
    clock.move_to(SPRING_DEADLINE + MINUTE)
    cache.clear()
    assert detail(api_client, schemes["kompetanse"])["status"] == "closed"
    document.refresh_from_db()
    assert document.valid_until == AUTUMN_OPENS


def test_the_six_loaded_schemes_keep_the_status_their_source_gives(api_client, db):
    call_command("load_troms_content", stdout=io.StringIO())
    schemes = list(SchemePage.objects.live())
    assert len(schemes) == 6
    listing = api_client.get(
        "/api/v2/pages/?type=schemes.SchemePage&fields=status,open_now,application_rounds"
    ).json()
    by_id = {item["id"]: item for item in listing["items"]}
    for scheme in schemes:
        item = by_id[scheme.pk]
        assert item["status"] == scheme.status, scheme.title
        assert item["application_rounds"] == []
        assert item["open_now"] is (scheme.status in ("open", "continuous"))
    statuses = {scheme.title: scheme.status for scheme in schemes}
    assert statuses["Omstillingstillingsprogrammet"] == "under_evaluation"
    facets = api_client.get("/api/v2/schemes/?kind=scheme").json()["meta"]["facets"]
    assert {v["value"]: v["count"] for v in facets["status"]} == {
        "under_evaluation": 1,
        "continuous": 5,
    }


def test_the_round_fields_are_typed_in_openapi_and_payloads_match(api_client, schemes):
    document = api_client.get("/api/openapi.json").json()
    scheme = document["components"]["schemas"]["schemesSchemePage"]["properties"]
    assert scheme["application_rounds"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ApplicationRound"},
    }
    assert scheme["next_deadline"] == {"type": ["string", "null"], "format": "date-time"}
    assert scheme["open_now"] == {"type": "boolean"}
    assert scheme["amount"] == {"type": "string"}
    assert scheme["status"] == {"enum": ["open", "closed", "under_evaluation", "continuous"]}
    for page in schemes.values():
        payload = detail(api_client, page)
        name = payload["meta"]["type"].replace(".", "")
        check(document, {"$ref": f"#/components/schemas/{name}"}, payload)
    finder_path = document["paths"]["/api/v2/schemes/"]["get"]
    names = {parameter["name"] for parameter in finder_path["parameters"]}
    assert {"open_now", "deadline_before", "deadline_after"} <= names
    listing = finder_path["responses"]["200"]["content"]["application/json"]["schema"]
    check(document, listing, finder(api_client))
    for path in ("/api/v2/schemes/deadlines.ics", "/api/v2/schemes/{id}/deadlines.ics"):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert list(content) == ["text/calendar"]


def test_the_status_filter_works_with_search(api_client, schemes):
    response = api_client.get(
        "/api/v2/pages/?type=schemes.SchemePage&status=open&search=kompetanse"
    )
    assert response.status_code == 200, response.content
    assert titles(response.json()) == ["Kompetanse"]
    response = api_client.get(
        "/api/v2/pages/?type=schemes.SchemePage&status=closed&search=kompetanse"
    )
    assert titles(response.json()) == []
