"""Which uploaded images and documents an anonymous reader may see.

An upload is private until it is used. It is public while a page that anonymous readers may see
(live, unexpired, without a view restriction) or an entry of the public staff directory refers
to it, as Wagtail's reference index records it (rich text links and embeds, chooser blocks and
fields alike), or once an editor has put it in the collection that the setting "Offentlige
filer" names, or in one below it. A collection with a view restriction hides it whatever else
holds.

Pages are indexed by what is in their database row, which for a live page is its published
version: a draft that uses an image does not make the image public; publishing it does.

Every test is a subquery of one statement, so that a listing costs the same few queries at any
page size.
"""

from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Length, Substr
from wagtail.models import CollectionViewRestriction, ReferenceIndex

from base.publication import public_pages

from .models import MediaSettings

# Objects that are public in full wherever they are, and whose references are public with them.
PUBLIC_SOURCE_MODELS = [("people", "person")]


def _used_publicly(model, pages=None):
    pages = public_pages() if pages is None else pages
    public_page_ids = pages.annotate(key=Cast("pk", CharField())).values("key")
    sources = Q(
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        object_id__in=public_page_ids,
    )
    for app_label, model_name in PUBLIC_SOURCE_MODELS:
        sources |= Q(base_content_type__app_label=app_label, base_content_type__model=model_name)
    return Exists(
        ReferenceIndex.objects.filter(
            sources,
            to_content_type__app_label=model._meta.app_label,
            to_content_type__model=model._meta.model_name,
            to_object_id=Cast(OuterRef("pk"), CharField()),
        )
    )


def _in_public_collection():
    path = MediaSettings.objects.values("public_collection__path")[:1]
    return Q(collection__path__startswith=Subquery(path))


def _in_restricted_collection():
    # A restriction covers its collection and every collection below it.
    return Exists(
        CollectionViewRestriction.objects.filter(
            collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
        )
    )


def released_media(queryset, pages=None):
    """The images or documents of ``queryset`` that are used publicly or released by an editor,
    whatever their collection's view restriction says.

    ``pages``: the public pages, when the caller has them already (reading which pages a view
    restriction hides costs a query).
    """
    return queryset.filter(_used_publicly(queryset.model, pages) | _in_public_collection())


def public_media(queryset, pages=None):
    """The images or documents of ``queryset`` that an anonymous reader may see."""
    return released_media(queryset, pages).exclude(_in_restricted_collection())


def is_released(obj):
    """True when this image or document is used publicly or released by an editor."""
    return released_media(type(obj).objects.filter(pk=obj.pk)).exists()
