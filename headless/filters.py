"""Filter parts shared by the API's FilterSets."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Slugs of taxonomy terms, or municipality numbers, as query-string values.
MAX_SLUG_LENGTH = 255
SLUG_PATTERN = re.compile(r"^[-a-z0-9_]+$")


class SlugListField(forms.Field):
    """Every value of a repeated query parameter (?topic=a&topic=b), each a slug or a number."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        # An empty value means no filter, as an unfilled field of an HTML form would send it.
        return [item.strip().lower() for item in value if item.strip()]

    def validate(self, value):
        super().validate(value)
        for item in value:
            if len(item) > MAX_SLUG_LENGTH or not SLUG_PATTERN.match(item):
                raise ValidationError(
                    _("“%(value)s” is not a valid slug."), code="invalid", params={"value": item}
                )


class SlugListFilter(django_filters.Filter):
    """A filter taking several slugs; the FilterSet says what they match with ``method``."""

    field_class = SlugListField
