"""Panels of our own for the page editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .readability import BANDS, page_readability


class ReadabilityPanel(Panel):
    """The readability (LIX) of the page's text, read-only, with what the score means.

    It measures the page the editor has open: in the page editor that is the latest draft, as
    last saved (or as last submitted, when the form comes back with errors).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Readability (LIX)"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "panels/readability.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["readability"] = page_readability(self.instance)
            context["bands"] = BANDS
            return context
