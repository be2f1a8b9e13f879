"""Filters of the scheme finder (``/api/v2/schemes/``)."""

import datetime
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from headless.filters import SlugListFilter
from strategy.filters import StrictBooleanFilter

from .choices import FinderKind, SchemeStatus
from .models import OPEN_STATUSES, ApplicationRound, ProgrammePage, SchemePage, rounds_status

# Days of the deadline filters are the county's days, whatever the server's time zone.
OSLO = ZoneInfo("Europe/Oslo")


class TermFilter(SlugListFilter):
    """Matches pages related to any of the given terms through ``lookups`` on both page types."""

    def __init__(self, *args, lookups, **kwargs):
        self.lookups = lookups
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        parts = []
        for model in (SchemePage, ProgrammePage):
            # The link tables alone: their term index finds the pages, with no page row read.
            relation = self.lookups[0].partition("__")[0]
            field = model._meta.get_field(relation)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            condition = Q()
            for lookup in self.lookups:
                condition |= Q(**{f"{target}__{lookup.partition('__')[2]}": value})
            links = field.remote_field.through.objects.filter(condition)
            parts.append(links.order_by().values(source))
        # One list of ids, so that the database starts from the pages carrying the terms
        # rather than test every page against two lists.
        return qs.filter(pk__in=parts[0].union(*parts[1:], all=True))


def status_condition(statuses):
    """Pages whose status now (``finder_status``) is one of ``statuses``.

    The editor's status where no application round decides it, tested on each page's own
    row; the clock's, worked out for the few pages with rounds alone.
    """
    with_rounds = ApplicationRound.objects.values("page_id")
    clocked = (
        SchemePage.objects.order_by()
        .filter(pk__in=with_rounds)
        .annotate(clock=rounds_status(timezone.now(), F("status")))
        .filter(clock__in=statuses)
        .values("pk")
    )
    return (Q(editor_status__in=statuses) & ~Q(pk__in=with_rounds)) | Q(pk__in=clocked)


class DayField(forms.Field):
    """A day written YYYY-MM-DD, and nothing else (no local formats, no times)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            if len(value) != 10:
                raise ValueError(value)
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise ValidationError(
                _("Enter a date as YYYY-MM-DD, for example 2027-03-01."), code="invalid"
            ) from error


class DayFilter(django_filters.Filter):
    field_class = DayField


def start_of_day(day):
    """The first moment of ``day`` in Oslo, or None for a day with no moment before it."""
    if day <= datetime.date.min + datetime.timedelta(days=1):
        return None
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=OSLO)


def end_of_day(day):
    """The first moment after ``day`` in Oslo, or None for a day with no day after it."""
    if day >= datetime.date.max - datetime.timedelta(days=1):
        return None
    return start_of_day(day + datetime.timedelta(days=1))


class FinderFilterSet(django_filters.FilterSet):
    """What citizens narrow the finder by; several values of one filter mean any of them.

    The queryset carries ``finder_status``, the status as the clock has it now, and
    ``editor_status``, the status the editor chose.
    """

    topic = TermFilter(lookups=["topics__slug__in"], label=_("topic"))
    region = TermFilter(lookups=["regions__slug__in"], label=_("region"))
    municipality = TermFilter(
        lookups=["municipalities__slug__in", "municipalities__number__in"],
        label=_("municipality"),
    )
    applicant = TermFilter(lookups=["eligible_applicants__slug__in"], label=_("who may apply"))
    # A page has one status: no join repeats it, so no DISTINCT is needed.
    status = django_filters.MultipleChoiceFilter(
        choices=SchemeStatus.choices, method="filter_status", distinct=False, label=_("status")
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=FinderKind.choices, method="filter_kind", label=_("kind")
    )
    open_now = StrictBooleanFilter(method="filter_open_now", label=_("open now"))
    # Both apply to the same round: applied together in filter_queryset.
    deadline_before = DayFilter(method="filter_nothing", label=_("deadline on or before"))
    deadline_after = DayFilter(method="filter_nothing", label=_("deadline on or after"))

    class Meta:
        fields = [
            "topic",
            "region",
            "municipality",
            "applicant",
            "status",
            "kind",
            "open_now",
            "deadline_before",
            "deadline_after",
        ]

    def filter_kind(self, queryset, name, value):
        models = {FinderKind.SCHEME: SchemePage, FinderKind.PROGRAMME: ProgrammePage}
        return queryset.type(*(models[kind] for kind in value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_condition(value))

    def filter_open_now(self, queryset, name, value):
        if value:
            return queryset.filter(status_condition(OPEN_STATUSES))
        closed = [status for status in SchemeStatus.values if status not in OPEN_STATUSES]
        return queryset.filter(status_condition(closed))

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        before = self.form.cleaned_data.get("deadline_before")
        after = self.form.cleaned_data.get("deadline_after")
        if before is None and after is None:
            return queryset
        # Deadlines still ahead, on Oslo days, both ends included.
        rounds = ApplicationRound.objects.filter(deadline__gt=timezone.now())
        if after is not None and (start := start_of_day(after)) is not None:
            rounds = rounds.filter(deadline__gte=start)
        if before is not None and (end := end_of_day(before)) is not None:
            rounds = rounds.filter(deadline__lt=end)
        return queryset.filter(pk__in=rounds.values("page_id"))
