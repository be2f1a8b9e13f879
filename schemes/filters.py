"""Filters of the scheme finder (``/api/v2/schemes/``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from home.filters import SlugListFilter

from .choices import FinderKind, SchemeStatus
from .models import ProgrammePage, SchemePage


class TermFilter(SlugListFilter):
    """Matches pages related to any of the given terms through ``lookups`` on both page types."""

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

    topic = TermFilter(lookups=["topics__slug__in"], label=_("topic"))
    region = TermFilter(lookups=["regions__slug__in"], label=_("region"))
    municipality = TermFilter(
        lookups=["municipalities__slug__in", "municipalities__number__in"],
        label=_("municipality"),
    )
    applicant = TermFilter(lookups=["eligible_applicants__slug__in"], label=_("who may apply"))
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
