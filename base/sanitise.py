"""Safe HTML and addresses on the way out, whatever stored them.

The editor only writes what its features allow, but rich text also arrives by imports, the
content loader and scripts. So rich text is cleaned by nh3 (html5ever's parser with an allow
list) when it is shown: in API documents, the CMS's own pages and previews (see
``sanitise_payload``) and when the editor opens it (``SafeDraftailRichTextArea``), where foreign
HTML would otherwise stop the page from opening at all. Scripts, event handlers, styles and
tags that no feature of the field offers are removed; links keep only addresses on the web,
e-mail and telephone.
"""

import nh3
from django.core.exceptions import FieldDoesNotExist
from django.forms import Media
from wagtail import blocks
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.contrib.typed_table_block.blocks import BaseTypedTableBlock
from wagtail.fields import RichTextField, StreamField

from .blocks import RICH_TEXT_FEATURES, SAFE_URL_SCHEMES, safe_url

# Tags each editor feature writes; paragraphs and line breaks are always there.
FEATURE_TAGS = {
    "bold": {"b", "strong"},
    "italic": {"i", "em"},
    **{f"h{level}": {f"h{level}"} for level in range(1, 7)},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "link": {"a"},
    "document-link": {"a"},
    "hr": {"hr"},
    "blockquote": {"blockquote"},
    "superscript": {"sup"},
    "subscript": {"sub"},
    "strikethrough": {"s"},
    "code": {"code"},
}
BASE_TAGS = {"p", "br"}
# What the editor stores on block elements, to track them between revisions.
BLOCK_KEY = "data-block-key"


def allowed_tags(features):
    tags = set(BASE_TAGS)
    for feature in features or RICH_TEXT_FEATURES:
        tags |= FEATURE_TAGS.get(feature, set())
    return tags


def _clean(html, tags, link_attributes):
    attributes = {"*": {BLOCK_KEY}}
    if "a" in tags:
        attributes["a"] = set(link_attributes)
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def sanitise_html(html, features=None):
    """Display HTML with only what ``features`` of the editor write (default: the site's)."""
    if not html:
        return html
    return _clean(html, allowed_tags(features), {"href"})


def sanitise_database_html(html, features=None):
    """Wagtail's stored rich text, cleaned the same way; page and document links keep their ids."""
    if not html:
        return html
    return _clean(html, allowed_tags(features), {"href", "linktype", "id"})


def sanitise_block(block, value):
    """A block's API representation, with its rich text cleaned and its addresses checked."""
    if isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                child = block.child_blocks[item["type"]]
                item["value"] = sanitise_block(child, item.get("value"))
        return value
    if isinstance(block, blocks.ListBlock) and isinstance(value, list):
        return [sanitise_block(block.child_block, item) for item in value]
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        for name, child in block.child_blocks.items():
            if name in value:
                value[name] = sanitise_block(child, value[name])
        return value
    if isinstance(block, BaseTypedTableBlock) and isinstance(value, dict):
        # Each cell is cleaned as its column's block: formatted text to its features.
        columns = [
            block.child_blocks.get(column.get("type")) if isinstance(column, dict) else None
            for column in value.get("columns") or []
        ]
        for row in value.get("rows") or []:
            if isinstance(row, dict) and isinstance(row.get("values"), list):
                row["values"] = [
                    sanitise_block(child, cell) if child is not None else None
                    for child, cell in zip(columns, row["values"], strict=False)
                ]
        return value
    if isinstance(block, blocks.RichTextBlock) and isinstance(value, str):
        return sanitise_html(value, block.features)
    if isinstance(block, blocks.URLBlock):
        return safe_url(value)
    return value


def _safe_addresses(value):
    """Every ``url`` and ``*_url`` in a payload, wherever a serialiser put it."""
    if isinstance(value, list):
        for item in value:
            _safe_addresses(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key == "url" or key.endswith("_url")):
                value[key] = safe_url(item)
            else:
                _safe_addresses(item)


def sanitise_payload(model, data):
    """Clean the rich text and addresses of a page's serialised fields, in place."""
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, RichTextField) and isinstance(value, str):
            data[name] = sanitise_html(value, field.features)
        elif isinstance(field, StreamField):
            data[name] = sanitise_block(field.stream_block, value)
    _safe_addresses(data)
    return data


# Draft.js's names of the heading levels, by the editor feature that offers each.
HEADING_BLOCK_TYPES = {
    f"h{level}": f"header-{name}"
    for level, name in enumerate(("one", "two", "three", "four", "five", "six"), start=1)
}


class SafeDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's rich text editor, which opens stored HTML it did not write instead of failing.

    Unmatched tags, scripts and other foreign HTML are cleaned to the field's features before
    the editor converts the text; saving then stores the clean version. Headings pasted from
    Word move to the levels the field offers (``admin/paste_headings.js``) instead of being
    flattened to paragraphs.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        headings = [HEADING_BLOCK_TYPES[f] for f in self.features if f in HEADING_BLOCK_TYPES]
        self.options.setdefault("plugins", []).append(
            {"type": "paste-headings", "headings": headings}
        )

    @property
    def media(self):
        return super().media + Media(js=["admin/paste_headings.js"])

    def format_value(self, value):
        if isinstance(value, str):
            value = sanitise_database_html(value, self.features)
        return super().format_value(value)
