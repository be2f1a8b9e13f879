"""Citizen search and application rounds: open schemes first on an equal match, deadlines shown."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from schemes.models import ApplicationRound
from search import engine
from tests.factories import SchemePageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2027, 2, 1, 12, 0, tzinfo=OSLO)
DEADLINE = datetime.datetime(2027, 3, 1, 23, 59, tzinfo=OSLO)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def schemes(clock, tree):
    def add(title, deadline, status):
        page = SchemePageFactory(
            parent=tree["topic"], title=title, summary="Tilskudd til kaianlegg.", status=status
        )
        ApplicationRound.objects.create(page=page, deadline=deadline)
        return publish(page)

    # Alphabetically first, and closed since last year though its stored status says open.
    closed = add("Alfa", datetime.datetime(2026, 6, 1, tzinfo=OSLO), "open")
    open_ = add("Beta", DEADLINE, "closed")
    return closed, open_


def test_an_open_scheme_ranks_above_a_closed_one_that_matches_equally(schemes, clock):
    hits = engine.search("kaianlegg")
    assert [hit.title for hit in hits] == ["Beta", "Alfa"]
    assert hits[0].score == pytest.approx(hits[1].score)
    # After Beta's deadline both are closed, and the ranker's own order (by title) holds.
    clock.move_to(DEADLINE)
    assert [hit.title for hit in engine.search("kaianlegg")] == ["Alfa", "Beta"]


def test_open_schemes_come_first_among_equal_matches_wherever_the_results_shown_begin(
    api_client, schemes, tree
):
    closed, open_ = schemes
    later = SchemePageFactory(
        parent=tree["topic"], title="Gamma", summary="Tilskudd til kaianlegg.", status="closed"
    )
    ApplicationRound.objects.create(page=later, deadline=DEADLINE)
    later = publish(later)
    # Equal matches, by title: Alfa (closed), Beta (open), Gamma (open).
    order = [open_.pk, later.pk, closed.pk]
    for offset in range(3):
        for limit in (1, 2):
            items = api_client.get(
                "/api/v2/search/", {"q": "kaianlegg", "offset": offset, "limit": limit}
            ).json()["items"]
            assert [item["id"] for item in items] == order[offset : offset + limit]
    html = api_client.get("/sok/", {"q": "kaianlegg"}).content.decode()
    assert html.index("Beta") < html.index("Gamma") < html.index("Alfa")
    assert html.count("Søknadsfrist 1. mars 2027") == 2


def test_a_better_match_still_ranks_above_an_open_scheme(schemes, tree):
    publish(
        SchemePageFactory(
            parent=tree["topic"],
            title="Kaianlegg",
            summary="Tilskudd til kaianlegg.",
            status="closed",
        )
    )
    assert [hit.title for hit in engine.search("kaianlegg")][0] == "Kaianlegg"


def test_the_search_page_shows_a_schemes_next_deadline(client, schemes, clock):
    html = client.get("/sok/", {"q": "kaianlegg"}).content.decode()
    assert '<p class="result-deadline">Søknadsfrist 1. mars 2027</p>' in html
    assert html.count("result-deadline") == 1
    clock.move_to(DEADLINE)
    html = client.get("/sok/", {"q": "kaianlegg"}).content.decode()
    assert "Søknadsfrist" not in html
