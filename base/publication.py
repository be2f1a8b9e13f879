"""Publication rules: which pages an anonymous reader may see, where they are published, and
which objects a stored API document refers to.

The document store, the blocks and every endpoint ask here, so that the rules are one.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

_collected_references = contextvars.ContextVar("collected_references", default=None)


@contextmanager
def collect_references():
    """Gather the keys of every object serialised by ``api_reference`` inside the block.

    The document store uses them to know which documents to rebuild when an object changes,
    including references that were left out because the object was not public at the time.
    """
    keys = set()
    token = _collected_references.set(keys)
    try:
        yield keys
    finally:
        _collected_references.reset(token)


_shared_lookups = contextvars.ContextVar("shared_lookups", default=None)


@contextmanager
def shared_lookups():
    """Inside the block, what many documents of a batch look up is read once and remembered.

    The document store builds documents in batches; their pages share view restrictions,
    ancestors and the people and pages they show. Nothing is written to pages meanwhile, so
    what was read stays true until the block ends.
    """
    if (memo := _shared_lookups.get()) is not None:
        yield memo
        return
    memo = {}
    token = _shared_lookups.set(memo)
    try:
        yield memo
    finally:
        _shared_lookups.reset(token)


def shared_lookup_memo():
    """The batch's memo (a dict), or None outside ``shared_lookups``."""
    return _shared_lookups.get()


def building_documents():
    """True while the document store serialises a page (inside ``collect_references``)."""
    return _collected_references.get() is not None


# Pages are keyed by their base model, so that any page type matches: "wagtailcore.page:<id>".
PAGE_KEY_PREFIX = "wagtailcore.page:"


def reference_key(obj):
    """A stable key for an object: pages by their base model, so any page type matches."""
    if hasattr(obj, "get_url_parts"):
        return f"{PAGE_KEY_PREFIX}{obj.pk}"
    return f"{obj._meta.label_lower}:{obj.pk}"


def referenced_page_id(key):
    """The page id in a reference key, or None when the key names something else."""
    return int(key.removeprefix(PAGE_KEY_PREFIX)) if key.startswith(PAGE_KEY_PREFIX) else None


def record_reference(obj):
    keys = _collected_references.get()
    if keys is not None and obj is not None:
        keys.add(reference_key(obj))


# Absolute addresses are made when answering, from these settings, so that changing one needs
# no rebuild of the stored API documents. A document keeps each address as a path behind a
# marker naming its base (private-use characters, which no editor types and no URL holds);
# ``absolute_addresses`` puts the configured base in its place.
ADDRESS_BASES = {
    "api": "API_BASE_URL",
    "media": "MEDIA_BASE_URL",
    "frontend": "FRONTEND_BASE_URL",
}
ADDRESS_MARKERS = {base: f"\ue000{base}\ue001" for base in ADDRESS_BASES}
_stored_addresses = contextvars.ContextVar("stored_addresses", default=False)


@contextmanager
def stored_addresses():
    """Inside the block, addresses are made as marked paths, for a stored document."""
    token = _stored_addresses.set(True)
    try:
        yield
    finally:
        _stored_addresses.reset(token)


def address(base, path):
    """``path`` under the configured base ("api", "media" or "frontend"); None stays None."""
    if path is None:
        return None
    if _stored_addresses.get():
        return ADDRESS_MARKERS[base] + path
    return getattr(settings, ADDRESS_BASES[base]).rstrip("/") + path


def absolute_addresses(text):
    """A stored document's text (or a value from it) with every marked path made absolute."""
    if not isinstance(text, str) or "\ue000" not in text:
        return text
    for base, marker in ADDRESS_MARKERS.items():
        text = text.replace(marker, getattr(settings, ADDRESS_BASES[base]).rstrip("/"))
    return text


def api_url(path):
    """An address of this API, e.g. a detail_url, on API_BASE_URL."""
    return address("api", path)


def frontend_url(page):
    """The page's address on the county's website, which renders our content."""
    url_path = page.get_url_parts()
    if url_path is None:
        return None
    return address("frontend", url_path[2])


def public_pages():
    """Live, unexpired pages that no view restriction hides, below the tree's root."""
    from wagtail.models import Page

    return Page.objects.filter(public_condition())


def subtree(queryset, page):
    """The pages of ``queryset`` at or below ``page``, as a range of tree paths that an index on
    the path seeks to (SQLite cannot seek with Wagtail's ``path LIKE 'prefix%'``). A path is made
    of the tree's alphabet, so every path below the page sorts between the page's own and the
    page's followed by a character past the alphabet."""
    past_alphabet = chr(ord(max(page.alphabet)) + 1)
    return queryset.filter(path__gte=page.path, path__lt=page.path + past_alphabet)


def public_condition():
    """The condition ``public_pages`` selects by, to combine with others or to negate."""
    from wagtail.models import Page

    memo = _shared_lookups.get()
    if memo is None:
        private = Page.objects.all().private_q()
    else:
        # Wagtail reads every view restriction for each private_q(); a batch reads them once.
        if "private_q" not in memo:
            memo["private_q"] = Page.objects.all().private_q()
        private = memo["private_q"]
    return Q(live=True) & ~private & ~Q(expire_at__lte=timezone.now()) & Q(depth__gt=1)


def is_public(page):
    """True when an anonymous reader may see the page."""
    memo = _shared_lookups.get()
    if memo is None:
        return public_pages().filter(pk=page.pk).exists()
    known = memo.setdefault("public", {})
    if page.pk not in known:
        known[page.pk] = public_pages().filter(pk=page.pk).exists()
    return known[page.pk]


def remember_public(page_ids):
    """Inside ``shared_lookups``: read in one query which of ``page_ids`` are public."""
    memo = _shared_lookups.get()
    known = memo.setdefault("public", {})
    wanted = set(page_ids) - known.keys()
    if wanted:
        public = set(public_pages().filter(pk__in=wanted).values_list("pk", flat=True))
        known.update((pk, pk in public) for pk in wanted)
