"""Admin screens for the people register."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_filters import PersonAdminFilterSet
from .models import Person


class PersonViewSet(SnippetViewSet):
    """The staff contacts, with their own menu item since editors look them up often."""

    model = Person
    icon = "user"
    add_to_admin_menu = True
    list_display = ["name", "job_title", "department", "email"]
    filterset_class = PersonAdminFilterSet
    ordering = "name"
    # A plain database match, so that editors find people by department or email too; the
    # search index's autocomplete covers names only.
    search_backend_name = None
    search_fields = ["name", "job_title", "area_of_responsibility", "department", "email"]


register_snippet(PersonViewSet)
