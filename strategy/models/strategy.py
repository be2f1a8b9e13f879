"""Strategies with their input meetings and timeline (fremdriftsplan)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from base.blocks import RICH_TEXT_FEATURES, BodyBlock, LinksStreamBlock, api_reference, safe_url
from base.publication import api_url
from editorial.panels import ReadabilityPanel
from headless.serializers import ReferenceField
from home.models import LeadMixin, PayloadTemplateMixin
from strategy.choices import MilestoneStatus

# Children added in code rather than through the editor's inline panels may have no sort_order;
# the primary key then keeps them in the order they were added, on every database.
ORDERABLE_ORDERING = ["sort_order", "pk"]


def first_of_month(value):
    return value.replace(day=1) if value else value


class StrategyPage(PayloadTemplateMixin, LeadMixin, Page):
    """A strategy being developed with the public: goal, text, meetings, timeline and contact."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    methodology_title = models.CharField(_("methodology"), max_length=255, blank=True)
    methodology_text = RichTextField(_("methodology text"), features=RICH_TEXT_FEATURES, blank=True)
    methodology_link = StreamField(
        LinksStreamBlock(),
        verbose_name=_("methodology link"),
        blank=True,
        max_num=1,
    )
    industries = ParentalManyToManyField(
        "taxonomy.Industry", verbose_name=_("industries"), blank=True
    )
    meetings_heading = models.CharField(
        _("meetings heading"), max_length=255, default="Innspillsmøter"
    )
    meetings_intro = RichTextField(
        _("meetings introduction"), features=RICH_TEXT_FEATURES, blank=True
    )
    meeting_partners = ParentalManyToManyField(
        "taxonomy.Organisation",
        verbose_name=_("meeting partners"),
        blank=True,
        help_text=_("The councils the meetings are held together with."),
    )
    meetings_signup = StreamField(
        LinksStreamBlock(), verbose_name=_("meeting sign-up link"), blank=True, max_num=1
    )
    feedback_intro = RichTextField(_("feedback box text"), features=RICH_TEXT_FEATURES, blank=True)
    feedback_form = models.ForeignKey(
        "strategy.FeedbackFormPage",
        verbose_name=_("feedback box"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    timeline_heading = models.CharField(
        _("timeline heading"), max_length=255, default="Fremdriftsplan"
    )
    timeline_intro = models.TextField(_("timeline introduction"), blank=True)
    political_treatment_date = models.DateField(
        _("political treatment"),
        null=True,
        blank=True,
        help_text=_("When the strategy goes to political treatment; only the month is shown."),
    )
    political_body = models.CharField(
        _("political body"), max_length=255, blank=True, help_text=_("For example fylkestinget.")
    )
    contact_heading = models.CharField(
        _("contact heading"), max_length=255, default="Har du spørsmål?"
    )
    contact_text = models.TextField(_("contact text"), blank=True)
    project_lead = models.ForeignKey(
        "people.Person",
        verbose_name=_("project lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["home.HomePage", "home.TopicPage"]
    subpage_types = ["strategy.FeedbackFormPage"]
    content_panels = [
        *Page.content_panels,
        ReadabilityPanel(),
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("methodology_title"),
                FieldPanel("methodology_text"),
                FieldPanel("methodology_link"),
            ],
            heading=_("Methodology"),
        ),
        FieldPanel("industries"),
        MultiFieldPanel(
            [
                FieldPanel("meetings_heading"),
                FieldPanel("meetings_intro"),
                FieldPanel("meeting_partners"),
                FieldPanel("meetings_signup"),
                InlinePanel("meetings", heading=_("Meetings"), label=_("Meeting")),
            ],
            heading=_("Input meetings"),
        ),
        MultiFieldPanel(
            [FieldPanel("feedback_intro"), FieldPanel("feedback_form")],
            heading=_("Feedback box"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("timeline_heading"),
                FieldPanel("timeline_intro"),
                FieldRowPanel(
                    [FieldPanel("political_treatment_date"), FieldPanel("political_body")]
                ),
                InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
            ],
            heading=_("Timeline"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_heading"), FieldPanel("contact_text"), FieldPanel("project_lead")],
            heading=_("Contact"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        *LeadMixin.search_fields,
        index.SearchField("body"),
        index.SearchField("methodology_title"),
        index.SearchField("methodology_text"),
        index.SearchField("meetings_intro"),
        index.SearchField("feedback_intro"),
        index.SearchField("timeline_intro"),
        index.SearchField("contact_text"),
        index.RelatedFields("meetings", [index.SearchField("venue"), index.SearchField("place")]),
        index.RelatedFields("milestones", [index.SearchField("title")]),
    ]
    api_fields = [
        *LeadMixin.api_fields,
        APIField("body"),
        APIField("methodology_title"),
        APIField("methodology_text"),
        APIField("methodology_link"),
        APIField("industries", serializer=ReferenceField(many=True)),
        APIField("meetings_heading"),
        APIField("meetings_intro"),
        APIField("meeting_partners", serializer=ReferenceField(many=True)),
        APIField("meetings_signup"),
        APIField("meetings", serializer=ReferenceField(many=True)),
        APIField("meetings_calendar_url"),
        APIField("feedback_intro"),
        APIField("feedback_form", serializer=ReferenceField()),
        APIField("timeline_heading"),
        APIField("timeline_intro"),
        APIField("political_treatment_date"),
        APIField("political_body"),
        APIField("milestones", serializer=ReferenceField(many=True)),
        APIField("contact_heading"),
        APIField("contact_text"),
        APIField("project_lead", serializer=ReferenceField()),
    ]

    class Meta:
        verbose_name = _("strategy page")
        verbose_name_plural = _("strategy pages")

    def clean(self):
        super().clean()
        self.political_treatment_date = first_of_month(self.political_treatment_date)

    @property
    def meetings_calendar_url(self):
        """The iCalendar feed of this strategy's meetings, for calendars to subscribe to."""
        return api_url(reverse("wagtailapi:meetings:calendar", args=[self.pk]))


class Meeting(Orderable):
    """An input meeting (innspillsmøte) in one region, at a venue, at a time in Oslo time."""

    page = ParentalKey(
        "strategy.StrategyPage",
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    region = models.ForeignKey(
        "taxonomy.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=255)
    place = models.CharField(_("place"), max_length=255, help_text=_("Town or village."))
    municipality = models.ForeignKey(
        "taxonomy.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signup_url = models.URLField(_("sign-up link"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    panels = [
        FieldPanel("region"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("place")]),
        FieldPanel("municipality"),
        FieldPanel("signup_url"),
        FieldPanel("cancelled"),
    ]

    class Meta(Orderable.Meta):
        ordering = ORDERABLE_ORDERING
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return (
            f"{self.region} {timezone.localtime(self.start):%d.%m.%Y}"
            if self.start
            else str(self.region)
        )

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The meeting must end after it starts.")})

    def api_representation(self):
        return {
            "id": self.pk,
            "region": api_reference(self.region),
            "start": timezone.localtime(self.start).isoformat(),
            "end": timezone.localtime(self.end).isoformat(),
            "venue": self.venue,
            "place": self.place,
            "municipality": api_reference(self.municipality),
            "signup_url": safe_url(self.signup_url) or None,
            "cancelled": self.cancelled,
        }


class Milestone(Orderable):
    """A step in a strategy's timeline (fremdriftsplan), at month precision."""

    page = ParentalKey("strategy.StrategyPage", on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=255)
    start = models.DateField(_("start month"), help_text=_("Only the month and year are used."))
    end = models.DateField(
        _("end month"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the step lasts one month."),
    )

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        ordering = ORDERABLE_ORDERING
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        self.start = first_of_month(self.start)
        self.end = first_of_month(self.end)
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The milestone must end after it starts.")})

    @property
    def last_month(self):
        return self.end or self.start

    def get_status(self, today=None):
        """Planned, ongoing or completed, seen from ``today`` (Oslo time)."""
        today = today or timezone.localdate()
        this_month = today.replace(day=1)
        if this_month < self.start:
            return MilestoneStatus.PLANNED
        if this_month > self.last_month:
            return MilestoneStatus.COMPLETED
        return MilestoneStatus.ONGOING

    @property
    def status(self):
        return self.get_status()

    @property
    def period_label(self):
        """The period as the source writes it: "Februar – april 2022" or "Januar 2022"."""
        start, end = self.start, self.end
        if not end or end == start:
            label = dateformat.format(start, "F Y")
        elif start.year == end.year:
            label = f"{dateformat.format(start, 'F')} – {dateformat.format(end, 'F Y')}"
        else:
            label = f"{dateformat.format(start, 'F Y')} – {dateformat.format(end, 'F Y')}"
        return label[:1].upper() + label[1:].lower()

    def api_representation(self):
        return {
            "id": self.pk,
            "title": self.title,
            "start": f"{self.start:%Y-%m}",
            "end": f"{self.last_month:%Y-%m}",
            "period": self.period_label,
            "status": self.status,
        }
