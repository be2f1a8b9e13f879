"""The home page, topic landing pages, shared page mixins and the taxonomies every app uses."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.template.loader import select_template
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyBlock, SectionBlock, api_reference
from .choices import OrganisationKind
from .panels import ReadabilityPanel
from .permissions import EditorialPermissionsMixin
from .preview import CountySitePreviewMixin

municipality_number_validator = RegexValidator(
    r"^\d{4}$", _("A municipality number has four digits, for example 5501.")
)
county_number_validator = RegexValidator(
    r"^\d{2}$", _("A county number has two digits, for example 55.")
)


class Taxonomy(index.Indexed, models.Model):
    """A named term that pages are tagged with; the slug is what API filters use."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=False)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def api_representation(self):
        return {"id": self.pk, "name": self.name, "slug": self.slug}


class County(Taxonomy):
    """A Norwegian county (fylke), for programmes that name the counties taking part."""

    number = models.CharField(
        _("county number"), max_length=2, unique=True, validators=[county_number_validator]
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("number")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def api_representation(self):
        return {**super().api_representation(), "number": self.number}


class Region(Taxonomy):
    """A region of Troms served by a regional council, such as Midt-Troms."""

    alternative_name = models.CharField(
        _("alternative name"),
        max_length=255,
        blank=True,
        help_text=_("Another name the region is known by, such as Hålogaland for Sør-Troms."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("alternative_name")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def api_representation(self):
        return {**super().api_representation(), "alternative_name": self.alternative_name}


class Municipality(Taxonomy):
    """A municipality (kommune) with its official number, in one region."""

    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[municipality_number_validator],
        help_text=_("The official four-digit municipality number."),
    )
    official_name = models.CharField(
        _("official name"),
        max_length=255,
        blank=True,
        help_text=_("The full official name, including Sami and Kven names where they apply."),
    )
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("number"),
        FieldPanel("official_name"),
        FieldPanel("region"),
    ]
    search_fields = [*Taxonomy.search_fields, index.SearchField("number")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def api_representation(self):
        return {
            **super().api_representation(),
            "number": self.number,
            "official_name": self.official_name,
            "region": api_reference(self.region),
        }


class Organisation(Taxonomy):
    """An organisation named by the content: councils, ministries, agencies and partners."""

    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, help_text=_("For example KDD or DOGA.")
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    url = models.URLField(_("web address"), blank=True)
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("The region a regional council serves."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("url"),
        FieldPanel("region"),
    ]
    search_fields = [*Taxonomy.search_fields, index.SearchField("short_name")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def api_representation(self):
        return {
            **super().api_representation(),
            "short_name": self.short_name,
            "kind": self.kind,
            "url": self.url or None,
        }


class Industry(Taxonomy):
    """An industry (næring), such as fisheries and aquaculture or tourism."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Topic(Taxonomy):
    """A subject area used to group pages and people, such as broadband or restructuring."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class PayloadTemplateMixin(EditorialPermissionsMixin, CountySitePreviewMixin):
    """Pages render what the API shows, so that the admin preview is what the county site gets.

    Every page type of the site has this mixin, and so also who may delete and move it
    (``home.permissions``).

    The site is headless: these pages exist for editors' previews and as a plain, readable
    fallback, built from the same payload as ``/api/v2/pages/{id}/``. That preview stays the
    default; the preview mode "the county's website" shows the draft as the county site renders
    it (see ``home.preview``).
    """

    def get_template(self, request, *args, **kwargs):
        # Wagtail gives every page class a template name of its own; all of ours share one.
        return "pages/page.html"

    def get_context(self, request, *args, **kwargs):
        # Imported here: the document builder itself imports these models.
        from .documents import build_payload

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


class PageDocument(models.Model):
    """The public API representation of a live page, rebuilt when it or anything it shows changes.

    Kept as JSON text rather than a JSON column so that key order survives on PostgreSQL.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="api_document",
    )
    payload = models.TextField()
    version = models.CharField(max_length=64)
    built_at = models.DateTimeField()
    # When the representation goes stale by itself: a status derived from today's date, or a
    # referenced page that expires.
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API document")
        verbose_name_plural = _("API documents")

    def __str__(self):
        return f"API document for page {self.page_id}"


class PageDocumentReference(models.Model):
    """An object that a page document shows, so that changing it rebuilds the document."""

    document = models.ForeignKey(
        "home.PageDocument", on_delete=models.CASCADE, related_name="references"
    )
    target = models.CharField(max_length=120, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "target"], name="unique_document_target")
        ]

    def __str__(self):
        return self.target


class StaleDocument(models.Model):
    """A page whose API document waits for the background worker, because something it shows
    changed (a person, an image, a parent's title or place); until then the old one serves."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # When the change was recorded: a rebuild clears the row only if no later change came
    # while it ran, so that such a change is rebuilt again.
    requested_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("stale API document")
        verbose_name_plural = _("stale API documents")

    def __str__(self):
        return f"stale API document for page {self.page_id}"


class ContentVersion(models.Model):
    """One row counting changes to public content; API responses are cached per version.

    It lives in the database rather than in a process's memory, so every worker and every app
    server sees a change at once, whichever of them made it.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()
    # When public content changes by the clock alone (a page expires, a derived status turns).
    next_change_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return f"content version {self.number}"


class WebhookDelivery(models.Model):
    """A change notice for the county site, kept until its webhook has accepted it."""

    payload = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["created_at"]

    def __str__(self):
        return f"webhook delivery {self.pk}"


@register_setting(icon="lock")
class MediaSettings(BaseGenericSetting):
    """Which collection holds images and documents that are public without a page using them."""

    public_collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection of public files"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Images and documents are private until a published page uses them. Those in this "
            "collection, or in a collection below it, are public at once, used or not."
        ),
    )

    panels = [FieldPanel("public_collection")]

    class Meta:
        verbose_name = _("public files")

    def __str__(self):
        return str(self._meta.verbose_name)
