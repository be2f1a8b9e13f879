"""The store of public API documents: one JSON representation per public page.

Pages are serialised once, when they are published or when something they show changes, instead
of on every request. The API then reads a page, or a whole listing, in a fixed number of queries.
Every change that can alter what a page shows (its own publishing, a move, a view restriction,
a referenced page, snippet or image) rebuilds the documents it affects. The changed page's own
is rebuilt at once; the others, however many, are queued (``StaleDocument``) for the background
worker (headless.tasks), and serve their last version until it has rebuilt them. Those that may
name a page that has just been hidden are withheld instead: until the worker has rebuilt them,
every read builds them afresh (``build_unstored``), found by the query that fetches them.
"""

import contextvars
import hashlib
import json
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import CharField, Exists, F, Prefetch, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone, translation
from modelcluster.models import get_all_child_relations
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Locale, Page, Site

from base.publication import (
    PAGE_KEY_PREFIX,
    api_url,
    collect_references,
    frontend_url,
    is_public,
    public_pages,
    record_reference,
    reference_key,
    referenced_page_id,
    remember_public,
    shared_lookups,
    stored_addresses,
)
from base.sanitise import sanitise_payload

from . import notify
from .models import PageDocument, PageDocumentReference, StaleDocument

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

# Documents rebuilt together: one batch's reads are shared, and its writes are one transaction.
BATCH_SIZE = 200

# Sent once per batch with the documents written (bulk writes send no post_save).
documents_saved = Signal()

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


def _serializer_class(model):
    body_fields = [("_", False, None)] + [
        (name, False, None) for name in PagesAPIViewSet.get_body_fields_names(model)
    ]
    return PagesAPIViewSet._get_serializer_class(
        _serialisation_router, model, body_fields, show_details=True
    )


def _body(page, site):
    context = {
        "request": _anonymous_request(site),
        "view": _SerialisationView(),
        "router": _serialisation_router,
        "base_queryset": public_pages(),
        "_wagtail_rich_text_format": "html",
    }
    return _serializer_class(type(page))(page, context=context).data


class _Batch:
    """What the documents of a batch of pages share, each read in one query for all of them."""

    def __init__(self, pages):
        self.sites = Site.objects.in_bulk()
        self.locales = Locale.objects.in_bulk()
        paths = {
            page.path[:end]
            for page in pages
            for end in range(2 * Page.steplen, len(page.path), Page.steplen)
        }
        self.ancestors = {
            ancestor.path: ancestor for ancestor in Page.objects.filter(path__in=paths)
        }
        remember_public([*(page.pk for page in pages), *(a.pk for a in self.ancestors.values())])

    def ancestors_of(self, page):
        """The page's ancestors below the tree's root, from the top down."""
        return [
            self.ancestors[page.path[:end]]
            for end in range(2 * Page.steplen, len(page.path), Page.steplen)
            if page.path[:end] in self.ancestors
        ]

    def site_of(self, page):
        url_parts = page.get_url_parts()
        return self.sites.get(url_parts[0]) if url_parts else None


def build_payload(page, batch=None):
    """The whole public representation of ``page``, as the detail endpoint returns it."""
    page = page.specific
    with shared_lookups():
        batch = batch or _Batch([page])
        return _build_payload(page, batch)


def _build_payload(page, batch):
    ancestors = batch.ancestors_of(page)
    for ancestor in ancestors:
        # Recorded even when hidden, so that publishing an ancestor adds it to the breadcrumbs.
        record_reference(ancestor)
    public_ancestors = [ancestor for ancestor in ancestors if is_public(ancestor)]
    visible_parent = ancestors[-1] if ancestors and is_public(ancestors[-1]) else None
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
        "locale": batch.locales[page.locale_id].language_code,
    }
    # Cleaned here, once, for the API, the CMS's own pages and previews alike.
    body = sanitise_payload(type(page), dict(_body(page, batch.site_of(page))))
    payload = {"id": body.pop("id"), "meta": meta, **body}
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _own_valid_until(page):
    own = getattr(page, "api_valid_until", None)
    return own() if callable(own) else None


def _expiring_pages(reference_sets):
    """When each referenced page that is set to expire does, read in one query for the batch."""
    page_ids = {
        page_id
        for references in reference_sets
        for key in references
        if (page_id := referenced_page_id(key)) is not None
    }
    if not page_ids:
        return {}
    return dict(
        Page.objects.filter(pk__in=page_ids, expire_at__gt=timezone.now()).values_list(
            "pk", "expire_at"
        )
    )


def _valid_until(page, references, expiring):
    """When the document must be rebuilt even if nothing changes in the database."""
    candidates = [value] if (value := _own_valid_until(page)) else []
    for key in references:
        if moment := expiring.get(referenced_page_id(key)):
            candidates.append(moment)
    return min(candidates) if candidates else None


