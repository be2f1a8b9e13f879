"""Conditional requests and the shared response cache of the public API.

Every change to public content bumps one version number in the database. A response is cached
in the shared cache (Redis in production) under a key made of that number and the request, so a
change anywhere makes every older entry unreachable at once, in every process and on every app
server; nothing depends on a publish clearing one process's memory. The same key is the ETag,
so a conditional request is answered with a 304 after reading the version alone.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Min
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_etags
from wagtail.models import Page

from . import documents
from .models import ContentVersion, PageDocument

VERSION_ID = 1
# What the response cache keeps: answers, and the redirects of find (/pages/find/?html_path=),
# by which the county site looks up every page it shows. Errors are not kept.
CACHED_STATUSES = frozenset({200, 301, 302})
# With the layout of a cached entry in it, so that entries of an earlier layout, still in a
# shared cache during a deploy, are never read as the current one.
CACHE_KEY_PREFIX = "api-response:2:"


def next_change_at(now):
    """The next moment when public content changes by the clock alone."""
    candidates = [
        Page.objects.live().filter(expire_at__gt=now).aggregate(at=Min("expire_at"))["at"],
        PageDocument.objects.filter(valid_until__gt=now).aggregate(at=Min("valid_until"))["at"],
    ]
    candidates = [moment for moment in candidates if moment is not None]
    return min(candidates) if candidates else None


def bump():
    """Record that public content changed: every cached response and ETag becomes stale."""
    now = timezone.now()
    following = next_change_at(now)
    updated = ContentVersion.objects.filter(pk=VERSION_ID).update(
        number=F("number") + 1, changed_at=now, next_change_at=following
    )
    if not updated:
        ContentVersion.objects.create(
            pk=VERSION_ID, number=1, changed_at=now, next_change_at=following
        )


def _as_datetime(value):
    # SQLite hands back a naive datetime (or text) in UTC, PostgreSQL an aware datetime.
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def _read_version():
    # A plain cursor: building this query through the ORM costs more than running it, and it
    # runs on every API request, cached or not.
    table = ContentVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number, changed_at, next_change_at FROM {table} WHERE id = %s",  # noqa: S608
            [VERSION_ID],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], _as_datetime(row[1]), _as_datetime(row[2])


def current_version():
    """(number, changed_at, next_change_at) of public content, read in one query."""
    row = _read_version()
    if row is None or (row[2] is not None and row[2] <= timezone.now()):
        # The documents that went stale are rebuilt first, so that the moment each of them goes
        # stale next (a scheme's following deadline) is counted in the new version's
        # next_change_at; rebuilt later, on read, it would move no version when it comes.
        documents.rebuild_stale()
        bump()
        row = _read_version()
    return row


def is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and request.path.startswith(settings.API_CACHE_PATH_PREFIXES)
        and not request.path.startswith(settings.API_CACHE_EXCLUDED_PATH_PREFIXES)
    )


def public_cache_control(response, until=None):
    """Public caching, for no longer than until content next changes by the clock alone.

    A CDN or browser keeps a response for max-age plus stale-while-revalidate without asking;
    both are cut short before a change such as a scheme's deadline, so that no copy says
    "open" after it.
    """
    max_age = settings.API_CACHE_MAX_AGE
    stale = settings.API_CACHE_STALE_WHILE_REVALIDATE
    if until is not None:
        left = max(0, int((until - timezone.now()).total_seconds()))
        max_age = min(max_age, left)
        stale = min(stale, left - max_age)
    response["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate={stale}"


class APICacheMiddleware:
    """ETags, 304s and a shared response cache for the public API, keyed by content version.

    Placed before the session and authentication middleware: the API answers everyone alike,
    so a cached answer needs neither, and no response of it sets or varies on a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        number, changed_at, next_change_at = current_version()
        key = hashlib.sha256(
            # The addresses too: answers make their absolute URLs from them
            # (base.publication.address).
            "\n".join(
                [
                    str(number),
                    request.get_host(),
                    request.get_full_path(),
                    settings.API_BASE_URL,
                    settings.MEDIA_BASE_URL,
                    settings.FRONTEND_BASE_URL,
                    # DRF indents JSON as the Accept header's indent parameter asks.
                    ",".join(
                        kind.params["indent"]
                        for kind in request.accepted_types
                        if "indent" in kind.params
                    ),
                ]
            ).encode()
        ).hexdigest()[:40]
        etag = f'"{key}"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            self.finish(response, etag, changed_at, next_change_at)
            return response
        cached = cache.get(CACHE_KEY_PREFIX + key)
        if cached is not None:
            status, content, content_type, location = cached
            response = HttpResponse(content, content_type=content_type, status=status)
            if location:
                response["Location"] = location
        else:
            response = self.get_response(request)
            if response.status_code not in CACHED_STATUSES or response.streaming:
                return response
            cache.set(
                CACHE_KEY_PREFIX + key,
                (
                    response.status_code,
                    response.content,
                    response["Content-Type"],
                    response.get("Location", ""),
                ),
                settings.API_CACHE_TIMEOUT,
            )
        self.finish(response, etag, changed_at, next_change_at)
        return response

    @staticmethod
    def finish(response, etag, changed_at, next_change_at=None):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(changed_at.timestamp())
        public_cache_control(response, next_change_at)
        response.cookies.clear()
        patch_vary_headers(response, ["Accept-Encoding"])


class PrivateResponsesMiddleware:
    """Whatever a signed-in editor or a preview sees is never stored by a browser or a CDN."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or getattr(request, "is_preview", False):
            response["Cache-Control"] = "private, no-store"
        return response
