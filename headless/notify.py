"""Tell the world outside that public content changed: the CDN, and the county site's webhook.

Changed pages are gathered during a transaction and announced once it commits, from a
background thread, so neither a slow CDN nor a slow or failing webhook can slow or fail the
editor's publish. Webhook notices are stored first and retried with growing delays; the
``deliver_webhooks`` command sends whatever the thread could not.
"""

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page

from base.publication import address
from base.transactions import pending_on_commit

from .models import ContentVersion, WebhookDelivery

logger = logging.getLogger(__name__)

LISTING_PATHS = [
    "/api/v2/pages/",
    "/api/v2/schemes/",
    "/api/v2/search/",
    "/api/v2/people/",
    "/api/v2/meetings/",
    "/api/v2/schemes/deadlines.ics",
]
MAX_ATTEMPTS = 8
_threads = []


class _Announcement:
    """Runs once when the transaction commits, with every page changed inside it."""

    def __init__(self):
        self.page_ids = set()

    def __call__(self):
        _flush(self.page_ids)


def page_changed(page_id):
    """Note that a page's public representation changed (or vanished) in this transaction."""
    _pending().page_ids.add(page_id)


def content_changed():
    """Note a change that shows only in listings, such as a person in the staff directory."""
    _pending()


def _pending():
    # One announcement per transaction; an aborted change announces nothing.
    announcement = pending_on_commit(_Announcement)
    if announcement is None:
        announcement = _Announcement()
        transaction.on_commit(announcement)
    return announcement


def _flush(page_ids):
    announcement = build_announcement(page_ids)
    delivery = None
    if settings.COUNTY_WEBHOOK_URL:
        delivery = WebhookDelivery.objects.create(
            payload=json.dumps(announcement, ensure_ascii=False), next_attempt_at=timezone.now()
        )
    thread = threading.Thread(
        target=_announce, args=(announcement, delivery), name="content-announcer", daemon=True
    )
    _threads.append(thread)
    thread.start()


def build_announcement(page_ids):
    api_base = settings.API_BASE_URL
    pages = []
    # The sites' root paths are read once for all the pages (Wagtail keeps them on the object
    # passed), not once per page: a hidden page may be announced with thousands showing it.
    lookups = HttpRequest()
    for page in Page.objects.filter(pk__in=page_ids).order_by("path"):
        url_parts = page.get_url_parts(lookups)
        path = url_parts[2] if url_parts else None
        pages.append(
            {
                "id": page.pk,
                "url": address("frontend", path) if path else None,
                "api_url": f"{api_base}/api/v2/pages/{page.pk}/",
                "live": page.live,
            }
        )
        if path:
            pages[-1]["find_url"] = (
                f"{api_base}/api/v2/pages/find/?{urlencode({'html_path': path})}"
            )
    deleted = sorted(set(page_ids) - {page["id"] for page in pages})
    api_urls = [f"{api_base}{path}" for path in LISTING_PATHS]
    for page in pages:
        api_urls += [
            page["api_url"],
            f"{api_base}/api/v2/schemes/{page['id']}/",
            f"{api_base}/api/v2/schemes/{page['id']}/deadlines.ics",
        ]
        if "find_url" in page:
            api_urls.append(page["find_url"])
    api_urls += [f"{api_base}/api/v2/pages/{pk}/" for pk in deleted]
    version = ContentVersion.objects.values_list("number", flat=True).first()
    return {
        "event": "content.changed",
        "version": version,
        "pages": pages,
        "deleted_page_ids": deleted,
        "api_urls": api_urls,
        "site_urls": [page["url"] for page in pages if page["url"]],
    }


def _announce(announcement, delivery):
    try:
        purge_urls_from_cache(announcement["api_urls"])
    except Exception:
        # A CDN outage must not stop the webhook; the next purge or max-age catches up.
        logger.exception("Purging the CDN failed")
    if delivery is not None:
        for _attempt in range(3):
            if deliver(delivery):
                break
            time.sleep(min(delivery.attempts, 3))


def sign(body, timestamp):
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(settings.COUNTY_WEBHOOK_SECRET.encode(), message, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def deliver(delivery):
    """One attempt to send a stored notice; True when the county site accepted it."""
    body = delivery.payload.encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - the address comes from our settings
        settings.COUNTY_WEBHOOK_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Webhook-Timestamp": timestamp,
            "X-Webhook-Signature": sign(body, timestamp),
        },
    )
    delivery.attempts += 1
    try:
        with urllib.request.urlopen(request, timeout=settings.COUNTY_WEBHOOK_TIMEOUT):  # noqa: S310
            pass
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        delivery.last_error = str(error)[:1000]
        delay = timedelta(seconds=min(2**delivery.attempts * 5, 3600))
        delivery.next_attempt_at = timezone.now() + delay
        delivery.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        logger.warning("Webhook delivery %s failed: %s", delivery.pk, error)
        return False
    delivery.delivered_at = timezone.now()
    delivery.last_error = ""
    delivery.save(update_fields=["attempts", "delivered_at", "last_error"])
    return True


def deliver_due(now=None):
    """Send every stored notice whose next attempt is due; returns how many were accepted."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        delivered_at__isnull=True, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS
    )
    return sum(deliver(delivery) for delivery in due)


def wait_for_announcements(timeout=10):
    """Join the background announcers (for tests and management commands)."""
    while _threads:
        _threads.pop().join(timeout)
