import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from wagtail.models import PageViewRestriction

from tests.factories import (
    MeetingFactory,
    MunicipalityFactory,
    RegionFactory,
    StrategyPageFactory,
    TopicPageFactory,
    site_root,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
LISTING_BUDGET = 10
TOO_BIG = "99999999999999999999999"


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


@pytest.fixture
def api_client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def portal(db):
    home = site_root()
    strategy = StrategyPageFactory(
        parent=home, title="Næringsstrategi for Troms", slug="naeringsstrategi-for-troms"
    )
    nord = RegionFactory(name="Nord-Troms", slug="nord-troms")
    midt = RegionFactory(name="Midt-Troms", slug="midt-troms")
    winter = MeetingFactory(
        page=strategy,
        region=midt,
        municipality=MunicipalityFactory(name="Senja", region=midt),
        start=oslo(2022, 3, 1, 18, 0),
        end=oslo(2022, 3, 1, 20, 30),
        venue="Kulturhuset, sal 2; inngang B",
        place="Finnsnes",
        signup_url="https://www.tromsfylke.no/pamelding/finnsnes/",
    )
    summer = MeetingFactory(
        page=strategy,
        region=nord,
        start=oslo(2022, 6, 14, 9, 0),
        end=oslo(2022, 6, 14, 11, 0),
        venue="Halti",
        place="Storslett",
        cancelled=True,
    )
    # Whole minutes, as editors enter them; iCalendar has no fractions of a second.
    now = timezone.now().replace(second=0, microsecond=0)
    soon = MeetingFactory(
        page=strategy,
        region=nord,
        start=now + datetime.timedelta(days=7),
        end=now + datetime.timedelta(days=7, hours=2),
        venue="Rådhuset",
        place="Skjervøy",
    )
    ongoing = MeetingFactory(
        page=strategy,
        region=midt,
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
        venue="Biblioteket",
        place="Bardufoss",
    )
    strategy.save_revision().publish()
    return {
        "home": home,
        "strategy": strategy,
        "nord": nord,
        "winter": winter,
        "summer": summer,
        "soon": soon,
        "ongoing": ongoing,
    }


@pytest.fixture
def hidden(portal):
    """Strategies an anonymous reader may not see, each with a meeting in Nord-Troms."""
    home = portal["home"]
    unpublished = StrategyPageFactory(parent=home, title="Utkast", live=False)
    private = StrategyPageFactory(parent=home, title="Privat")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    private_parent = TopicPageFactory(parent=home, title="Intern")
    PageViewRestriction.objects.create(
        page=private_parent, restriction_type=PageViewRestriction.LOGIN
    )
    below_private = StrategyPageFactory(parent=private_parent, title="Under privat")
    expired = StrategyPageFactory(
        parent=home, title="Utløpt", expire_at=timezone.now() - datetime.timedelta(days=1)
    )
    pages = [unpublished, private, below_private, expired]
    for page in pages:
        MeetingFactory(page=page, region=portal["nord"], venue="Hemmelig sted")
    return pages


def listing(client, query=""):
    response = client.get(f"/api/v2/meetings/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def ids(client, query=""):
    return [item["id"] for item in listing(client, query)["items"]]


def error(client, url, status=400, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["message"]
    return body


def calendar_url(page):
    return f"/api/v2/meetings/{page.pk}/calendar.ics"


def feed(client, page):
    response = client.get(calendar_url(page))
    assert response.status_code == 200, response.content
    return response


def events(client, page):
    calendar = Calendar.from_ical(feed(client, page).content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


# Listing -----------------------------------------------------------------------------------


def test_listing_shows_meetings_by_start_with_their_strategy(api_client, portal):
    data = listing(api_client)
    assert data["meta"] == {"total_count": 4}
    assert [item["id"] for item in data["items"]] == [
        portal[name].pk for name in ("winter", "summer", "ongoing", "soon")
    ]
    strategy = portal["strategy"]
    for item in data["items"]:
        assert item["strategy"] == {
            "id": strategy.pk,
            "title": "Næringsstrategi for Troms",
            "type": "strategy.StrategyPage",
            "url": "https://www.tromsfylke.no/naeringsstrategi-for-troms/",
        }


def test_items_are_meetings_as_the_strategy_detail_shows_them(api_client, portal):
    item = listing(api_client)["items"][0]
    meeting = portal["winter"]
    assert {key: value for key, value in item.items() if key != "strategy"} == (
        meeting.api_representation()
    )
    assert item["start"] == "2022-03-01T18:00:00+01:00"
    assert item["municipality"]["name"] == "Senja"


def test_upcoming_meetings_are_those_that_have_not_ended(api_client, portal):
    assert ids(api_client, "?upcoming=true") == [portal["ongoing"].pk, portal["soon"].pk]
    assert ids(api_client, "?upcoming=false") == [portal["winter"].pk, portal["summer"].pk]


def test_strategy_filter_takes_a_page_id(api_client, portal):
    other = StrategyPageFactory(parent=portal["home"], title="Kompetansestrategi")
    meeting = MeetingFactory(page=other, region=portal["nord"])
    assert ids(api_client, f"?strategy={other.pk}") == [meeting.pk]
    assert len(ids(api_client, f"?strategy={portal['strategy'].pk}")) == 4
    assert ids(api_client, "?strategy=999999") == []


def test_region_filter_takes_a_slug(api_client, portal):
    assert ids(api_client, "?region=nord-troms") == [portal["summer"].pk, portal["soon"].pk]
    assert ids(api_client, "?region=Nord-Troms&upcoming=true") == [portal["soon"].pk]
    assert ids(api_client, "?region=finnes-ikke") == []


def test_pagination_uses_limit_and_offset(api_client, portal):
    data = listing(api_client, "?limit=1&offset=1")
    assert data["meta"]["total_count"] == 4
    assert [item["id"] for item in data["items"]] == [portal["summer"].pk]


# Privacy -----------------------------------------------------------------------------------


def test_meetings_of_hidden_strategies_never_appear(api_client, portal, hidden):
    data = listing(api_client, "?limit=100")
    assert data["meta"]["total_count"] == 4
    assert {item["strategy"]["id"] for item in data["items"]} == {portal["strategy"].pk}
    assert listing(api_client, "?region=nord-troms")["meta"]["total_count"] == 2
    for page in hidden:
        assert listing(api_client, f"?strategy={page.pk}") == {
            "meta": {"total_count": 0},
            "items": [],
        }
        error(api_client, calendar_url(page), status=404)


def test_meetings_disappear_when_their_strategy_is_unpublished(api_client, portal):
    portal["strategy"].unpublish()
    assert listing(api_client)["meta"]["total_count"] == 0
    error(api_client, calendar_url(portal["strategy"]), status=404)


# Bad input, one test per class ---------------------------------------------------------------


def test_unknown_query_parameter_is_rejected(api_client, portal):
    body = error(api_client, "/api/v2/meetings/?place=Finnsnes")
    assert "place" in body["message"]


def test_malformed_limit_and_offset_are_rejected(api_client, portal):
    for query in ("limit=abc", "limit=-1", f"limit={TOO_BIG}", "limit=1000", "offset=x"):
        error(api_client, f"/api/v2/meetings/?{query}")


def test_null_character_is_rejected(api_client, portal):
    error(api_client, "/api/v2/meetings/?region=nord%00troms")


def test_repeated_parameter_is_rejected(api_client, portal):
    error(api_client, "/api/v2/meetings/?region=nord-troms&region=midt-troms")


def test_malformed_upcoming_is_rejected_with_the_filter_errors(api_client, portal):
    for value in ("maybe", "yes", "True", "2"):
        body = error(api_client, f"/api/v2/meetings/?upcoming={value}")
        assert list(body["errors"]) == ["upcoming"]


def test_malformed_strategy_id_is_rejected_with_the_filter_errors(api_client, portal):
    for value in ("abc", "0", "-1", TOO_BIG, "%EF%BC%91"):
        body = error(api_client, f"/api/v2/meetings/?strategy={value}")
        assert list(body["errors"]) == ["strategy"]


def test_malformed_region_is_rejected_with_the_filter_errors(api_client, portal):
    body = error(api_client, "/api/v2/meetings/?region=nord troms!")
    assert list(body["errors"]) == ["region"]


def test_bad_id_of_a_calendar_is_rejected(api_client, portal):
    error(api_client, f"/api/v2/meetings/{TOO_BIG}/calendar.ics")
    error(api_client, "/api/v2/meetings/0/calendar.ics")
    error(api_client, "/api/v2/meetings/abc/calendar.ics", status=404)


def test_calendar_of_anything_but_a_public_strategy_is_not_found(api_client, portal):
    error(api_client, calendar_url(portal["home"]), status=404)
    error(api_client, "/api/v2/meetings/999999/calendar.ics", status=404)


def test_calendar_errors_are_json_whatever_the_client_accepts(api_client, portal):
    error(
        api_client, "/api/v2/meetings/999999/calendar.ics", status=404, HTTP_ACCEPT="text/calendar"
    )


def test_unknown_query_parameter_on_the_calendar_is_rejected(api_client, portal):
    error(api_client, calendar_url(portal["strategy"]) + "?upcoming=true")


def test_other_methods_are_refused_in_json(api_client, portal):
    response = api_client.post(calendar_url(portal["strategy"]))
    assert response.status_code == 405
    assert response.json()["message"]


# Calendar feed -----------------------------------------------------------------------------


def test_calendar_is_an_icalendar_document(api_client, portal):
    response = feed(api_client, portal["strategy"])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["X-WR-CALNAME"] == "Innspillsmøter: Næringsstrategi for Troms"


def test_calendar_lines_end_in_crlf_and_are_folded_at_75_octets(api_client, portal):
    body = feed(api_client, portal["strategy"]).content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert not any(b"\n" in line for line in lines)
    assert all(len(line) <= 75 for line in lines)


def test_calendar_has_every_meeting_at_its_time_in_oslo(api_client, portal):
    found = events(api_client, portal["strategy"])
    assert len(found) == 4
    for name in ("winter", "summer", "soon", "ongoing"):
        meeting = portal[name]
        event = found[f"meeting-{meeting.pk}@www.tromsfylke.no"]
        assert event.decoded("DTSTART").astimezone(OSLO) == meeting.start.astimezone(OSLO)
        assert event.decoded("DTEND").astimezone(OSLO) == meeting.end.astimezone(OSLO)
        assert "DTSTAMP" in event
    winter = found[f"meeting-{portal['winter'].pk}@www.tromsfylke.no"]
    assert winter.decoded("DTSTART").astimezone(OSLO).hour == 18
    summer = found[f"meeting-{portal['summer'].pk}@www.tromsfylke.no"]
    assert summer.decoded("DTSTART").astimezone(OSLO).hour == 9


def test_calendar_events_say_what_and_where(api_client, portal):
    found = events(api_client, portal["strategy"])
    winter = found[f"meeting-{portal['winter'].pk}@www.tromsfylke.no"]
    assert str(winter["SUMMARY"]) == gettext("Input meeting %(region)s") % {"region": "Midt-Troms"}
    assert "Midt-Troms" in str(winter["SUMMARY"])
    assert str(winter["LOCATION"]) == "Kulturhuset, sal 2; inngang B, Finnsnes"
    assert str(winter["URL"]) == "https://www.tromsfylke.no/pamelding/finnsnes/"
    assert str(winter["STATUS"]) == "CONFIRMED"
    body = feed(api_client, portal["strategy"]).content.decode()
    # Commas and semicolons in text are escaped, not taken as separators.
    assert "Kulturhuset\\, sal 2\\; inngang B\\, Finnsnes" in body.replace("\r\n ", "")


def test_cancelled_meeting_is_marked_cancelled(api_client, portal):
    found = events(api_client, portal["strategy"])
    summer = found[f"meeting-{portal['summer'].pk}@www.tromsfylke.no"]
    assert str(summer["STATUS"]) == "CANCELLED"
    # Without a sign-up link, the event links to the strategy on the county site.
    assert str(summer["URL"]) == "https://www.tromsfylke.no/naeringsstrategi-for-troms/"


def test_calendar_uids_are_stable_across_requests(api_client, portal):
    first = feed(api_client, portal["strategy"]).content
    again = feed(api_client, portal["strategy"]).content
    assert first == again
    assert set(events(api_client, portal["strategy"])) == {
        f"meeting-{portal[name].pk}@www.tromsfylke.no"
        for name in ("winter", "summer", "soon", "ongoing")
    }


def test_strategy_detail_links_its_calendar(api_client, portal):
    strategy = portal["strategy"]
    response = api_client.get(f"/api/v2/pages/{strategy.pk}/")
    assert response.status_code == 200
    link = response.json()["meetings_calendar_url"]
    # Absolute, on the API's public address, so that calendars can subscribe to it.
    assert link == "http://127.0.0.1:8000" + calendar_url(strategy)
    assert api_client.get(calendar_url(strategy)).status_code == 200


# Contract and budget -------------------------------------------------------------------------


def check(document, schema, instance):
    """Validate ``instance`` against ``schema``, whose references point into ``document``."""
    document = {**document, "components": {**document["components"]}}
    document["components"]["schemas"] = {**document["components"]["schemas"], "Checked": schema}
    registry = Registry().with_resource("urn:api", Resource.opaque(document))
    validator = Draft202012Validator(
        {"$ref": "urn:api#/components/schemas/Checked"}, registry=registry
    )
    errors = list(validator.iter_errors(instance))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_listing_matches_the_openapi_document(api_client, portal):
    document = api_client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/v2/meetings/"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    check(document, schema, listing(api_client))
    check(
        document,
        {"$ref": "#/components/schemas/Error"},
        api_client.get("/api/v2/meetings/?upcoming=x").json(),
    )
    assert "/api/v2/meetings/{id}/calendar.ics" in document["paths"]


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.fixture
def many_meetings(portal):
    for number in range(20):
        strategy = StrategyPageFactory(parent=portal["home"], title=f"Strategi {number}")
        region = RegionFactory()
        MeetingFactory(
            page=strategy, region=region, municipality=MunicipalityFactory(region=region)
        )
    return portal


def test_listing_costs_the_same_few_queries_at_any_page_size(api_client, many_meetings):
    one = count_queries(api_client, "/api/v2/meetings/?limit=1")
    twenty = count_queries(api_client, "/api/v2/meetings/?limit=20")
    assert one == twenty <= LISTING_BUDGET
    assert count_queries(api_client, "/api/v2/meetings/?limit=20&upcoming=false") <= LISTING_BUDGET


def test_calendar_costs_the_same_few_queries_however_many_meetings(api_client, many_meetings):
    small = StrategyPageFactory(parent=many_meetings["home"], title="Liten strategi")
    MeetingFactory(page=small, region=many_meetings["nord"])
    few = count_queries(api_client, calendar_url(small))
    many = count_queries(api_client, calendar_url(many_meetings["strategy"]))
    assert few == many <= LISTING_BUDGET
