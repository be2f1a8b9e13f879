"""The feedback box as the API shows and accepts it: its public definition, and JSON to form data.

A submission is a flat JSON object: one key per form field (its ``name``), plus two keys of the
API's own. ``consent`` is a boolean that must be true whenever an email address is given, and
``website`` is a honeypot: a field the county site hides from people, so only robots fill it in.
"""

import html
import re
from decimal import Decimal

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from base.publication import collect_references

from .choices import FeedbackState

CONSENT_FIELD = "consent"
HONEYPOT_FIELD = "website"
RESERVED_FIELDS = frozenset([CONSENT_FIELD, HONEYPOT_FIELD])

# The JSON type each of Wagtail's form field types accepts; every other type takes a string.
VALUE_TYPES = {
    "checkbox": "boolean",
    "checkboxes": "array",
    "multiselect": "array",
    "number": "number",
}


def value_type(field):
    return VALUE_TYPES.get(field.field_type, "string")


def display_html(value):
    """Rich text as display HTML; links to pages a reader may not see keep only their text."""
    if not value:
        return ""
    # Inside collect_references the project's link handlers drop links to non-public targets.
    with collect_references():
        return str(expand_db_html(value))


def plain_text(value):
    """Rich text as one line of plain text, for messages."""
    text = html.unescape(strip_tags(display_html(value)))
    return re.sub(r"\s+", " ", text).strip()


def state_message(page):
    """Why the box takes no submissions now, in the editor's words when they gave any."""
    if page.state == FeedbackState.COMING:
        return page.coming_text or _("The feedback box is not open yet.")
    if page.state == FeedbackState.CLOSED:
        return page.closed_text or _("The feedback box is closed.")
    return ""


def thank_you_message(page):
    return plain_text(page.thank_you_text) or _("Thank you for your feedback.")


def email_field_names(fields):
    return [field.clean_name for field in fields if field.field_type == "email"]


def field_definition(field, form_field):
    # The choices as the form splits them (by line, or by comma on a single line), so that
    # the definition offers exactly the values that validation accepts.
    choices = getattr(form_field, "choices", None)
    return {
        **field.api_representation(),
        "choices": [str(value) for value, _label in choices] if choices is not None else [],
        "value_type": value_type(field),
    }


def form_definition(page, max_body_bytes):
    """What the county site needs to draw the form and explain the rules of a submission."""
    fields = list(page.get_form_fields())
    form_fields = page.get_form_class().base_fields
    return {
        "id": page.pk,
        "title": page.title,
        "state": page.state,
        "is_open": page.is_open,
        "state_message": state_message(page),
        "intro": display_html(page.intro),
        "fields": [field_definition(field, form_fields[field.clean_name]) for field in fields],
        "consent": {
            "name": CONSENT_FIELD,
            "text": page.consent_text,
            "required_with": email_field_names(fields),
        },
        "honeypot": {"name": HONEYPOT_FIELD},
        "thank_you_text": display_html(page.thank_you_text),
        "max_body_bytes": max_body_bytes,
    }


def honeypot_filled(payload):
    value = payload.get(HONEYPOT_FIELD)
    return value is not None and value != ""


def type_error(field, value):
    """The message for a value of the wrong JSON type for ``field``, or None."""
    expected = value_type(field)
    if expected == "boolean":
        if not isinstance(value, bool):
            return _("Must be true or false.")
    elif expected == "array":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return _("Must be a list of text values.")
    elif expected == "number":
        # bool is a subclass of int in Python, but true is not a number in JSON.
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            return _("Must be a number.")
    elif not isinstance(value, str):
        return _("Must be text.")
    return None


def bind_form(page, payload):
    """The page's own form bound to the submitted values, and the errors found before it.

    Values of the wrong JSON type are refused here rather than coerced by the form, so that
    ``{"message": ["a"]}`` is an error and not the text "['a']".
    """
    fields = {field.clean_name: field for field in page.get_form_fields()}
    errors = {}
    data = {}
    for name, value in payload.items():
        if name in RESERVED_FIELDS:
            continue
        field = fields.get(name)
        if field is None:
            errors[name] = [_("Unknown field.")]
        elif value is None:
            continue
        elif message := type_error(field, value):
            errors[name] = [message]
        else:
            data[name] = value

    consent = payload.get(CONSENT_FIELD)
    if consent is not None and not isinstance(consent, bool):
        errors[CONSENT_FIELD] = [_("Must be true or false.")]
    elif not consent and any(
        isinstance(data.get(name), str) and data[name].strip()
        for name in email_field_names(fields.values())
    ):
        errors[CONSENT_FIELD] = [_("You must give your consent when you enter an email address.")]

    form = page.get_form(data, page=page)
    for name, messages in form.errors.items():
        errors.setdefault(name, list(messages))
    return form, errors
