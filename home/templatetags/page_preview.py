"""Filters and tags that lay a page's API payload out as the page a citizen reads.

The admin preview (``templates/pages/``) renders the same payload as ``/api/v2/pages/{id}/``;
these helpers turn its values (rich text, ISO dates, choice values, images) into HTML.
"""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from base.blocks import safe_url
from base.sanitise import sanitise_html

register = template.Library()


@register.filter
def rich_text(value):
    """Rich text from the payload, cleaned again; plain text gets its paragraphs."""
    if not value:
        return ""
    value = str(value)
    if value.lstrip().startswith("<"):
        # Text that merely looks like HTML loses whatever an editor could not have written.
        return mark_safe(sanitise_html(value))  # noqa: S308
    return mark_safe(linebreaks(value, autoescape=True))  # noqa: S308


@register.filter
def table_cells(row, columns):
    """The cells of a table row from the payload, each with its column's type."""
    values = row.get("values") if isinstance(row, dict) else None
    return [
        {"type": column.get("type") if isinstance(column, dict) else None, "value": value}
        for column, value in zip(columns or [], values or [], strict=False)
    ]


@register.filter
def iso_datetime(value):
    """An ISO 8601 date and time (or date) from the payload as a value the date filter formats."""
    if not value:
        return None
    return parse_datetime(value) or parse_date(value)


@register.filter
def link_url(value):
    """A payload address, or nothing when it is not one a reader may follow."""
    return safe_url(value) if value else ""


def _model_field(model, path):
    field = None
    for name in path.split("."):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = field.related_model or model
    return field


@register.simple_tag
def choice_label(page, path, value):
    """The label of a choice value; ``path`` names the field, through relations with dots."""
    field = _model_field(type(page), path)
    for key, label in getattr(field, "choices", None) or ():
        if key == value:
            return capfirst(label)
    return value


@register.simple_tag
def field_label(page, path):
    """A field's name as the editor knows it from the form."""
    field = _model_field(type(page), path)
    label = getattr(field, "verbose_name", None)
    if label is None and field is not None and field.related_model is not None:
        label = field.related_model._meta.verbose_name_plural
    return capfirst(label or path.rsplit(".", 1)[-1].replace("_", " "))


@register.filter
def names(terms):
    """Taxonomy terms as a readable list of names."""
    return ", ".join(term["name"] for term in terms or () if term)


@register.filter
def plain_text(value):
    """A plain-text field; text in it that looks like markup is reduced to its words."""
    if not value:
        return ""
    value = str(value)
    if "<" in value:
        return strip_tags(sanitise_html(value))
    return value
