"""Scheduled publishing: a page goes live, or expires, when Wagtail's `publish_scheduled` runs.

The clock is moved with time-machine to fixed moments before and after the scheduled time; in
production cron runs the command every minute (see README, Production).
"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command, get_commands

from headless.models import PageDocument
from schemes.models import SchemePage

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
GO_LIVE = datetime.datetime(2031, 3, 3, 9, 0, tzinfo=OSLO)
EXPIRY = datetime.datetime(2031, 6, 30, 16, 0, tzinfo=OSLO)
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)


def at(moment):
    """The clock stopped at ``moment``."""
    return time_machine.travel(moment, tick=False)


def publish_scheduled():
    call_command("publish_scheduled", stdout=StringIO())


def listed_titles(api_client):
    response = api_client.get("/api/v2/pages/?type=schemes.SchemePage")
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def detail_status(api_client, page):
    return api_client.get(f"/api/v2/pages/{page.pk}/").status_code


def test_the_command_is_wagtails_publish_scheduled():
    # The name the cron line uses; publish_scheduled_pages is a backwards-compatible alias.
    assert get_commands()["publish_scheduled"] == "wagtail"


def test_a_scheduled_page_reaches_the_api_only_when_the_command_runs_after_its_time(
    tree, api_client
):
    with at(GO_LIVE - DAY):
        page = SchemePage(
            title="Tilskudd til kaianlegg",
            slug="kaianlegg",
            summary="Støtte til små kaier.",
            live=False,
            go_live_at=GO_LIVE,
        )
        tree["topic"].add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live
        assert page.get_latest_revision().approved_go_live_at == GO_LIVE
        assert "Tilskudd til kaianlegg" not in listed_titles(api_client)
        assert detail_status(api_client, page) == 404

        # Before its time the command leaves it alone.
        publish_scheduled()
        assert "Tilskudd til kaianlegg" not in listed_titles(api_client)

    with at(GO_LIVE + MINUTE):
        # The time alone publishes nothing: the command does.
        assert "Tilskudd til kaianlegg" not in listed_titles(api_client)

        publish_scheduled()

        page.refresh_from_db()
        assert page.live
        assert "Tilskudd til kaianlegg" in listed_titles(api_client)
        assert detail_status(api_client, page) == 200


def test_a_scheduled_change_to_a_live_page_is_shown_from_its_time(tree, api_client):
    scheme = tree["scheme"]
    with at(GO_LIVE - DAY):
        scheme.title = "Bredbånd i hele Troms"
        scheme.go_live_at = GO_LIVE
        scheme.save_revision().publish()
        assert listed_titles(api_client) == ["Bredbånd"]

    with at(GO_LIVE + MINUTE):
        publish_scheduled()
        assert listed_titles(api_client) == ["Bredbånd i hele Troms"]


def test_an_expired_page_leaves_the_api_and_the_command_unpublishes_it(tree, api_client):
    scheme = tree["scheme"]
    with at(EXPIRY - DAY):
        scheme.expire_at = EXPIRY
        scheme.save_revision().publish()
        # Asked once before expiry, so that a cached answer would be there to be served stale.
        assert listed_titles(api_client) == ["Bredbånd"]
        assert detail_status(api_client, scheme) == 200

    with at(EXPIRY + MINUTE):
        # Gone from the API as soon as it expires, before the command has run.
        assert listed_titles(api_client) == []
        assert detail_status(api_client, scheme) == 404

        publish_scheduled()

        scheme.refresh_from_db()
        assert not scheme.live
        assert scheme.expired
        assert not PageDocument.objects.filter(page=scheme).exists()
        assert listed_titles(api_client) == []
        assert detail_status(api_client, scheme) == 404
