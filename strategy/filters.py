"""Filters of the meetings listing (``/api/v2/meetings/``)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.api.v2.utils import BadRequestError

from headless.api import parse_id

from .models import Meeting

MAX_SLUG_LENGTH = 255


class StrictBooleanField(forms.Field):
    """``true`` or ``false``; anything else is an error rather than silently ignored."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise ValidationError(_("Enter true or false."), code="invalid")


class PageIdField(forms.Field):
    """The id of a page, checked like every id of the API before it reaches the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_id(value, "strategy")
        except BadRequestError as error:
            raise ValidationError(
                _("Enter the id of a page: a positive whole number."), code="invalid"
            ) from error


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class PageIdFilter(django_filters.Filter):
    field_class = PageIdField


class MeetingFilterSet(django_filters.FilterSet):
    """What the county site narrows the meetings listing by."""

    upcoming = StrictBooleanFilter(method="filter_upcoming", label=_("upcoming"))
    strategy = PageIdFilter(field_name="page_id", label=_("strategy"))
    region = django_filters.CharFilter(
        field_name="region__slug",
        lookup_expr="iexact",
        max_length=MAX_SLUG_LENGTH,
        validators=[validate_slug],
        label=_("region"),
    )

    class Meta:
        model = Meeting
        fields = ["upcoming", "strategy", "region"]

    def filter_upcoming(self, queryset, name, value):
        # A meeting that has started but not ended is still worth showing: one may join late.
        now = timezone.now()
        if value:
            return queryset.filter(end__gte=now)
        return queryset.filter(end__lt=now)
