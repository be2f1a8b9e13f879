"""Filters of the public staff directory (``/api/v2/people/``)."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from headless.api import search_terms
from headless.filters import SlugListFilter

from .models import Person

MAX_DEPARTMENT_LENGTH = 255
MAX_SEARCH_LENGTH = 100


def literal_pattern(text, whole=False):
    """A regular expression matching ``text`` literally, for the ``iregex`` lookup.

    ``icontains`` and ``iexact`` fold only ASCII letters on SQLite, so "øyvind" would not find
    "Øyvind"; a case-insensitive regular expression folds every letter on both databases.
    """
    pattern = re.escape(text)
    return f"^{pattern}$" if whole else pattern


class PersonFilterSet(django_filters.FilterSet):
    """What the county site narrows the public staff directory by."""

    topic = SlugListFilter(method="filter_topic", label=_("topic"))
    department = django_filters.CharFilter(
        method="filter_department", max_length=MAX_DEPARTMENT_LENGTH, label=_("department")
    )
    search = django_filters.CharFilter(
        method="filter_search", max_length=MAX_SEARCH_LENGTH, label=_("search")
    )

    class Meta:
        model = Person
        fields = ["topic", "department", "search"]

    def filter_topic(self, queryset, name, value):
        # Several topics mean any of them; an unknown slug simply matches nobody.
        return queryset.filter(pk__in=Person.objects.filter(topics__slug__in=value).values("pk"))

    def filter_department(self, queryset, name, value):
        return queryset.filter(department__iregex=literal_pattern(value, whole=True))

    def filter_search(self, queryset, name, value):
        """Every word must occur in the name or in the area of responsibility."""
        terms = search_terms(value)
        if not terms:
            return queryset.none()
        for term in terms:
            pattern = literal_pattern(term)
            queryset = queryset.filter(
                Q(name__iregex=pattern) | Q(area_of_responsibility__iregex=pattern)
            )
        return queryset
