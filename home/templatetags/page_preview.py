"""Render a page's API payload as HTML: what the admin preview and the site's own pages show."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe

from home.blocks import safe_url
from home.sanitise import sanitise_html

register = template.Library()

HIDDEN_KEYS = {"id", "meta", "title", "detail_url", "type", "slug", "external", "page"}


def label_for(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    # Inline children (meetings, milestones) are named by their model.
    label = getattr(field, "verbose_name", None) or (
        field.related_model._meta.verbose_name_plural if field is not None else None
    )
    return str(label or name.replace("_", " ")).capitalize()


def render_value(value):
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, bool):
        return format_html("{}", "✓" if value else "–")
    if isinstance(value, str):
        # Rich text is HTML, cleaned again here: text that merely looks like HTML loses
        # whatever the editor could not have written, scripts and handlers above all.
        if value.startswith("<") and value.endswith(">"):
            return mark_safe(sanitise_html(value))  # noqa: S308
        if value.startswith(("http://", "https://")) and safe_url(value):
            return format_html('<a href="{}">{}</a>', value, value)
        return mark_safe(linebreaks(value, autoescape=True))  # noqa: S308
    if isinstance(value, int | float):
        return format_html("{}", value)
    if isinstance(value, list):
        items = [render_value(item) for item in value]
        if all(isinstance(item, dict) and "value" in item for item in value):
            # A stream: its blocks follow each other like the body of a page.
            return format_html_join("", "{}", ((item,) for item in items if item))
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in items if item))
        )
    if "type" in value and "value" in value:
        return render_block(value["type"], value["value"])
    if "url" in value and "title" in value:
        return format_html('<a href="{}">{}</a>', safe_url(value["url"]) or "#", value["title"])
    if "name" in value and "slug" in value:
        # A taxonomy term: its name, and a municipality its number.
        number = value.get("number")
        return format_html("{} ({})", value["name"], number) if number else value["name"]
    rows = (
        (key.replace("_", " ").capitalize(), render_value(item))
        for key, item in value.items()
        if key not in HIDDEN_KEYS
    )
    return format_html(
        '<dl class="fields">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", (row for row in rows if row[1])),
    )


def render_block(block_type, value):
    if block_type == "heading":
        return format_html("<h3>{}</h3>", value)
    if block_type == "paragraph":
        return render_value(value)
    return format_html('<div class="block block-{}">{}</div>', block_type, render_value(value))


@register.simple_tag
def render_payload(page, payload):
    """Every field of the payload under its label, in the order the API gives them."""
    sections = (
        (label_for(type(page), key), render_value(value))
        for key, value in payload.items()
        if key not in HIDDEN_KEYS
    )
    return format_html_join(
        "", '<section class="field"><h2>{}</h2>{}</section>', (s for s in sections if s[1])
    )
