"""Blocks shared by every page type. Block names are API: they appear as ``type`` in payloads.

This module imports only Django, Wagtail and the publication rules; other apps' models are
referred to by label.
"""

import copy
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock, TypedTableBlockAdapter
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .publication import address, frontend_url, is_public, record_reference, shared_lookup_memo

RICH_TEXT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]
# What a table cell may hold when it needs more than plain text.
TABLE_CELL_FEATURES = ["bold", "italic", "link", "document-link"]

# Addresses a link may lead to; relative ones (this site's pages and documents) pass too.
# Others (javascript:, data:) run a script or carry a document instead of leading somewhere.
SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Renditions offered to the county site for every image, by name.
IMAGE_RENDITIONS = {"large": "max-1600x1600", "medium": "max-800x800", "thumbnail": "fill-400x300"}


def restricted_collection_paths():
    """Tree paths of the collections that a view restriction hides, read in one query."""
    from wagtail.models import CollectionViewRestriction

    return list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


def is_private_collection_item(obj, restricted_paths=None):
    """True for an image or document in a collection with a view restriction, or below one.

    Listings pass ``restricted_paths`` read once, so that the check costs no query per item.
    """
    if restricted_paths is None:
        restricted_paths = restricted_collection_paths()
    # A restriction covers the collections below its own, whose paths start with its path.
    return any(obj.collection.path.startswith(path) for path in restricted_paths)


def is_safe_url(value):
    """True for a web, e-mail or telephone address, or one relative to this site."""
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    compact = "".join(char for char in value if char > " ").lower()
    try:
        scheme = urlsplit(compact).scheme
    except ValueError:
        return False
    return not scheme or scheme in SAFE_URL_SCHEMES


def safe_url(value):
    """The address, or "" when it would run a script or carry content (javascript:, data:)."""
    if not isinstance(value, str) or is_safe_url(value):
        return value
    return ""


def page_reference(page):
    """A reference to a page as the API shows it: id, title, type and public URL, or None."""
    if page is None:
        return None
    record_reference(page)
    page = page.specific_deferred
    if not is_public(page):
        return None
    return {
        "id": page.pk,
        "title": page.title,
        "type": page._meta.label,
        "url": frontend_url(page),
    }


def absolute_media_url(url):
    """Media addresses as the county site needs them: absolute, on our media host or CDN."""
    if url.startswith(("http://", "https://")):
        return url
    return address("media", url)


