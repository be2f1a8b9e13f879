import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection

from headless import notify
from headless.models import WebhookDelivery

from .conftest import publish

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    status = 200
    received = []

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        type(self).received.append((self.command, self.path, dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    do_POST = do_PURGE = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Recorder.received = []
    Recorder.status = 200
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", Recorder
    server.shutdown()


@pytest.fixture
def webhook(settings, receiver):
    url, recorder = receiver
    settings.COUNTY_WEBHOOK_URL = url + "/hooks/troms"
    settings.COUNTY_WEBHOOK_SECRET = "delt-hemmelighet"
    return recorder


@pytest.fixture
def committed_tree(tree):
    """The tree as if built in an earlier, committed transaction: its announcement is gone."""
    connection.run_on_commit.clear()
    return tree


def announcements(callbacks):
    return [callback for callback in callbacks if isinstance(callback, notify._Announcement)]


def test_a_publish_announces_the_page_and_those_showing_it(
    committed_tree, django_capture_on_commit_callbacks
):
    tree = committed_tree
    scheme = tree["scheme"]
    with django_capture_on_commit_callbacks() as callbacks:
        scheme.title = "Bredbånd til alle"
        publish(scheme)
    (announcement,) = announcements(callbacks)
    assert announcement.page_ids == {scheme.pk, tree["topic"].pk}
    body = notify.build_announcement(announcement.page_ids)
    assert "https://www.tromsfylke.no/attraktive-samfunn/bredband/" in body["site_urls"]
    assert f"http://127.0.0.1:8000/api/v2/pages/{scheme.pk}/" in body["api_urls"]
    assert "http://127.0.0.1:8000/api/v2/schemes/" in body["api_urls"]
    assert any("find/?html_path=%2Fattraktive-samfunn%2Fbredband%2F" in u for u in body["api_urls"])


def test_a_rolled_back_change_announces_nothing(committed_tree, django_capture_on_commit_callbacks):
    from django.db import transaction

    tree = committed_tree
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                publish(tree["scheme"])
                raise RuntimeError("abort")
        except RuntimeError:
            pass
    assert announcements(callbacks) == []


def test_the_publish_itself_sends_nothing_over_the_network(
    committed_tree, webhook, monkeypatch, django_capture_on_commit_callbacks
):
    tree = committed_tree
    started = []
    monkeypatch.setattr(notify.threading.Thread, "start", lambda thread: started.append(thread))
    # The unstarted thread must not stay behind for wait_for_announcements() in other tests.
    monkeypatch.setattr(notify, "_threads", [])
    with django_capture_on_commit_callbacks(execute=True):
        publish(tree["scheme"])
    assert webhook.received == []
    assert len(started) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is None


def test_a_delivery_is_signed_and_marked_delivered(tree, webhook):
    payload = json.dumps({"event": "content.changed", "pages": []})
    delivery = WebhookDelivery.objects.create(payload=payload, next_attempt_at="2026-01-01T00:00Z")
    assert notify.deliver(delivery)
    method, path, headers, body = webhook.received[0]
    assert (method, path) == ("POST", "/hooks/troms")
    expected = hmac.new(
        b"delt-hemmelighet", headers["X-Webhook-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Webhook-Signature"] == f"sha256={expected}"
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None


def test_a_failed_delivery_is_retried_later_with_growing_delays(tree, webhook):
    webhook.status = 500
    delivery = WebhookDelivery.objects.create(payload="{}", next_attempt_at="2026-01-01T00:00Z")
    assert not notify.deliver(delivery)
    first_delay = delivery.next_attempt_at
    assert not notify.deliver(delivery)
    assert delivery.next_attempt_at > first_delay
    assert delivery.attempts == 2
    webhook.status = 200
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at="2026-01-01T00:00Z")
    assert notify.deliver_due() == 1
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None


def test_the_cdn_is_purged_for_the_changed_api_urls(tree, settings, receiver):
    url, recorder = receiver
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url,
        }
    }
    announcement = notify.build_announcement({tree["scheme"].pk})
    notify._announce(announcement, None)
    purged = {path for method, path, _headers, _body in recorder.received if method == "PURGE"}
    assert f"/api/v2/pages/{tree['scheme'].pk}/" in purged
    assert "/api/v2/schemes/" in purged


def test_the_command_delivers_what_is_due(tree, webhook):
    from io import StringIO

    from django.core.management import call_command

    WebhookDelivery.objects.create(payload="{}", next_attempt_at="2026-01-01T00:00Z")
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue().strip() == "Leverte 1 endringsvarsel."
    assert len(webhook.received) == 1
