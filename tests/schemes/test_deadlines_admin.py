"""Deadlines for editors: the scheme overview's column and filter, and the dashboard panel."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from schemes.choices import SchemeStatus
from schemes.models import ApplicationRound
from tests.factories import SchemePageFactory
from tests.overviews import csv_rows

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2027, 2, 1, 12, 0, tzinfo=OSLO)
SCHEMES_URL = "schemes_schemepage_modeladmin_index"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def admin(clock, admin_user):
    """Signed in at the stopped clock, as a session older than it would have expired."""
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def schemes(clock, scheme_index):
    def add(title, deadline=None, status=SchemeStatus.CLOSED, note=""):
        page = SchemePageFactory(parent=scheme_index, title=title, status=status)
        if deadline:
            ApplicationRound.objects.create(page=page, deadline=deadline, note=note)
        return page

    return {
        "soon": add("Snart", datetime.datetime(2027, 2, 5, 12, 0, tzinfo=OSLO), note="Vår 2027"),
        "month": add("Om en måned", datetime.datetime(2027, 2, 25, 23, 59, tzinfo=OSLO)),
        "later": add("Senere", datetime.datetime(2027, 6, 1, 12, 0, tzinfo=OSLO)),
        "none": add("Uten frist", status=SchemeStatus.UNDER_EVALUATION),
    }


def titles(response):
    return sorted(page.title for page in response.context["object_list"])


def test_the_overview_shows_the_next_deadline_and_the_status_the_rounds_give(admin, schemes):
    response = admin.get(reverse(SCHEMES_URL))
    assert response.status_code == 200, response
    html = response.content.decode()
    assert "Neste søknadsfrist" in html
    assert "5. februar 2027 kl. 12.00" in html
    assert "25. februar 2027" in html
    rows = csv_rows(admin.get(reverse(SCHEMES_URL), {"export": "csv"}))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "Snart"), strict=True))
    # The stored status says closed; the open round rules.
    assert row["Status"] == "Åpen for søknader"
    assert row["Neste søknadsfrist"] == "5. februar 2027 kl. 12.00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", ["Snart"]),
        ("30", ["Om en måned", "Snart"]),
        ("later", ["Senere"]),
        ("none", ["Uten frist"]),
    ],
)
def test_the_overview_is_filtered_by_next_deadline(admin, schemes, value, expected):
    response = admin.get(reverse(SCHEMES_URL), {"next_deadline": value})
    assert titles(response) == expected


def test_the_overview_status_filter_uses_the_status_the_rounds_give(admin, schemes):
    response = admin.get(reverse(SCHEMES_URL), {"status__exact": "open"})
    assert titles(response) == ["Om en måned", "Senere", "Snart"]
    response = admin.get(reverse(SCHEMES_URL), {"status__exact": "under_evaluation"})
    assert titles(response) == ["Uten frist"]


def test_the_overview_orders_by_next_deadline(admin, schemes):
    index = list(admin.get(reverse(SCHEMES_URL)).context["view"].list_display).index(
        "next_deadline"
    )
    response = admin.get(reverse(SCHEMES_URL), {"o": str(index)})
    dated = [page.title for page in response.context["object_list"] if page.next_deadline_at]
    assert dated == ["Snart", "Om en måned", "Senere"]


def test_the_dashboard_shows_the_deadlines_of_the_next_30_days(admin, admin_user, schemes, clock):
    html = admin.get(reverse("wagtailadmin_home")).content.decode()
    assert "Søknadsfrister de neste 30 dagene" in html
    assert "Snart" in html and "5. februar 2027 kl. 12.00" in html and "Vår 2027" in html
    assert "Om en måned" in html
    assert "Senere" not in html
    clock.move_to(datetime.datetime(2027, 3, 1, tzinfo=OSLO))
    admin.force_login(admin_user)
    html = admin.get(reverse("wagtailadmin_home")).content.decode()
    assert "Søknadsfrister de neste" not in html


@pytest.mark.parametrize("params", [{"next_deadline": "abc"}, {"status__exact": "stengt"}])
def test_an_unknown_filter_value_returns_to_the_whole_list(admin, schemes, params):
    response = admin.get(reverse(SCHEMES_URL), params, follow=True)
    assert response.redirect_chain == [(reverse(SCHEMES_URL), 302)]
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == ["Filteret i adressen er ugyldig; se hele listen."]