def image_reference(image, restricted_paths=None):
    """An image as the API shows it: rendition URLs with their sizes, and alt text."""
    if image is None:
        return None
    record_reference(image)
    if is_private_collection_item(image, restricted_paths):
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": getattr(image, "default_alt_text", "") or "",
        "renditions": {
            name: {
                "url": absolute_media_url(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


def api_reference(value):
    """Serialise a referenced object the same way wherever it appears in the API."""
    if value is None:
        return None
    if hasattr(value, "api_representation"):
        record_reference(value)
        return value.api_representation()
    if hasattr(value, "get_renditions"):
        return image_reference(value)
    if hasattr(value, "get_url_parts"):
        return page_reference(value)
    raise TypeError(f"No API representation for {type(value).__name__}")


class ReferenceMixin:
    """Chooser blocks emit the referenced object, never a bare id."""

    def get_api_representation(self, value, context=None):
        return api_reference(value)

    def bulk_to_python(self, values):
        memo = shared_lookup_memo()
        if memo is None:
            return super().bulk_to_python(values)
        # Pages of a batch often show the same people and pages: each is read once.
        known = memo.setdefault(("objects", self.model_class._meta.label), {})
        values = list(values)
        missing = {value for value in values if value is not None and value not in known}
        if missing:
            found = self.model_class.objects.in_bulk(missing)
            known.update((value, found.get(value)) for value in missing)
        return [copy.copy(known[value]) if value is not None else None for value in values]


class PublicListBlock(blocks.ListBlock):
    """A list whose items that an anonymous reader may not see are left out of the API."""

    def get_api_representation(self, value, context=None):
        items = super().get_api_representation(value, context=context)
        return [item for item in items if item is not None]


class PublicStreamBlock(blocks.StreamBlock):
    """A stream whose blocks that an anonymous reader may not see are left out of the API."""

    def get_api_representation(self, value, context=None):
        items = super().get_api_representation(value, context=context)
        return [item for item in items if item["value"] is not None]


class PageReferenceBlock(ReferenceMixin, blocks.PageChooserBlock):
    """A page chosen by the editor, shown in the API as id, title, type and URL."""


class ImageBlock(ReferenceMixin, ImageChooserBlock):
    """An image from the library, shown in the API as renditions with alt text."""


class PersonBlock(ReferenceMixin, SnippetChooserBlock):
    """A staff member from the people register."""

    def __init__(self, **kwargs):
        super().__init__("people.Person", **kwargs)


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or an address elsewhere."""

    title = blocks.CharBlock(label=_("Link text"), max_length=255)
    page = PageReferenceBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Web address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        preview_value = {"title": "Regjeringen", "url": "https://www.regjeringen.no/"}

    def clean(self, value):
        if not is_safe_url(value.get("url") or ""):
            # Said plainly, before the field's general "not a valid URL".
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _(
                            "Links may only lead to web addresses (https://). Addresses that "
                            "start with javascript: or data: are refused."
                        )
                    )
                },
            )
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose either a page or a web address.")
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(message)},
            )
        return value

    def get_api_representation(self, value, context=None):
        if value.get("page"):
            page = page_reference(value["page"])
            if page is None:
                return None
            return {"title": value["title"], "url": page["url"], "page": page, "external": False}
        return {"title": value["title"], "url": value.get("url"), "page": None, "external": True}


class LinksBlock(blocks.StructBlock):
    """A list of related links under a heading ("Relevante lenker")."""

    heading = blocks.CharBlock(label=_("Heading"), default="Relevante lenker", max_length=255)
    links = PublicListBlock(LinkBlock(), label=_("Links"), min_num=0)

    class Meta:
        icon = "list-ul"
        label = _("Related links")
        preview_value = {"heading": "Relevante lenker", "links": []}


class ContactBlock(blocks.StructBlock):
    """A staff member to contact, with an optional note on what to ask them about."""

    person = PersonBlock(label=_("Person"))
    note = blocks.CharBlock(
        label=_("Note"),
        required=False,
        max_length=255,
        help_text=_("What to contact this person about, shown after the name."),
    )

    class Meta:
        icon = "user"
        label = _("Contact")
        preview_value = {"note": "samfunnsutvikling"}

    def get_api_representation(self, value, context=None):
        person = api_reference(value.get("person"))
        if person is None:
            return None
        return {"person": person, "note": value.get("note", "")}


class ContactsBlock(blocks.StructBlock):
    """Who to contact ("Ta kontakt med oss"), with a short introduction."""

    heading = blocks.CharBlock(label=_("Heading"), default="Ta kontakt med oss", max_length=255)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    contacts = PublicListBlock(ContactBlock(), label=_("Contacts"))

    class Meta:
        icon = "group"
        label = _("Contacts")
        preview_value = {"heading": "Ta kontakt med oss", "intro": "", "contacts": []}


class FactBoxBlock(blocks.StructBlock):
    """A short highlighted fact or summary beside the main text."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Fact box")
        preview_value = {"title": "Visste du?", "text": "<p>Troms har 21 kommuner.</p>"}


class FigureBlock(blocks.StructBlock):
    """An image with a caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        preview_value = {"caption": ""}

    def get_api_representation(self, value, context=None):
        image = api_reference(value.get("image"))
        if image is None:
            return None
        return {"image": image, "caption": value.get("caption", "")}


class SectionBlock(blocks.StructBlock):
    """A titled section of a landing page: text, cards for child pages, links and contacts."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, required=False)
    cards = PublicListBlock(
        PageReferenceBlock(), label=_("Cards"), help_text=_("Pages shown as cards in this section.")
    )
    links = LinksBlock(label=_("Related links"), required=False)
    contacts = ContactsBlock(label=_("Contacts"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Section")
        preview_value = {"title": "Infrastruktur", "text": "<p>Bredbånd og dagligvarebutikker.</p>"}


class TableBlock(TypedTableBlock):
    """A table with a caption, column headings and typed columns (text, number, formatted text).

    In the API: ``{"caption", "columns": [{"type", "heading"}], "rows": [{"values": [...]}]}``,
    one value per column: a string for text, a number (or null) for a number, display HTML for
    formatted text.
    """

    text = blocks.CharBlock(label=_("Text"), required=False, max_length=255)
    number = blocks.FloatBlock(label=_("Number"), required=False)
    rich_text = blocks.RichTextBlock(
        label=_("Formatted text"), features=TABLE_CELL_FEATURES, required=False
    )

    class Meta:
        icon = "table"
        label = _("Table")
        help_text = _(
            "Tables pasted into a paragraph lose their columns: make them here. Add the columns "
            "first (text, number or formatted text), then a row for each line of the table, and "
            "paste the cells in. The title says what the table shows."
        )
        preview_value = {
            "caption": "Tildelte midler",
            "columns": [{"type": "text", "heading": "År"}, {"type": "number", "heading": "Kroner"}],
            "rows": [{"values": ["2024", 1500000]}, {"values": ["2025", 1750000]}],
        }


class TableBlockAdapter(TypedTableBlockAdapter):
    """The table editor, with "Caption" said as a table's title, not an image's caption."""

    def js_args(self, block):
        args = super().js_args(block)
        args[-1]["strings"]["CAPTION"] = _("Table title")
        return args


register(TableBlockAdapter(), TableBlock)


class BodyBlock(PublicStreamBlock):
    """Free-form body text of a page."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=255, form_classname="title")
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Headings pasted from Word become the heading levels the paragraph offers. Tables "
            "are not kept here: use a Table block."
        ),
    )
    image = FigureBlock()
    fact_box = FactBoxBlock()
    links = LinksBlock()
    contacts = ContactsBlock()
    table = TableBlock()


class ContactsStreamBlock(PublicStreamBlock):
    """The contacts of a page, each a staff member with an optional note."""

    contact = ContactBlock()


class LinksStreamBlock(PublicStreamBlock):
    """Related links of a page."""

    link = LinkBlock()
