"""Keep the API document store and the content version in step with every public change.

A changed page gets its own document at once. The documents of other pages that the change
touches (pages showing a saved person, image or organisation; the subtree of a page published,
renamed or moved, and pages showing any of it) are queued for the background worker
(``headless.tasks``), so that the editor's request costs the same whether a person appears on one
page or on thousands. A change that hides a page (unpublishing, a view restriction, deletion, a
move below a hidden page) queues them as well, withheld: until the worker has rebuilt them, the
API builds each afresh when it is read, so that nothing names the hidden page meanwhile.
"""

import functools
import logging

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from modelcluster.fields import ParentalKey
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from base.blocks import IMAGE_RENDITIONS
from base.publication import public_pages, reference_key

from . import caching, documents, notify, tasks
from .models import MediaSettings, PageDocumentReference

logger = logging.getLogger(__name__)


def changes_public_content(handler):
    """After the handler has run, cached API responses and ETags are stale."""

    @functools.wraps(handler)
    def wrapper(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        handler(sender, instance, **kwargs)
        caching.bump()
        notify.content_changed()

    return wrapper


@changes_public_content
def on_content_changed(sender, instance, **kwargs):
    """Redirects, and which images and documents are public (the setting naming the public
    collection, a collection moved below it): no document shows them, but API responses do."""


@changes_public_content
def on_site_changed(sender, instance, **kwargs):
    # A site's root decides every page's address and which pages are public at all.
    documents.rebuild_all()


def rebuild_after_page_change(page):
    # Hidden now (unpublished, restricted, moved below a hidden page): the documents that show
    # it or its subtree are withheld until the worker has rebuilt them.
    hidden = not public_pages().filter(pk=page.pk).exists()
    if documents.rebuild_page_and_queue_dependants(page, withhold=hidden):
        tasks.enqueue_rebuild()


@changes_public_content
def on_page_changed(sender, instance, **kwargs):
    rebuild_after_page_change(instance)


def on_page_deleting(sender, instance, **kwargs):
    # Wagtail unpublishes a page as it deletes it; nothing may be rebuilt for it meanwhile, or
    # a document would be written for a row that is about to disappear.
    documents.pages_being_deleted.add(instance.pk)


@changes_public_content
def on_page_deleted(sender, instance, **kwargs):
    documents.pages_being_deleted.discard(instance.pk)
    # Withheld, like the documents of every change that hides a page.
    if documents.queue_referencing([instance], withhold=True):
        tasks.enqueue_rebuild()


@changes_public_content
def on_restriction_changed(sender, instance, **kwargs):
    rebuild_after_page_change(instance.page)


@changes_public_content
def on_collection_restriction_changed(sender, instance, **kwargs):
    # Images and documents in the collection and below it appear in, or vanish from, pages.
    collections = Collection.objects.descendant_of(instance.collection, inclusive=True)
    media = [
        *get_image_model().objects.filter(collection__in=collections),
        *get_document_model().objects.filter(collection__in=collections),
    ]
    # Withheld until rebuilt, as for a hidden page: none may show a file that became private.
    if documents.queue_referencing(media, withhold=True):
        tasks.enqueue_rebuild()


@changes_public_content
def on_referenced_object_changed(sender, instance, **kwargs):
    if documents.queue_referencing([instance]):
        tasks.enqueue_rebuild()


def on_image_saved(sender, instance, **kwargs):
    """Make the renditions the API offers as an image is uploaded or changed.

    An API request then only reads them; decoding and resizing an image there would make the
    first reader after an upload wait seconds. It runs after the commit, because the admin's
    edit form deletes the old renditions after saving an image whose file it replaced.
    """
    if kwargs.get("raw"):
        return
    transaction.on_commit(functools.partial(make_renditions, instance.pk))


def make_renditions(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return
    existing = set(image.renditions.values_list("pk", flat=True))
    try:
        # One at a time: Wagtail's get_renditions decodes the original in three threads at once,
        # tripling a worker's peak memory (bench/image_memory.py).
        renditions = {spec: image.get_rendition(spec) for spec in IMAGE_RENDITIONS.values()}
    except Exception:
        # The image is saved already; an undecodable file must not turn that into an error.
        # Publishing a page that shows it tries again.
        logger.exception("Making the renditions of image %s failed", image_id)
        return
    made = any(rendition.pk not in existing for rendition in renditions.values())
    # Documents built before the commit may show renditions that the commit deleted.
    if made and PageDocumentReference.objects.filter(target=reference_key(image)).exists():
        with transaction.atomic():
            on_referenced_object_changed(sender=type(image), instance=image)


def referenced_models():
    """Models whose instances appear inside page documents: snippets, images and documents."""
    own_apps = {"taxonomy", "home", "people", "strategy", "schemes"}
    for model in apps.get_models():
        if model._meta.app_label not in own_apps or issubclass(model, Page):
            continue
        # Inline children (meetings, form fields) change only when their page is published.
        is_inline = any(isinstance(field, ParentalKey) for field in model._meta.get_fields())
        if hasattr(model, "api_representation") and not is_inline:
            yield model
    yield get_image_model()
    yield get_document_model()


def register_signal_handlers():
    page_published.connect(on_page_changed, dispatch_uid="documents_page_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="documents_page_unpublished")
    post_page_move.connect(
        lambda sender, instance, **kwargs: on_page_changed(sender, instance.specific),
        dispatch_uid="documents_page_moved",
        weak=False,
    )
    pre_delete.connect(on_page_deleting, sender=Page, dispatch_uid="documents_page_deleting")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="documents_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"documents_restriction_{id(signal)}",
        )
    for signal in (post_save, post_delete):
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"documents_collection_restriction_{id(signal)}",
        )
    for signal in (post_save, post_delete):
        signal.connect(
            on_content_changed, sender=Redirect, dispatch_uid=f"content_redirect_{id(signal)}"
        )
        signal.connect(on_site_changed, sender=Site, dispatch_uid=f"content_site_{id(signal)}")
        signal.connect(
            on_content_changed,
            sender=MediaSettings,
            dispatch_uid=f"content_media_settings_{id(signal)}",
        )
        signal.connect(
            on_content_changed, sender=Collection, dispatch_uid=f"content_collection_{id(signal)}"
        )
    post_save.connect(
        on_image_saved, sender=get_image_model(), dispatch_uid="renditions_image_saved"
    )
    for model in referenced_models():
        for signal in (post_save, post_delete):
            signal.connect(
                on_referenced_object_changed,
                sender=model,
                dispatch_uid=f"documents_{model._meta.label_lower}_{id(signal)}",
            )
