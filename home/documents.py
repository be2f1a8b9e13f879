"""The store of public API documents: one JSON representation per public page.

Pages are serialised once, when they are published or when something they show changes, instead
of on every request. The API then reads a page, or a whole listing, in a fixed number of queries.
Every change that can alter what a page shows (its own publishing, a move, a view restriction,
a referenced page, snippet or image) rebuilds the documents it affects, so a document is never
staler than the database.
"""

import contextvars
import hashlib
import json
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone, translation
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from . import notify
from .blocks import (
    api_url,
    collect_references,
    frontend_url,
    is_public,
    public_pages,
    record_reference,
    reference_key,
    stored_addresses,
)
from .models import PageDocument, PageDocumentReference
from .sanitise import sanitise_payload

# Fields that every page document carries in "meta", in this order.
META_FIELDS = [
    "type",
    "detail_url",
    "html_url",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "last_published_at",
    "alias_of",
    "parent",
    "breadcrumbs",
    "locale",
]

# Serialising needs a router only to look up nested serialisers for relations that have no
# serializer of their own; an empty one makes Wagtail fall back to its base serialiser.
_serialisation_router = WagtailAPIRouter("documents")


class _SerialisationView:
    """Stands in for the API view that Wagtail's serialisers expect in their context."""

    def __init__(self):
        self.seen_types = {}


def _anonymous_request(site):
    request = HttpRequest()
    request.method = "GET"
    request.META = {
        "SERVER_NAME": site.hostname if site else "localhost",
        "SERVER_PORT": str(site.port if site else 80),
    }
    request.user = AnonymousUser()
    request.session = {}
    request.wagtailapi_router = _serialisation_router
    return request


def _page_summary(page):
    record_reference(page)
    return {
        "id": page.pk,
        "title": page.title,
        "type": page.specific_class._meta.label if page.specific_class else None,
        "html_url": frontend_url(page),
        "detail_url": detail_path(page.pk),
    }


def _parent_summary(page):
    """The parent as stock Wagtail v2 nests it: id, meta (type and addresses) and title."""
    record_reference(page)
    return {
        "id": page.pk,
        "meta": {
            "type": page.specific_class._meta.label if page.specific_class else None,
            "detail_url": detail_path(page.pk),
            "html_url": frontend_url(page),
        },
        "title": page.title,
    }


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def detail_path(pk):
    return api_url(f"/api/v2/pages/{pk}/")


def _body(page):
    model = type(page)
    body_fields = [("_", False, None)] + [
        (name, False, None) for name in PagesAPIViewSet.get_body_fields_names(model)
    ]
    serializer_class = PagesAPIViewSet._get_serializer_class(
        _serialisation_router, model, body_fields, show_details=True
    )
    site = page.get_site()
    request = _anonymous_request(site)
    context = {
        "request": request,
        "view": _SerialisationView(),
        "router": _serialisation_router,
        "base_queryset": public_pages(),
        "_wagtail_rich_text_format": "html",
    }
    return serializer_class(page, context=context).data


def build_payload(page):
    """The whole public representation of ``page``, as the detail endpoint returns it."""
    page = page.specific
    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    for ancestor in ancestors:
        # Recorded even when hidden, so that publishing an ancestor adds it to the breadcrumbs.
        record_reference(ancestor)
    public_ancestors = list(public_pages().ancestor_of(page).filter(depth__gt=1).order_by("depth"))
    parent = page.get_parent()
    visible_parent = next((a for a in public_ancestors if a.pk == parent.pk), None)
    meta = {
        "type": page._meta.label,
        "detail_url": detail_path(page.pk),
        "html_url": frontend_url(page),
        "slug": page.slug,
        "show_in_menus": page.show_in_menus,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "first_published_at": _local(page.first_published_at),
        "last_published_at": _local(page.last_published_at),
        "alias_of": None,
        "parent": _parent_summary(visible_parent) if visible_parent else None,
        "breadcrumbs": [_page_summary(ancestor) for ancestor in public_ancestors],
        "locale": page.locale.language_code,
    }
    # Cleaned here, once, for the API, the CMS's own pages and previews alike.
    body = sanitise_payload(type(page), dict(_body(page)))
    payload = {"id": body.pop("id"), "meta": meta, **body}
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _valid_until(page, references):
    """When the document must be rebuilt even if nothing changes in the database."""
    candidates = []
    own = getattr(page, "api_valid_until", None)
    if callable(own) and (value := own()):
        candidates.append(value)
    page_ids = [int(key.split(":")[1]) for key in references if key.startswith("wagtailcore.page:")]
    candidates.extend(
        Page.objects.filter(pk__in=page_ids, expire_at__gt=timezone.now()).values_list(
            "expire_at", flat=True
        )
    )
    return min(candidates) if candidates else None


