"""While the shared cache (Redis in production) is unreachable, the API answers uncached.

The cache is production's (``cms.caches.redis_cache``) pointed at a loopback port where nothing
listens: a real Redis client failing to connect.
"""

import json
import logging
import socket

import pytest
from django.core.cache import cache

from cms.caches import redis_cache
from strategy.models import FeedbackSubmission
from tests.strategy.test_form_api import VALID, add_form

pytestmark = pytest.mark.django_db

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0", 0.5)}
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    return settings


def answers(api_client, urls):
    return {url: api_client.get(url) for url in urls}


def test_the_api_serves_the_same_answers_uncached_and_logs_the_outage(
    api_client, tree, settings, caplog
):
    urls = [
        "/api/v2/pages/?fields=*",
        f"/api/v2/pages/{tree['scheme'].pk}/",
        "/api/v2/schemes/",
        "/api/v2/people/",
        "/api/v2/search/?q=bredbånd",
    ]
    settings.CACHES = LOCAL_MEMORY
    expected = {url: response.json() for url, response in answers(api_client, urls).items()}

    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0", 0.5)}
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        responses = answers(api_client, urls)

    assert {url: response.status_code for url, response in responses.items()} == dict.fromkeys(
        urls, 200
    )
    assert {url: response.json() for url, response in responses.items()} == expected
    assert any("ignored" in record.getMessage() for record in caplog.records)
    assert cache.get("anything") is None


def test_a_conditional_request_is_still_answered_with_304(api_client, tree, cache_down):
    url = f"/api/v2/pages/{tree['scheme'].pk}/"
    first = api_client.get(url)

    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304


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
