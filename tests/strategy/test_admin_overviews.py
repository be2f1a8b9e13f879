"""The overview of input meetings across strategies: upcoming first, read-only, exportable."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from strategy.models import Meeting
from strategy.wagtail_hooks import StrategyAdminGroup
from tests.factories import MeetingFactory, MunicipalityFactory, RegionFactory, StrategyPageFactory
from tests.overviews import csv_rows

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def url(action, *args):
    return reverse(f"strategy_meeting_modeladmin_{action}", args=args)


def days_from_now(days, hour=10):
    moment = timezone.localtime(timezone.now(), OSLO) + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_user(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username=username, password="passord")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def listed_venues(response):
    """The venues in the listing, in the order shown."""
    assert response.status_code == 200
    content = response.content.decode()
    venues = Meeting.objects.values_list("venue", flat=True)
    return sorted((venue for venue in venues if venue in content), key=content.index)


def menu(response):
    """{label: url} of the admin menu's items, and the labels of the submenus they are in."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.DOTALL,
    )
    items = {}

    def collect(node):
        if isinstance(node, dict):
            if node.get("_type") in {"wagtail.sidebar.LinkMenuItem", "wagtail.sidebar.SubMenuItem"}:
                item = node["_args"][0]
                items[item["label"]] = item.get("url")
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(json.loads(props.group(1)))
    return items


@pytest.fixture
def midt_troms(db):
    return RegionFactory(name="Midt-Troms")


@pytest.fixture
def nord_troms(db):
    return RegionFactory(name="Nord-Troms")


@pytest.fixture
def other_strategy(home_page):
    return StrategyPageFactory(parent=home_page, title="Kompetansestrategi")


@pytest.fixture
def meetings(strategy_page, other_strategy, midt_troms, nord_troms):
    """A past meeting, two upcoming ones of the strategy and one of the other, one cancelled."""
    return {
        "past": MeetingFactory(
            page=strategy_page, region=midt_troms, start=days_from_now(-30), venue="Rådhuset"
        ),
        "soon": MeetingFactory(
            page=strategy_page, region=nord_troms, start=days_from_now(3), venue="Halti"
        ),
        "later": MeetingFactory(
            page=other_strategy,
            region=midt_troms,
            start=days_from_now(20),
            venue="Kulturhuset",
        ),
        "cancelled": MeetingFactory(
            page=strategy_page,
            region=midt_troms,
            start=days_from_now(10),
            venue="Samfunnshuset",
            cancelled=True,
        ),
    }


@pytest.fixture
def viewer(django_user_model):
    return make_user(django_user_model, "redaktor", "view_meeting")


def test_overview_shows_upcoming_meetings_by_start(admin_client, meetings):
    response = admin_client.get(url("index"))

    assert listed_venues(response) == ["Halti", "Samfunnshuset", "Kulturhuset"]
    content = response.content.decode()
    for text in ["Næringsstrategi for Troms", "Kompetansestrategi", "Nord-Troms", "Finnsnes"]:
        assert text in content


def test_meeting_that_has_started_but_not_ended_is_upcoming(admin_client, strategy_page, region):
    now = timezone.now()
    MeetingFactory(
        page=strategy_page,
        region=region,
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
        venue="Pågår",
    )

    assert listed_venues(admin_client.get(url("index"))) == ["Pågår"]
    assert listed_venues(admin_client.get(url("index"), {"when": "past"})) == []


@pytest.mark.parametrize(
    ("when", "venues"),
    [
        ("upcoming", ["Halti", "Samfunnshuset", "Kulturhuset"]),
        ("past", ["Rådhuset"]),
        ("all", ["Rådhuset", "Halti", "Samfunnshuset", "Kulturhuset"]),
    ],
)
def test_overview_shows_past_or_all_meetings_when_asked(admin_client, meetings, when, venues):
    assert listed_venues(admin_client.get(url("index"), {"when": when})) == venues


def test_overview_filters_by_region_strategy_and_cancelled(
    admin_client, meetings, midt_troms, other_strategy
):
    by_region = admin_client.get(url("index"), {"when": "all", "region__id__exact": midt_troms.pk})
    by_strategy = admin_client.get(url("index"), {"strategy": other_strategy.pk})
    cancelled = admin_client.get(url("index"), {"cancelled__exact": "1"})

    assert listed_venues(by_region) == ["Rådhuset", "Samfunnshuset", "Kulturhuset"]
    assert listed_venues(by_strategy) == ["Kulturhuset"]
    assert listed_venues(cancelled) == ["Samfunnshuset"]


