"""Each page's readability, measured when its text is saved and kept for the admin's overviews.

An overview shows the LIX score of fifty pages at a time. Measuring them as it answers meant
reading and parsing each page's latest draft, a cost per row; instead a page is measured once
when a revision of it is saved (or, for a page without revisions, when the page is saved), and
the overview reads the counts with its rows. Counts that are missing (pages saved before they
were kept) or out of date (a revision saved some other way) are measured again the first time
an overview shows the page, for the rows shown only, and kept.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.models import Page, Revision, get_page_models

from .models import PageReadability
from .readability import (
    Readability,
    content_readability,
    latest_draft_readability,
    page_readability,
    text_fields,
)

STORED_FIELDS = ["revision", "words", "sentences", "long_words"]


def _kept(page_id, revision_id, readability):
    return PageReadability(
        page_id=page_id,
        revision_id=revision_id,
        words=readability.words,
        sentences=readability.sentences,
        long_words=readability.long_words,
    )


def _keep(rows):
    PageReadability.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["page"], update_fields=STORED_FIELDS
    )


def is_current(page):
    """Whether the counts read with ``page`` (``select_related("stored_readability")``) are
    those of its latest draft."""
    try:
        stored = page.stored_readability
    except PageReadability.DoesNotExist:
        return False
    return stored.revision_id == page.latest_revision_id


def stored_readability(page):
    """The readability of the page's latest draft, from its kept counts when they are current."""
    if is_current(page):
        stored = page.stored_readability
        return Readability(stored.words, stored.sentences, stored.long_words)
    return latest_draft_readability(page)


def keep_readability(pages):
    """Measure and keep the readability of those of ``pages`` (read with
    ``select_related("stored_readability")``) whose kept counts are missing or out of date.

    Two queries at most, however many pages: one for the latest revisions, one to keep them.
    """
    stale = [page for page in pages if not is_current(page)]
    if not stale:
        return
    contents = dict(
        Revision.objects.filter(
            pk__in=[page.latest_revision_id for page in stale if page.latest_revision_id]
        ).values_list("pk", "content")
    )
    # A page without revisions is measured from its own fields, which a listing may not have
    # read (``defer``): they are read for those pages only, in one query for each page type.
    unrevised = read_text_fields(
        [page for page in stale if page.latest_revision_id not in contents]
    )
    rows = []
    for page in stale:
        content = contents.get(page.latest_revision_id)
        if content is None:
            readability = page_readability(unrevised[page.pk])
        else:
            readability = content_readability(type(page), content)
        rows.append(_kept(page.pk, page.latest_revision_id, readability))
    _keep(rows)
    for page, row in zip(stale, rows, strict=True):
        page.stored_readability = row


def read_text_fields(pages):
    """The pages by id, each with its text fields read (from ``pages`` when none is deferred)."""
    read = {}
    by_type = {}
    for page in pages:
        names = {field.attname for field in text_fields(type(page))}
        if names & page.get_deferred_fields():
            by_type.setdefault(type(page), []).append(page.pk)
        else:
            read[page.pk] = page
    for model, ids in by_type.items():
        read.update((page.pk, page) for page in model.objects.filter(pk__in=ids))
    return read


def measure_saved_revision(sender, instance, created, update_fields=None, **kwargs):
    """A page's new revision is its latest draft: measure it as it is saved."""
    if not created and update_fields is not None and "content" not in update_fields:
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model is None or not issubclass(model, Page):
        return
    readability = content_readability(model, instance.content)
    _keep([_kept(int(instance.object_id), instance.pk, readability)])


def measure_saved_page(sender, instance, raw=False, update_fields=None, **kwargs):
    """A page without revisions (made by code) is its own latest draft."""
    if raw or instance.latest_revision_id:
        return
    # A page read as a bare Page lacks its type's text fields: it would measure as empty.
    if type(instance) is not instance.specific_class:
        return
    text = {field.name for field in text_fields(type(instance))}
    if update_fields is not None and not text & set(update_fields):
        return
    _keep([_kept(instance.pk, None, page_readability(instance))])


def connect():
    post_save.connect(measure_saved_revision, sender=Revision, dispatch_uid="readability_revision")
    # For page models only: every other save (revisions, log entries, sessions) passes by.
    for model in get_page_models():
        post_save.connect(
            measure_saved_page,
            sender=model,
            dispatch_uid=f"readability_page_{model._meta.label_lower}",
        )
