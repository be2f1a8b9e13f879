"""While the shared cache (Redis in production) is unreachable, the API answers uncached.

The cache is production's (``cms.caches.redis_cache``) pointed at a loopback port where nothing
listens, or where a socket listens and never answers: a real Redis client failing to connect,
or timing out.
"""

import json
import logging
import socket
import threading

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.test import Client

from cms.caches import redis_cache
from strategy.models import FeedbackSubmission
from tests.strategy.test_form_api import VALID, add_form

pytestmark = pytest.mark.django_db

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Long enough that no test outlives the pause after the first failure.
PAUSE = 600


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_cache(port, timeout=0.5, retry_after=PAUSE):
    return {"default": redis_cache(f"redis://127.0.0.1:{port}/0", timeout, retry_after)}


@pytest.fixture
def cache_down(settings):
    settings.CACHES = unreachable_cache(free_port())
    return settings


@pytest.fixture
def silent_redis():
    """A socket that takes connections into its backlog and never answers: a hung Redis."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(32)
        yield listener


def connections_made(listener):
    listener.setblocking(False)
    count = 0
    while True:
        try:
            accepted, _ = listener.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1


def outage_warnings(caplog):
    return [
        record
        for record in caplog.records
        if record.name == "cms.caches" and record.levelno == logging.WARNING
    ]


def test_the_api_serves_the_same_answers_uncached_and_logs_the_outage_once(
    api_client, tree, settings, caplog
):
    urls = [
        "/api/v2/pages/?fields=*",
        f"/api/v2/pages/{tree['scheme'].pk}/",
        "/api/v2/pages/find/?html_path=/attraktive-samfunn/bredband/",
        "/api/v2/schemes/",
        "/api/v2/people/",
        "/api/v2/meetings/",
        "/api/v2/search/?q=bredbånd",
        "/api/openapi.json",
    ]
    settings.CACHES = LOCAL_MEMORY
    expected = {url: (r.status_code, r.content) for url, r in _answers(api_client, urls)}

    settings.CACHES = unreachable_cache(free_port())
    with caplog.at_level(logging.WARNING):
        answered = {url: (r.status_code, r.content) for url, r in _answers(api_client, urls)}

    assert answered == expected
    assert {status for status, _ in answered.values()} <= {200, 302}
    assert len(outage_warnings(caplog)) == 1
    assert "unreachable" in outage_warnings(caplog)[0].getMessage()
    assert cache.get("anything") is None


def _answers(api_client, urls):
    return [(url, api_client.get(url)) for url in urls]


def test_the_search_page_is_served_while_the_cache_is_down(client, tree, cache_down):
    response = client.get("/sok/?q=bredbånd")

    assert response.status_code == 200
    assert "Bredbånd" in response.content.decode()


def test_a_conditional_request_is_still_answered_with_304(api_client, tree, cache_down):
    url = f"/api/v2/pages/{tree['scheme'].pk}/"
    first = api_client.get(url)

    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304


def test_a_hung_redis_costs_one_timeout_then_is_left_alone_for_a_while(
    api_client, tree, settings, silent_redis, caplog
):
    port = silent_redis.getsockname()[1]
    settings.CACHES = unreachable_cache(port, timeout=0.2)
    url = f"/api/v2/pages/{tree['scheme'].pk}/"

    with caplog.at_level(logging.WARNING):
        answers = [api_client.get(url).status_code for _ in range(3)]
        api_client.get("/api/v2/search/?q=bredbånd")

    assert answers == [200, 200, 200]
    assert connections_made(silent_redis) == 1
    assert len(outage_warnings(caplog)) == 1

    # Once the pause is over, Redis is tried again.
    settings.CACHES = unreachable_cache(port, timeout=0.2, retry_after=0)
    assert api_client.get(url).status_code == 200
    assert connections_made(silent_redis) >= 1


def test_a_fault_in_the_view_is_not_swallowed_while_the_cache_is_down(tree, cache_down):
    def database_down(execute, sql, params, many, context):
        if "people_person" in sql:
            raise DatabaseError("the database is unreachable")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_down), pytest.raises(DatabaseError):
        Client(HTTP_HOST="localhost").get("/api/v2/people/")

    with connection.execute_wrapper(database_down):
        response = Client(HTTP_HOST="localhost", raise_request_exception=False).get(
            "/api/v2/people/"
        )
    assert response.status_code == 500


def test_only_the_cache_clients_own_errors_are_ignored(cache_down):
    # A value that cannot be stored is a fault in the caller, whether Redis answers or not.
    with pytest.raises(TypeError):
        cache.set("lock", threading.Lock())


def test_the_feedback_box_refuses_submissions_it_cannot_count(client, tree, cache_down):
    page = add_form(tree["home"])

    response = client.post(
        f"/api/v2/forms/{page.pk}/", json.dumps(VALID), content_type="application/json"
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "message": "Innspill kan ikke tas imot akkurat nå. Prøv igjen om et minutt."
    }
    assert not FeedbackSubmission.objects.exists()


def test_the_feedback_box_takes_submissions_when_the_cache_answers(client, tree, settings):
    settings.CACHES = LOCAL_MEMORY
    page = add_form(tree["home"])

    response = client.post(
        f"/api/v2/forms/{page.pk}/", json.dumps(VALID), content_type="application/json"
    )

    assert response.status_code == 201
    assert FeedbackSubmission.objects.count() == 1