def test_overview_can_be_ordered_by_every_column(admin_client, meetings):
    # The columns: strategy, region, start, end, venue, place, cancelled.
    by_strategy = admin_client.get(url("index"), {"o": "0"})
    by_venue_backwards = admin_client.get(url("index"), {"o": "-4"})
    for column in ["1", "-2", "3", "5", "6", "6.1", "99", "x"]:
        assert admin_client.get(url("index"), {"o": column}).status_code == 200

    assert listed_venues(by_strategy) == ["Kulturhuset", "Halti", "Samfunnshuset"]
    assert listed_venues(by_venue_backwards) == ["Samfunnshuset", "Kulturhuset", "Halti"]


def test_overview_shows_times_in_oslo_time(admin_client, strategy_page, region):
    MeetingFactory(
        page=strategy_page,
        region=region,
        start=datetime.datetime(2030, 6, 3, 18, 0, tzinfo=OSLO),
        venue="Halti",
    )

    content = admin_client.get(url("index")).content.decode()

    assert "3. juni 2030 18:00" in content
    assert "3. juni 2030 20:00" in content


@pytest.mark.parametrize(
    "query",
    [{"when": "tomorrow"}, {"strategy": "abc"}, {"strategy": "0"}, {"page__owner__password": "x"}],
    ids=["unknown-time", "strategy-not-a-number", "unknown-strategy", "other-lookup"],
)
def test_address_with_a_bad_filter_goes_back_to_the_upcoming_meetings(
    admin_client, meetings, query
):
    response = admin_client.get(url("index"), query)

    assert response.status_code == 302
    assert response["Location"] == url("index")
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert messages == ["Filteret i adressen er ugyldig; se hele listen."]


def test_csv_export_lists_the_meetings_in_oslo_time(admin_client, strategy_page, midt_troms):
    MeetingFactory(
        page=strategy_page,
        region=midt_troms,
        start=datetime.datetime(2030, 1, 15, 18, 0, tzinfo=OSLO),
        venue="Kulturhuset «Bølgen»",
        place="Bardufoss",
        municipality=MunicipalityFactory(name="Målselv", region=midt_troms),
        signup_url="https://example.com/pamelding",
    )
    MeetingFactory(
        page=strategy_page,
        region=midt_troms,
        start=datetime.datetime(2030, 1, 16, 9, 30, tzinfo=OSLO),
        venue="Rådhuset",
        place="Sørreisa",
        cancelled=True,
    )

    response = admin_client.get(url("index"), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert csv_rows(response) == [
        [
            "Strategi",
            "Region",
            "Start",
            "Slutt",
            "Møtested",
            "Sted",
            "Kommune",
            "Påmeldingslenke",
            "Avlyst",
        ],
        [
            "Næringsstrategi for Troms",
            "Midt-Troms",
            "2030-01-15 18:00",
            "2030-01-15 20:00",
            "Kulturhuset «Bølgen»",
            "Bardufoss",
            "Målselv",
            "https://example.com/pamelding",
            "Nei",
        ],
        [
            "Næringsstrategi for Troms",
            "Midt-Troms",
            "2030-01-16 09:30",
            "2030-01-16 11:30",
            "Rådhuset",
            "Sørreisa",
            "",
            "",
            "Ja",
        ],
    ]


def test_export_follows_the_time_filter(admin_client, meetings):
    rows = csv_rows(admin_client.get(url("index"), {"export": "csv", "when": "past"}))[1:]

    assert [row[4] for row in rows] == ["Rådhuset"]


def test_listing_takes_the_same_number_of_queries_for_many_meetings(
    client, viewer, strategy_page, other_strategy, midt_troms, django_assert_num_queries
):
    MeetingFactory(page=strategy_page, region=midt_troms, start=days_from_now(1))
    client.force_login(viewer)
    client.get(url("index"))  # Permissions and the session, cached from here on.
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("index")).status_code == 200

    for number in range(8):
        MeetingFactory(
            page=other_strategy if number % 2 else strategy_page,
            region=RegionFactory(),
            municipality=MunicipalityFactory(region=midt_troms),
            start=days_from_now(2 + number),
            venue=f"Møtested {number}",
        )

    with django_assert_num_queries(len(few)):
        response = client.get(url("index"))
    assert len(listed_venues(response)) == 9


