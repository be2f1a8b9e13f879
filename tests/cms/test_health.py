"""The health check and the deployment check that watch the background worker."""

from datetime import timedelta

import pytest
from django.core import checks
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from headless.models import StaleDocument

pytestmark = pytest.mark.django_db


def queue(minutes_ago, pages=None):
    for page in pages or [Page.get_first_root_node()]:
        StaleDocument.objects.create(
            page=page, requested_at=timezone.now() - timedelta(minutes=minutes_ago)
        )


def health():
    response = Client(HTTP_HOST="localhost").get("/health/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.json()


def worker_warnings(**kwargs):
    found = checks.run_checks(include_deployment_checks=True, **kwargs)
    return [message for message in found if message.id == "cms.W002"]


def test_health_is_ok_with_nothing_queued_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        answer = health()
    assert answer == {
        "status": "ok",
        "queued_rebuilds": 0,
        "oldest_queued_seconds": None,
        "max_queued_seconds": 600,
    }


def test_health_counts_a_fresh_queue_and_stays_ok():
    queue(minutes_ago=2)

    answer = health()

    assert answer["status"] == "ok"
    assert answer["queued_rebuilds"] == 1
    assert 110 <= answer["oldest_queued_seconds"] <= 130


def test_health_is_degraded_when_the_oldest_rebuild_waited_too_long(settings):
    queue(minutes_ago=11)
    settings.REBUILD_QUEUE_MAX_AGE = 600

    answer = health()

    assert answer["status"] == "degraded"
    assert answer["oldest_queued_seconds"] > 600
    settings.REBUILD_QUEUE_MAX_AGE = 3600
    assert health()["status"] == "ok"


def test_the_deployment_check_warns_when_no_worker_empties_the_queue():
    assert worker_warnings(databases=["default"]) == []
    queue(minutes_ago=11)

    [warning] = worker_warnings(databases=["default"])

    assert warning.level == checks.WARNING
    assert "API documents waiting for the background worker: 1;" in warning.msg
    assert "manage.py db_worker" in warning.hint


def test_the_deployment_check_reads_the_database_only_when_asked_to():
    queue(minutes_ago=11)

    assert worker_warnings() == []
