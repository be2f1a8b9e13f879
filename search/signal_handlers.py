"""Keep the search index in step with page documents, people and documents."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model

from headless.documents import documents_saved
from headless.models import PageDocument
from people.models import Person

from . import engine, index
from .choices import EntryKind
from .models import Synonym


def on_page_document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_page_document(instance)


def on_page_documents_saved(sender, documents, **kwargs):
    index.index_page_documents(documents)


def on_page_document_deleted(sender, instance, **kwargs):
    index.remove(EntryKind.PAGE, instance.page_id)


def on_person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_person(instance)


def on_person_deleted(sender, instance, **kwargs):
    index.remove(EntryKind.PERSON, instance.pk)


def on_document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_document(instance)


def on_document_deleted(sender, instance, **kwargs):
    index.remove(EntryKind.DOCUMENT, instance.pk)


def on_document_tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, get_document_model()
    ):
        index.index_document(instance)


def on_migrated(sender, **kwargs):
    # A database that had content before search existed, or whose index was emptied, gets
    # its index built once; afterwards the handlers above keep it current.
    from .models import SearchEntry, SearchTerm

    if not SearchEntry.objects.exists() and (
        PageDocument.objects.exists() or Person.objects.exists()
    ):
        index.rebuild()
    elif SearchEntry.objects.exists() and not SearchTerm.objects.exists():
        # An index from before it kept its words (for misspellings and suggestions).
        index.rebuild()


def register_signal_handlers():
    document_model = get_document_model()
    post_save.connect(on_page_document_saved, sender=PageDocument, dispatch_uid="search_page")
    documents_saved.connect(on_page_documents_saved, dispatch_uid="search_pages")
    post_delete.connect(
        on_page_document_deleted, sender=PageDocument, dispatch_uid="search_page_deleted"
    )
    post_save.connect(on_person_saved, sender=Person, dispatch_uid="search_person")
    post_delete.connect(on_person_deleted, sender=Person, dispatch_uid="search_person_deleted")
    post_save.connect(on_document_saved, sender=document_model, dispatch_uid="search_document")
    post_delete.connect(
        on_document_deleted, sender=document_model, dispatch_uid="search_document_deleted"
    )
    m2m_changed.connect(
        on_document_tags_changed,
        sender=document_model.tags.through,
        dispatch_uid="search_document_tags",
    )
    # Synonyms and promotions are read from the cache on every search.
    for model in (Synonym, SearchPromotion, Query):
        for signal in (post_save, post_delete):
            signal.connect(
                engine.invalidate_caches,
                sender=model,
                dispatch_uid=f"search_cache_{model._meta.label_lower}_{id(signal)}",
            )