# Documents are stored as Wagtail's v2 API writes its answers: indented by four spaces. An
# answer is then cut from the stored text (``StoredDocument``) instead of parsed from it and
# encoded again. JSON text holds no raw line break, so in this layout a line that starts with
# exactly four spaces and a quote opens a field of the document, and one that starts with
# exactly eight spaces and a quote inside its meta opens a field of the meta.
INDENT = 4
_FIELD = "\n" + " " * INDENT + '"'
_META_FIELD = "\n" + " " * 2 * INDENT + '"'
_META_END = "\n" + " " * INDENT + "}"


def serialise(payload):
    return json.dumps(payload, ensure_ascii=False, indent=INDENT)


class StoredDocument:
    """A stored document's fields (and its meta's) as the JSON text of their values, to be put
    together, any selection of them and at any depth, as the API would encode them."""

    __slots__ = ("fields", "meta")

    def __init__(self, fields, meta):
        self.fields = fields
        self.meta = meta

    @classmethod
    def parse(cls, text):
        """The document in ``text``; None when the text is not in the stored layout (a document
        stored before it, which the caller then parses as JSON)."""
        if not text.startswith("{" + _FIELD) or not text.endswith("\n}"):
            return None
        fields = dict(
            part.split('": ', 1) for part in text[len(_FIELD) + 1 : -2].split("," + _FIELD)
        )
        meta = fields.get("meta", "")
        if not meta.startswith("{" + _META_FIELD) or not meta.endswith(_META_END):
            return None
        meta_fields = meta[len(_META_FIELD) + 1 : -len(_META_END)].split("," + _META_FIELD)
        return cls(fields, dict(part.split('": ', 1) for part in meta_fields))

    def render(self, body_names, meta_names, depth):
        """The text of the document cut down to ``body_names`` and ``meta_names``, as the pages
        endpoint shapes it (the id first, then the meta, then the body's fields in the given
        order), for a value ``depth`` levels deep in an answer."""
        shift = "\n" + " " * INDENT * depth
        field = shift + " " * INDENT + '"'
        parts = ["{", field, 'id": ', self.fields["id"]]
        if meta_names:
            parts += [",", field, 'meta": {']
            meta_field = shift + " " * 2 * INDENT + '"'
            values = self.meta
            for position, name in enumerate(meta_names):
                value = values.get(name, "null")
                parts += ["," if position else "", meta_field, name, '": ']
                parts.append(value.replace("\n", shift) if "\n" in value else value)
            parts += [shift, " " * INDENT, "}"]
        fields = self.fields
        for name in body_names:
            if name != "id" and name in fields:
                value = fields[name]
                parts += [",", field, name, '": ']
                parts.append(value.replace("\n", shift) if "\n" in value else value)
        parts += [shift, "}"]
        return "".join(parts)


# Ids of pages in the middle of being deleted, which must not get a document.
pages_being_deleted = set()


def rebuild(page, announce=True):
    """Write the document of ``page`` when it is public, or remove it when it is not."""
    return rebuild_batch([page], announce=announce).get(page.pk)


def _prefetches(model):
    """The relations a page type's document shows, to be read once for a whole batch."""
    lookups = []
    for field in model._meta.get_fields():
        if field.many_to_many and not field.auto_created:
            related = field.related_model
            # Terms name their region, organisations theirs, people their photo.
            joins = [
                f.name for f in related._meta.concrete_fields if f.is_relation and f.many_to_one
            ]
            lookups.append(Prefetch(field.name, related.objects.select_related(*joins)))
    lookups.extend(relation.get_accessor_name() for relation in get_all_child_relations(model))
    return lookups


def _specific_pages(page_ids):
    """The pages, as their own types, with what their documents show prefetched."""
    by_type = {}
    for pk, content_type_id in Page.objects.filter(pk__in=page_ids).values_list(
        "pk", "content_type_id"
    ):
        by_type.setdefault(content_type_id, []).append(pk)
    pages = []
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            pages.extend(Page.objects.filter(pk__in=ids))
            continue
        pages.extend(model.objects.filter(pk__in=ids).prefetch_related(*_prefetches(model)))
    return sorted(pages, key=lambda page: page.path)


def rebuild_batch(pages, announce=True):
    """Rebuild the documents of ``pages`` together, in a number of queries that does not grow
    with how many there are (only with how many kinds of page and objects they show).

    Returns the new documents by page id; pages that are not public lose theirs.
    """
    return _rebuild_batch([page.pk for page in pages], announce=announce)[0]


