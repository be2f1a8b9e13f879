"""The readability panel measured again from the editor's unsaved text, as the editor types.

The page is built from the posted edit form exactly as Wagtail's live preview builds it, with the
same permission checks (edit the page, or add a page under the parent), and nothing is stored.
"""

from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.preview import PreviewOnCreateView, PreviewOnEditView
from wagtail.models import Page

from .readability import BANDS, page_readability

CONTENT_TEMPLATE = "panels/readability_content.html"

# What Wagtail's form fields raise on data that no editor's browser sends, such as rich text that
# is not Draftail's JSON or a StreamField count that is not a number: they parse it before
# validating it.
MALFORMED_DATA_ERRORS = (AttributeError, KeyError, TypeError, ValueError)


def render_content(page):
    return render_to_string(
        CONTENT_TEMPLATE, {"readability": page_readability(page), "bands": BANDS}
    )


class ReadabilityMixin:
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            form = self.get_form(request.POST)
            is_valid = self.validate_form(form)
        except MALFORMED_DATA_ERRORS:
            return JsonResponse(
                {"valid": False, "message": _("The form's data could not be read.")}, status=400
            )
        if not is_valid:
            return JsonResponse(
                {
                    "valid": False,
                    "message": _("The text is measured again when the form's errors are fixed."),
                }
            )
        # As the preview does: the page with the edits applied, not saved.
        page = form.save(commit=False)
        return JsonResponse({"valid": True, "html": render_content(page)})


class ReadabilityOnEditView(ReadabilityMixin, PreviewOnEditView):
    pass


class ReadabilityOnCreateView(ReadabilityMixin, PreviewOnCreateView):
    def get_object(self):
        # Wagtail's preview would build any model the address names; only page types have text
        # to measure.
        model = self.content_type.model_class()
        if model is None or not issubclass(model, Page):
            raise Http404
        return super().get_object()
