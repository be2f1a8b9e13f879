"""Panels of our own for the page editor."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .readability import BANDS, page_readability


class ReadabilityPanel(Panel):
    """The readability (LIX) of the page's text, read-only, with what the score means.

    It first measures the page the editor has open: the latest draft, as last saved (or as last
    submitted, when the form comes back with errors). Then, as the editor types, a script posts
    the form to ``editorial.readability_views`` and shows the text measured again, unsaved.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Readability (LIX)"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "panels/readability.html"

        class Media:
            js = ["admin/readability.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["readability"] = page_readability(self.instance)
            context["bands"] = BANDS
            context["readability_url"] = self.readability_url()
            return context

        def readability_url(self):
            page = self.instance
            if page.pk:
                return reverse("home_readability_edit", args=[page.pk])
            parent = getattr(self.form, "parent_page", None)
            if parent is None:
                return None
            args = [page._meta.app_label, page._meta.model_name, parent.pk]
            return reverse("home_readability_add", args=args)
