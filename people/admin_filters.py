"""Filters of the people register in the admin."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from taxonomy.models import Topic

from .models import Person


def departments():
    values = Person.objects.exclude(department="").values_list("department", flat=True)
    return [(value, value) for value in sorted(set(values))]


class PersonAdminFilterSet(WagtailFilterSet):
    """Narrow the register by department or topic."""

    department = django_filters.ChoiceFilter(choices=departments, label=_("department"))
    topics = django_filters.ModelMultipleChoiceFilter(
        queryset=Topic.objects.all(), label=_("topics")
    )

    class Meta:
        model = Person
        fields = ["department", "topics"]
