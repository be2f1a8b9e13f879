"""Admin screens for the people register."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_filters import PersonAdminFilterSet
from .models import Person
from .views import PersonEditView, PersonInspectView


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
    # A change reaches published pages at once, so it is confirmed first (see people.views).
    edit_view_class = PersonEditView
    edit_template_name = "people/person_edit.html"
    # Writers may look people up but not change them: they read a person here instead of
    # following a link to an edit form they may not open.
    inspect_view_enabled = True
    inspect_view_class = PersonInspectView


register_snippet(PersonViewSet)
