"""Support schemes the county runs, national programmes, and the index page of the finder."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import (
    RICH_TEXT_FEATURES,
    BodyBlock,
    ContactsStreamBlock,
    LinksStreamBlock,
    page_reference,
)
from base.collation import BinaryOrder, sort_key
from base.publication import api_url
from editorial.panels import ReadabilityPanel
from headless.serializers import OptionalURLField, ReferenceField
from home.models import LeadMixin, PayloadTemplateMixin
from taxonomy.models import Taxonomy

from ..blocks import PhaseBlock
from ..choices import FinderKind, SchemeStatus
from .rounds import (
    OPEN_STATUSES,
    SchemePageForm,
    local_iso,
    next_deadline_of,
    rounds_status,
    status_from_rounds,
)


class ApplicantType(Taxonomy):
    """A kind of applicant, such as municipalities or single companies, for "who may apply"."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("applicant type")
        verbose_name_plural = _("applicant types")


class FinderPage(PayloadTemplateMixin, Page):
    """Fields shared by schemes and programmes, which the finder lists side by side."""

    summary = models.TextField(_("summary"), help_text=_("One or two sentences for the finder."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    # The title's place in Norwegian order, kept on save: SQLite's Norwegian collation runs in
    # Python once per comparison, too slow to sort thousands of schemes in the database.
    title_sort_key = models.CharField(max_length=800, editable=False, blank=True, default="")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SchemeStatus.choices,
        default=SchemeStatus.CONTINUOUS,
        help_text=_(
            "Used when the page has no application rounds; with rounds, the status follows them."
        ),
    )
    eligible_applicants = ParentalManyToManyField(
        "schemes.ApplicantType",
        verbose_name=_("who may apply"),
        blank=True,
        related_name="+",
    )
    ineligible_applicants = ParentalManyToManyField(
        "schemes.ApplicantType",
        verbose_name=_("who may not apply"),
        blank=True,
        related_name="+",
    )
    eligibility_note = models.TextField(_("note on who may apply"), blank=True)
    municipalities = ParentalManyToManyField(
        "taxonomy.Municipality", verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    regions = ParentalManyToManyField(
        "taxonomy.Region", verbose_name=_("regions"), blank=True, related_name="+"
    )
    topics = ParentalManyToManyField(
        "taxonomy.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    related_links = StreamField(LinksStreamBlock(), verbose_name=_("related links"), blank=True)
    contacts = StreamField(ContactsStreamBlock(), verbose_name=_("contacts"), blank=True)

    shared_panels = [
        FieldPanel("summary"),
        FieldPanel("status"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("eligible_applicants"),
                FieldPanel("ineligible_applicants"),
                FieldPanel("eligibility_note"),
            ],
            heading=_("Who may apply"),
        ),
        MultiFieldPanel(
            [FieldPanel("regions"), FieldPanel("municipalities"), FieldPanel("topics")],
            heading=_("Where and what"),
        ),
        FieldPanel("related_links"),
        FieldPanel("contacts"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("eligibility_note"),
        index.FilterField("status"),
        index.RelatedFields("municipalities", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        # What the clock says now, where application rounds decide it; see current_status.
        APIField("status", serializer=serializers.CharField(source="current_status")),
        APIField("open_now"),
        APIField("body"),
        APIField("eligible_applicants", serializer=ReferenceField(many=True)),
        APIField("ineligible_applicants", serializer=ReferenceField(many=True)),
        APIField("eligibility_note"),
        APIField("regions", serializer=ReferenceField(many=True)),
        APIField("municipalities", serializer=ReferenceField(many=True)),
        APIField("topics", serializer=ReferenceField(many=True)),
        APIField("related_links"),
        APIField("contacts"),
    ]

    class Meta:
        abstract = True
        indexes = [
            # The finder's default order: it reads a page of results off this index, at any
            # offset, instead of sorting every match.
            models.Index(
                BinaryOrder("title_sort_key"),
                F("page_ptr"),
                name="%(app_label)s_%(class)s_title",
            ),
            # Its counts per status read this index alone, not every page's row, also when
            # they are joined to the matching pages by id (a PostgreSQL index holds no row id,
            # so the id is a column of it).
            models.Index(fields=["status", "page_ptr"], name="%(app_label)s_%(class)s_bystatus"),
        ]

    def save(self, *args, **kwargs):
        self.title_sort_key = sort_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_sort_key"}
        return super().save(*args, **kwargs)

    def status_at(self, moment):
        """The status at ``moment``: the editor's choice, unless rounds decide it."""
        return self.status

    @property
    def current_status(self):
        return self.status_at(timezone.now())

    @property
    def open_now(self):
        """Whether a business can apply today."""
        return self.current_status in OPEN_STATUSES


class SchemePage(FinderPage):
    """A support scheme (tilskuddsordning) that the county runs; listed by the finder."""

    kind = FinderKind.SCHEME

    amount = models.CharField(
        _("amount"),
        max_length=255,
        blank=True,
        help_text=_("How much an applicant can get, for example: Inntil 500 000 kroner."),
    )
    how_to_apply = RichTextField(_("how to apply"), features=RICH_TEXT_FEATURES, blank=True)
    apply_url = models.URLField(
        _("application portal"),
        blank=True,
        help_text=_("Where the application is sent, usually regionalforvaltning.no."),
    )
    funding_partners = ParentalManyToManyField(
        "taxonomy.Organisation",
        verbose_name=_("funding partners"),
        blank=True,
        related_name="+",
        help_text=_("Who pays for the scheme together with the county."),
    )
    funding_note = models.CharField(
        _("note on funding"),
        max_length=255,
        blank=True,
        help_text=_("For example: the municipalities where the shops are located."),
    )

    parent_page_types = ["home.TopicPage", "schemes.SchemeIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        ReadabilityPanel(),
        *FinderPage.shared_panels,
        MultiFieldPanel(
            [
                FieldPanel("amount"),
                InlinePanel("application_rounds", label=_("Application rounds")),
                FieldPanel("how_to_apply"),
                FieldPanel("apply_url"),
            ],
            heading=_("Applying"),
        ),
        MultiFieldPanel(
            [FieldPanel("funding_partners"), FieldPanel("funding_note")],
            heading=_("Funding"),
        ),
    ]
    search_fields = [
        *FinderPage.search_fields,
        index.SearchField("amount"),
        index.SearchField("how_to_apply"),
    ]
    api_fields = [
        *FinderPage.api_fields,
        APIField("amount"),
        APIField("application_rounds", serializer=ReferenceField(many=True)),
        APIField("next_deadline"),
        APIField("how_to_apply"),
        APIField("apply_url", serializer=OptionalURLField()),
        APIField("deadlines_calendar_url"),
        APIField("funding_partners", serializer=ReferenceField(many=True)),
        APIField("funding_note"),
    ]
    base_form_class = SchemePageForm

    class Meta(FinderPage.Meta):
        verbose_name = _("support scheme")
        verbose_name_plural = _("support schemes")

    def status_at(self, moment):
        """Open while a round is open (continuous if it has no deadline), closed between and
        after rounds; without rounds, what the editor chose."""
        return status_from_rounds(self.round_dates(), self.status, moment)

    def next_deadline_at(self, moment):
        """The nearest deadline after ``moment``, or None."""
        return next_deadline_of(self.round_dates(), moment)

    def round_dates(self):
        """(opens_at, deadline) of each application round."""
        return [(round_.opens_at, round_.deadline) for round_ in self.application_rounds.all()]

    @property
    def next_deadline(self):
        """The nearest deadline still ahead (Oslo time), or None."""
        return local_iso(self.next_deadline_at(timezone.now()))

    @property
    def deadlines_calendar_url(self):
        """The iCalendar feed of this scheme's deadlines, for calendars to subscribe to."""
        if self.pk is None:
            return None
        return api_url(reverse("wagtailapi:schemes:scheme_deadlines", args=[self.pk]))

    @classmethod
    def filter_api_field(cls, queryset, name, value):
        """?status= on the pages endpoint means the status the API shows, not the stored one."""
        if name != "status":
            return queryset.filter(**{name: value})
        current = cls.objects.annotate(
            current_status=rounds_status(timezone.now(), F("status"))
        ).filter(current_status=value)
        return queryset.filter(pk__in=current.values("pk"))

    def api_valid_until(self):
        """The next moment a round opens or closes: the status and deadline change then."""
        now = timezone.now()
        moments = [
            moment
            for round_ in self.application_rounds.all()
            for moment in (round_.opens_at, round_.deadline)
            if moment and moment > now
        ]
        return min(moments, default=None)


class ProgrammePage(FinderPage):
    """A national programme (nasjonal satsning) that counties and municipalities may join."""

    kind = FinderKind.PROGRAMME

    owner_organisation = models.ForeignKey(
        "taxonomy.Organisation",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation that runs the programme, such as KDD or DOGA."),
    )
    phases = StreamField([("phase", PhaseBlock())], verbose_name=_("phases"), blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_note = models.CharField(
        _("note on the period"),
        max_length=255,
        blank=True,
        help_text=_("For example: three years, subject to the annual budget."),
    )
    participating_counties = ParentalManyToManyField(
        "taxonomy.County", verbose_name=_("participating counties"), blank=True, related_name="+"
    )
    related_programmes = ParentalManyToManyField(
        "schemes.ProgrammePage",
        verbose_name=_("related programmes"),
        blank=True,
        related_name="related_from",
        help_text=_("Programmes that can be seen together with this one; shown on both."),
    )

    parent_page_types = ["home.TopicPage", "schemes.SchemeIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        ReadabilityPanel(),
        FieldPanel("owner_organisation"),
        *FinderPage.shared_panels,
        FieldPanel("phases"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("period_note"),
            ],
            heading=_("Period"),
        ),
        FieldPanel("participating_counties"),
        FieldPanel("related_programmes"),
    ]
    api_fields = [
        APIField("owner_organisation", serializer=ReferenceField()),
        *FinderPage.api_fields,
        APIField("phases"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("period_note"),
        APIField("participating_counties", serializer=ReferenceField(many=True)),
        APIField("related_programme_pages"),
    ]

    class Meta(FinderPage.Meta):
        verbose_name = _("national programme")
        verbose_name_plural = _("national programmes")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period must end after it starts.")})

    @property
    def related_programme_pages(self):
        """Related programmes in both directions, as public page references."""
        pages = {page.pk: page for page in self.related_programmes.all()}
        if self.pk:
            pages.update({page.pk: page for page in self.related_from.all()})
        references = (page_reference(page) for page in pages.values() if page.pk != self.pk)
        return sorted(filter(None, references), key=lambda reference: reference["title"])


class SchemeIndexPage(PayloadTemplateMixin, LeadMixin, Page):
    """The scheme finder: lists the schemes and programmes below it and across the site."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["home.HomePage", "home.TopicPage"]
    subpage_types = ["schemes.SchemePage", "schemes.ProgrammePage"]
    content_panels = [
        *Page.content_panels,
        ReadabilityPanel(),
        FieldPanel("lead"),
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, *LeadMixin.search_fields, index.SearchField("intro")]
    api_fields = [*LeadMixin.api_fields, APIField("intro")]

    class Meta:
        verbose_name = _("scheme finder")
        verbose_name_plural = _("scheme finders")
