"""Filters of the scheme finder (``/api/v2/schemes/``)."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import FinderKind, SchemeStatus
from .models import ProgrammePage, SchemePage

SLUG_OR_NUMBER = re.compile(r"^[-a-z0-9_]{1,100}$")


class SlugListField(forms.Field):
    """Every value of a repeated query parameter, each a slug (or a municipality number)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [item.strip().lower() for item in value if item.strip()]

    def validate(self, value):
        super().validate(value)
        for item in value:
            if not SLUG_OR_NUMBER.match(item):
                raise ValidationError(
                    _("“%(value)s” is not a valid slug."), code="invalid", params={"value": item}
                )


class SlugListFilter(django_filters.Filter):
    """Matches pages related to any of the given terms through ``lookup`` on both page types."""

    field_class = SlugListField

    def __init__(self, *args, lookups, **kwargs):
        self.lookups = lookups
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for lookup in self.lookups:
            condition |= Q(**{lookup: value})
        matching = Q(pk__in=SchemePage.objects.filter(condition).values("pk")) | Q(
            pk__in=ProgrammePage.objects.filter(condition).values("pk")
        )
        return qs.filter(matching)


class FinderFilterSet(django_filters.FilterSet):
    """What citizens narrow the finder by; several values of one filter mean any of them."""

    topic = SlugListFilter(lookups=["topics__slug__in"], label=_("topic"))
    region = SlugListFilter(lookups=["regions__slug__in"], label=_("region"))
    municipality = SlugListFilter(
        lookups=["municipalities__slug__in", "municipalities__number__in"],
        label=_("municipality"),
    )
    applicant = SlugListFilter(lookups=["eligible_applicants__slug__in"], label=_("who may apply"))
    status = django_filters.MultipleChoiceFilter(
        field_name="finder_status", choices=SchemeStatus.choices, label=_("status")
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=FinderKind.choices, method="filter_kind", label=_("kind")
    )

    class Meta:
        fields = ["topic", "region", "municipality", "applicant", "status", "kind"]

    def filter_kind(self, queryset, name, value):
        models = {FinderKind.SCHEME: SchemePage, FinderKind.PROGRAMME: ProgrammePage}
        return queryset.type(*(models[kind] for kind in value))
