"""The people register's views: a change that reaches published pages is confirmed first.

A person has no drafts and no approval: saving changes every published page that shows them, at
once. So when the person is on published pages, the first save shows the editor which pages,
keeps their changes in the form, and saves nothing; the editor then confirms, or goes back.
"""

from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.snippets.views.snippets import EditView, InspectView

from headless.models import PageDocumentReference

# The form field that carries the editor's confirmation.
CONFIRMED = "confirm_published_pages"


def published_pages_showing(person):
    """The live pages whose public representation shows the person, by title.

    Read from the references that the API documents record when they are built, so it lists
    exactly the pages whose answers a change to the person rebuilds.
    """
    page_ids = PageDocumentReference.objects.showing([person]).values("document_id")
    return list(Page.objects.live().filter(pk__in=page_ids).specific().order_by("title"))


class PersonEditView(EditView):
    """Wagtail's snippet edit view, with a confirmation before a change reaches published pages."""

    def form_valid(self, form):
        if not form.has_changed() or self.request.POST.get(CONFIRMED):
            return super().form_valid(form)
        pages = published_pages_showing(self.object)
        if not pages:
            return super().form_valid(form)
        if self.expects_json_response:
            return self.json_error_response(
                "confirmation_required", _("Confirm the change before it is saved.")
            )
        self.form = form
        return self.render_to_response(self.get_context_data(form=form, pages_to_confirm=pages))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = kwargs.get("pages_to_confirm")
        if pages:
            context["pages_to_confirm"] = pages
            context["confirm_field"] = CONFIRMED
        return context


class PersonInspectView(InspectView):
    """A person to read, for those who may not change them: empty fields as a dash, not "None"."""

    def get_field_display_value(self, field_name, field):
        if getattr(self.object, field_name, None) in (None, ""):
            # As Wagtail shows a relation with nothing in it.
            return "-"
        return super().get_field_display_value(field_name, field)