def test_meeting_is_read_only_here(admin_client, meetings):
    meeting = meetings["soon"]
    before = Meeting.objects.values().get(pk=meeting.pk)
    responses = [
        admin_client.get(url("create")),
        admin_client.post(url("create"), {"venue": "Ny"}),
        admin_client.get(url("edit", meeting.pk)),
        admin_client.post(url("edit", meeting.pk), {"venue": "Endret", "cancelled": "on"}),
        admin_client.get(url("delete", meeting.pk)),
        admin_client.post(url("delete", meeting.pk)),
    ]

    for response in responses:
        # Wagtail's admin answers a PermissionDenied by sending the user to the dashboard.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    # A meeting's history is its page's; the overview has none of its own.
    assert admin_client.get(f"/admin/strategy/meeting/history/{meeting.pk}/").status_code == 404
    assert Meeting.objects.values().get(pk=meeting.pk) == before
    assert Meeting.objects.count() == 4
    listing = admin_client.get(url("index")).content.decode()
    assert url("edit", meeting.pk) not in listing
    assert url("delete", meeting.pk) not in listing


def test_meeting_page_links_to_its_strategy_page_for_those_who_may_edit_it(
    admin_client, client, viewer, meetings, strategy_page
):
    meeting = meetings["soon"]
    edit_page = reverse("wagtailadmin_pages:edit", args=[strategy_page.pk])
    client.force_login(viewer)

    for_admin = admin_client.get(url("inspect", meeting.pk))
    for_viewer = client.get(url("inspect", meeting.pk))

    assert for_admin.status_code == 200
    content = for_admin.content.decode()
    for text in ["Halti", "Nord-Troms", "Finnsnes", "Nei", "Rediger strategisiden", edit_page]:
        assert text in content
    assert for_viewer.status_code == 200
    assert "Halti" in for_viewer.content.decode()
    assert edit_page not in for_viewer.content.decode()


def test_user_needs_the_view_permission(client, django_user_model, meetings):
    meeting = meetings["soon"]
    client.force_login(make_user(django_user_model, "skribent", "change_meeting"))

    for response in [
        client.get(url("index")),
        client.get(url("index"), {"export": "csv"}),
        client.get(url("inspect", meeting.pk)),
    ]:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert url("index") not in menu(client.get(reverse("wagtailadmin_home"))).values()


def test_viewer_finds_the_overview_in_the_strategies_menu(client, viewer, meetings):
    client.force_login(viewer)

    items = menu(client.get(reverse("wagtailadmin_home")))

    assert items["Innspillsmøter"] == url("index")
    assert "Strategier" in items
    # The submissions are not this user's to see.
    assert "Innspill" not in items
    assert listed_venues(client.get(url("index"))) == ["Halti", "Samfunnshuset", "Kulturhuset"]


def test_anonymous_visitor_is_sent_to_the_login(client, meetings):
    for response in [
        client.get(url("index")),
        client.get(url("index"), {"export": "csv"}),
        client.get(url("inspect", meetings["soon"].pk)),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_group_settings_offer_only_the_permissions_the_overviews_use():
    codenames = set(
        StrategyAdminGroup().get_permissions_for_registration().values_list("codename", flat=True)
    )

    assert codenames == {
        "view_meeting",
        "view_feedbacksubmission",
        "change_feedbacksubmission",
        "delete_feedbacksubmission",
    }


@pytest.mark.parametrize(
    "address",
    [
        "/admin/strategy/feedbacksubmission/inspect/abc/",
        "/admin/strategy/feedbacksubmission/history/1x/",
        "/admin/strategy/feedbacksubmission/delete/99999999999999999999999/",
        "/admin/strategy/meeting/inspect/abc/",
        "/admin/strategy/meeting/edit/abc/",
    ],
)
def test_an_address_without_an_id_is_not_found(admin_client, address):
    assert admin_client.get(address).status_code == 404
