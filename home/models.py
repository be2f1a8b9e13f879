"""The home page, topic landing pages and the page mixins every app's pages share."""

from django.conf import settings
from django.db import models
from django.template.loader import select_template
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import RICH_TEXT_FEATURES, BodyBlock, SectionBlock
from editorial.panels import ReadabilityPanel
from editorial.permissions import EditorialPermissionsMixin
from headless.preview import CountySitePreviewMixin


class PayloadTemplateMixin(EditorialPermissionsMixin, CountySitePreviewMixin):
    """Pages render what the API shows, so that the admin preview is what the county site gets.

    Every page type of the site has this mixin, and so also who may delete and move it
    (``editorial.permissions``).

    The site is headless: these pages exist for editors' previews and as a plain, readable
    fallback, built from the same payload as ``/api/v2/pages/{id}/``. That preview stays the
    default; the preview mode "the county's website" shows the draft as the county site renders
    it (see ``headless.preview``).
    """

    def get_template(self, request, *args, **kwargs):
        # Wagtail gives every page class a template name of its own; all of ours share one.
        return "pages/page.html"

    def get_context(self, request, *args, **kwargs):
        # Imported here: the document builder uses Wagtail's API views, which need every
        # model loaded first.
        from headless.documents import build_payload

        context = super().get_context(request, *args, **kwargs)
        context["payload"] = build_payload(self)
        # Each page type lays its payload out in a template of its own (templates/pages/types/).
        context["type_template"] = select_template(
            [f"pages/types/{self._meta.model_name}.html", "pages/types/generic.html"]
        ).template.name
        context["site_name"] = settings.WAGTAIL_SITE_NAME
        context["home_url"] = "/"
        return context


class LeadMixin(models.Model):
    """A lead paragraph shown above the body; the first thing the county site renders."""

    lead = models.TextField(_("lead"), blank=True, help_text=_("A short introduction, plain text."))

    search_fields = [index.SearchField("lead", boost=2)]
    api_fields = [APIField("lead")]

    class Meta:
        abstract = True


class HomePage(PayloadTemplateMixin, LeadMixin, Page):
    """The root of the portal; its children are the topic and strategy pages."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.TopicPage", "strategy.StrategyPage", "schemes.SchemeIndexPage"]
    max_count = 1
    content_panels = [
        *Page.content_panels,
        ReadabilityPanel(),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, *LeadMixin.search_fields, index.SearchField("body")]
    api_fields = [*LeadMixin.api_fields, APIField("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class TopicPage(PayloadTemplateMixin, LeadMixin, Page):
    """A landing page for a topic, in sections with text, cards, links and contacts."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    sections = StreamField([("section", SectionBlock())], verbose_name=_("sections"), blank=True)

    parent_page_types = ["home.HomePage", "home.TopicPage"]
    subpage_types = [
        "home.TopicPage",
        "strategy.StrategyPage",
        "schemes.SchemePage",
        "schemes.ProgrammePage",
        "schemes.SchemeIndexPage",
    ]
    content_panels = [
        *Page.content_panels,
        ReadabilityPanel(),
        FieldPanel("lead"),
        FieldPanel("intro"),
        FieldPanel("sections"),
    ]
    search_fields = [
        *Page.search_fields,
        *LeadMixin.search_fields,
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]
    api_fields = [*LeadMixin.api_fields, APIField("intro"), APIField("sections")]

    class Meta:
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")