def rebuild_unless_overtaken(page_ids, then=None):
    """Rebuild the documents of ``page_ids`` as the background worker does, reading outside of
    any lock, and write each only if nothing wrote or removed it meanwhile (an editor's publish)
    and its page is not being written this moment; an older build never overwrites a newer one.

    Returns the ids of the pages settled: written, or removed as no longer public. The others
    were overtaken and are to be built again. ``then(settled)`` runs inside the transaction
    that writes them.
    """
    _documents, skipped = _rebuild_batch(page_ids, guard=True, then=then)
    return set(page_ids) - skipped


def _overtaken(page_ids, before):
    """Of ``page_ids``, the pages whose document changed since ``before`` was read, or which are
    being changed now; the pages and documents left are locked until the transaction ends.

    Locked rows are skipped rather than waited for (PostgreSQL), so the worker never waits on an
    editor and an editor waits for at most the worker's writes; SQLite writes one at a time.
    """
    pages = set(
        Page.objects.select_for_update(skip_locked=True, no_key=True)
        .filter(pk__in=page_ids)
        .values_list("pk", flat=True)
    )
    now = dict(
        PageDocument.objects.select_for_update(skip_locked=True, no_key=True)
        .filter(page_id__in=page_ids)
        .values_list("page_id", "built_at")
    )
    return {pk for pk in page_ids if pk not in pages or now.get(pk) != before.get(pk)}


def _build(page_ids):
    """The documents of ``page_ids`` built together, as (built, hidden): for each public page
    (page, serialised payload, the references it shows) by id, and the ids of the others."""
    built = {}
    with shared_lookups(), translation.override(settings.LANGUAGE_CODE), stored_addresses():
        pages = _specific_pages(page_ids)
        batch = _Batch(pages)
        hidden = [page.pk for page in pages if not is_public(page)]
        for page in pages:
            if page.pk in hidden:
                continue
            # Built in the site's language whatever the editor's: month names and labels show.
            with collect_references() as references:
                payload = _build_payload(page, batch)
            references.discard(reference_key(page))
            built[page.pk] = (page, serialise(payload), references)
    return built, hidden


def build_unstored(page_ids):
    """The serialised documents of the public pages among ``page_ids``, built now and stored
    nowhere: what a read serves for a document that is withheld until the worker rebuilds it.
    The pages are built together, in queries that do not grow with their number."""
    built, _hidden = _build([pk for pk in page_ids if pk not in pages_being_deleted])
    return {pk: text for pk, (_page, text, _references) in built.items()}


def withheld(page_id):
    """Whether the document of the page ``page_id`` (an OuterRef) waits for a rebuild because it
    may name a page hidden since: a subquery, to be read in the query that fetches it."""
    return Exists(StaleDocument.objects.filter(page_id=page_id, withheld=True))


def _rebuild_batch(page_ids, announce=True, guard=False, then=None):
    page_ids = [pk for pk in page_ids if pk not in pages_being_deleted]
    if not page_ids and then is None:
        return {}, set()
    if guard:
        before = dict(
            PageDocument.objects.filter(page_id__in=page_ids).values_list("page_id", "built_at")
        )
    built, hidden = _build(page_ids)
    expiring = _expiring_pages(references for _page, _text, references in built.values())
    # The worker's writes are one transaction of their own, holding its locks only while it writes.
    with transaction.atomic() if guard else nullcontext():
        skipped = _overtaken(page_ids, before) if guard else set()
        if announce:
            for pk in page_ids:
                if pk not in skipped:
                    notify.page_changed(pk)
        if hidden:
            # One at a time, so that the search index hears of each removal.
            for document in PageDocument.objects.filter(page_id__in=set(hidden) - skipped):
                document.delete()
        now = timezone.now()
        documents = [
            PageDocument(
                page_id=pk,
                payload=text,
                version=hashlib.sha256(text.encode()).hexdigest(),
                built_at=now,
                valid_until=_valid_until(page, references, expiring),
            )
            for pk, (page, text, references) in built.items()
            if pk not in skipped
        ]
        written = {document.page_id for document in documents}
        if documents:
            PageDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["page"],
                update_fields=["payload", "version", "built_at", "valid_until"],
            )
            PageDocumentReference.objects.filter(document_id__in=written).delete()
            PageDocumentReference.objects.bulk_create(
                PageDocumentReference(document_id=pk, target=key)
                for pk, (_page, _text, references) in built.items()
                if pk in written
                for key in sorted(references)
            )
            documents_saved.send(sender=PageDocument, documents=documents)
        if then is not None:
            then(set(page_ids) - skipped)
    return {document.page_id: document for document in documents}, skipped


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
    page_ids = sorted(set(page_ids))
    for start in range(0, len(page_ids), BATCH_SIZE):
        rebuild_batch(
            [Page(pk=pk) for pk in page_ids[start : start + BATCH_SIZE]], announce=announce
        )


