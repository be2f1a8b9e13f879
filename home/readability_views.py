"""The readability panel measured again from the editor's unsaved text, as the editor types.

The page is built from the posted edit form exactly as Wagtail's live preview builds it, with the
same permission checks (edit the page, or add a page under the parent), and nothing is stored.
"""

from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.preview import PreviewOnCreateView, PreviewOnEditView

from .readability import BANDS, page_readability

CONTENT_TEMPLATE = "panels/readability_content.html"


def render_content(page):
    return render_to_string(
        CONTENT_TEMPLATE, {"readability": page_readability(page), "bands": BANDS}
    )


class ReadabilityMixin:
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not self.validate_form(form):
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
    pass