def serialise(payload):
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


# Ids of pages in the middle of being deleted, which must not get a document.
pages_being_deleted = set()


def rebuild(page, announce=True):
    """Write the document of ``page`` when it is public, or remove it when it is not."""
    if page.pk in pages_being_deleted:
        return None
    if announce:
        notify.page_changed(page.pk)
    if not is_public(page):
        PageDocument.objects.filter(page_id=page.pk).delete()
        return None
    page = page.specific
    # Built in the site's language whatever the editor's, since month names and labels show.
    with (
        collect_references() as references,
        translation.override(settings.LANGUAGE_CODE),
        stored_addresses(),
    ):
        payload = build_payload(page)
    references.discard(reference_key(page))
    text = serialise(payload)
    document, _ = PageDocument.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "payload": text,
            "version": hashlib.sha256(text.encode()).hexdigest(),
            "built_at": timezone.now(),
            "valid_until": _valid_until(page, references),
        },
    )
    document.references.all().delete()
    PageDocumentReference.objects.bulk_create(
        PageDocumentReference(document=document, target=key) for key in sorted(references)
    )
    return document


_deferred_rebuilds = contextvars.ContextVar("deferred_rebuilds", default=None)


@contextmanager
def deferred_rebuilds():
    """Collect rebuilds inside the block and run each once at its end, for bulk changes."""
    if _deferred_rebuilds.get() is not None:
        yield
        return
    page_ids = set()
    token = _deferred_rebuilds.set(page_ids)
    try:
        yield
    finally:
        _deferred_rebuilds.reset(token)
    rebuild_many(page_ids)


def rebuild_many(page_ids, announce=True):
    deferred = _deferred_rebuilds.get()
    if deferred is not None and announce:
        deferred.update(page_ids)
        return
    for page in Page.objects.filter(pk__in=set(page_ids)).order_by("path"):
        rebuild(page, announce=announce)


def rebuild_referencing(objects):
    """Rebuild the documents that show any of ``objects``."""
    keys = {reference_key(obj) for obj in objects if obj is not None and obj.pk is not None}
    if keys:
        rebuild_many(
            PageDocumentReference.objects.filter(target__in=keys).values_list(
                "document__page_id", flat=True
            )
        )


def rebuild_page_and_dependants(page):
    """After a page changes: the page, its subtree (URLs, breadcrumbs), and pages showing them."""
    subtree = list(Page.objects.descendant_of(page, inclusive=True))
    rebuild_many([p.pk for p in subtree])
    rebuild_referencing(subtree)


def rebuild_stale(now=None):
    """Rebuild documents whose own validity has run out; returns how many."""
    now = now or timezone.now()
    stale = list(
        PageDocument.objects.filter(valid_until__lte=now).values_list("page_id", flat=True)
    )
    rebuild_many(stale)
    return len(stale)


def rebuild_all():
    """Rebuild every document from scratch, e.g. after a deploy that changes the API shape."""
    PageDocument.objects.exclude(page__in=public_pages()).delete()
    ids = list(public_pages().values_list("pk", flat=True))
    rebuild_many(ids)
    return len(ids)