def rebuild_referencing(objects):
    """Rebuild the documents that show any of ``objects``."""
    references = PageDocumentReference.objects.showing(objects)
    if not references.query.is_empty():
        rebuild_many(references.values_list("document_id", flat=True))


def rebuild_page_and_dependants(page):
    """After a page changes: the page, its subtree (URLs, breadcrumbs), and pages showing them."""
    subtree = list(Page.objects.descendant_of(page, inclusive=True))
    rebuild_many([p.pk for p in subtree])
    rebuild_referencing(subtree)


def _queue(queryset, withhold=False):
    """Record, in one statement whatever their number, that the documents of the pages that
    ``queryset`` selects (one column, ``stale_page``) wait for the background worker;
    ``withhold`` them when they may name a page that has just been hidden.

    Returns how many were recorded. A page already waiting gets the new time, so that a rebuild
    running meanwhile leaves it for the next one, and stays withheld if it was. Withheld pages
    are announced (CDN purge, webhook) as this transaction commits: no cached answer may keep
    naming the hidden page until the worker comes.
    """
    if queryset.query.is_empty():
        return 0
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(StaleDocument._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # One transaction, so that the withheld pages are announced together, once, as it commits.
    with transaction.atomic() if withhold else nullcontext(), connection.cursor() as cursor:
        cursor.execute(
            # "WHERE true" tells SQLite that ON CONFLICT belongs to the INSERT, not to a join.
            f"INSERT INTO {table} (page_id, requested_at, withheld) "  # noqa: S608 - our own table and query
            f"SELECT DISTINCT queued.stale_page, %s, %s FROM ({sql}) queued WHERE true "
            "ON CONFLICT (page_id) DO UPDATE SET requested_at = excluded.requested_at, "
            f"withheld = ({table}.withheld OR excluded.withheld)"
            + (" RETURNING page_id" if withhold else ""),
            [now, withhold, *params],
        )
        if not withhold:
            return max(cursor.rowcount, 0)
        page_ids = [row[0] for row in cursor.fetchall()]
        for page_id in page_ids:
            notify.page_changed(page_id)
    return len(page_ids)


def queue_referencing(objects, withhold=False):
    """Queue the documents that show any of ``objects`` for the worker; returns how many."""
    return _queue(
        PageDocumentReference.objects.showing(objects)
        .exclude(document_id__in=pages_being_deleted)
        .values(stale_page=F("document_id")),
        withhold=withhold,
    )


def rebuild_page_and_queue_dependants(page, withhold=False):
    """After a page changes: its own document now, so that the editor and the API see it at
    once; those of its subtree (addresses, breadcrumbs) and of pages showing any of them are
    queued for the worker, and withheld meanwhile when the page has been hidden (``withhold``).
    Returns how many were queued."""
    # One transaction, so that everything a hide touches is announced once, as it commits.
    with transaction.atomic() if withhold else nullcontext():
        return _rebuild_page_and_queue_dependants(page, withhold)


def _rebuild_page_and_queue_dependants(page, withhold):
    rebuild_many([page.pk])
    subtree_keys = (
        Page.objects.descendant_of(page, inclusive=True)
        .annotate(key=Concat(Value(PAGE_KEY_PREFIX), Cast("pk", CharField())))
        .values("key")
    )
    deleting = [page.pk, *pages_being_deleted]
    return _queue(
        Page.objects.descendant_of(page).exclude(pk__in=deleting).values(stale_page=F("pk")),
        withhold=withhold,
    ) + _queue(
        PageDocumentReference.objects.filter(target__in=subtree_keys)
        .exclude(document_id__in=deleting)
        .values(stale_page=F("document_id")),
        withhold=withhold,
    )


def rebuild_stale(now=None):
    """Rebuild documents whose own validity has run out; returns how many."""
    now = now or timezone.now()
    stale = list(
        PageDocument.objects.filter(valid_until__lte=now).values_list("page_id", flat=True)
    )
    rebuild_many(stale)
    return len(stale)


def rebuild_all(batch_size=None, each_batch=None):
    """Rebuild every document from scratch, e.g. after a deploy that changes the API shape.

    Each batch is its own transaction, so that the site stays live: a request waits for at most
    one batch, and readers see each page's old document or its new one, never a half-built one.
    """
    batch_size = batch_size or BATCH_SIZE
    with transaction.atomic():
        PageDocument.objects.exclude(page__in=public_pages()).delete()
    ids = list(public_pages().order_by("path").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            rebuild_batch([Page(pk=pk) for pk in ids[start : start + batch_size]])
            if each_batch:
                each_batch()
    return len(ids)
