"""Strategies with their input meetings, milestones and feedback box (digital innspillkasse)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left, Length
from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BodyBlock, LinksStreamBlock, api_reference
from home.models import LeadMixin, PayloadTemplateMixin
from home.panels import ReadabilityPanel
from home.serializers import ReferenceField

from .choices import FeedbackState, MilestoneStatus, SubmissionStatus

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
    industries = ParentalManyToManyField("home.Industry", verbose_name=_("industries"), blank=True)
    meetings_heading = models.CharField(
        _("meetings heading"), max_length=255, default="Innspillsmøter"
    )
    meetings_intro = RichTextField(
        _("meetings introduction"), features=RICH_TEXT_FEATURES, blank=True
    )
    meeting_partners = ParentalManyToManyField(
        "home.Organisation",
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
                InlinePanel("meetings", label=_("Meetings")),
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
                InlinePanel("milestones", label=_("Milestones")),
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
        return settings.API_BASE_URL + reverse("wagtailapi:meetings:calendar", args=[self.pk])


class Meeting(Orderable):
    """An input meeting (innspillsmøte) in one region, at a venue, at a time in Oslo time."""

    page = ParentalKey(
        "strategy.StrategyPage",
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    region = models.ForeignKey(
        "home.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=255)
    place = models.CharField(_("place"), max_length=255, help_text=_("Town or village."))
    municipality = models.ForeignKey(
        "home.Municipality",
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
            "signup_url": self.signup_url,
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


class FeedbackFormField(AbstractFormField):
    """A field of the feedback form, as the editor defines it."""

    page = ParentalKey(
        "strategy.FeedbackFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )

    class Meta(AbstractFormField.Meta):
        ordering = ORDERABLE_ORDERING

    def api_representation(self):
        return {
            "name": self.clean_name,
            "label": self.label,
            "field_type": self.field_type,
            "required": self.required,
            # Split as the form itself splits them: by line, or by comma on a single line.
            "choices": [
                value for value, _label in FormBuilder([]).get_formatted_field_choices(self)
            ]
            if self.choices.strip()
            else [],
            "default_value": self.default_value,
            "help_text": self.help_text,
        }


class FeedbackFormPage(PayloadTemplateMixin, AbstractEmailForm):
    """The digital feedback box (innspillkasse): open, closed or announced as coming."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=FeedbackState.choices, default=FeedbackState.COMING
    )
    coming_text = models.CharField(
        _("text while coming"),
        max_length=255,
        blank=True,
        help_text=_("Shown before the box opens, for example “Digital innspillkasse kommer.”"),
    )
    closed_text = models.CharField(_("text when closed"), max_length=255, blank=True)
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        help_text=_("What the sender agrees to when giving an email address."),
    )
    thank_you_text = RichTextField(_("thank-you text"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["strategy.StrategyPage"]
    subpage_types = []
    content_panels = [
        *AbstractEmailForm.content_panels,
        ReadabilityPanel(),
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("state")]),
        FieldPanel("coming_text"),
        FieldPanel("closed_text"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("consent_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Where submissions go"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("state"),
        APIField("coming_text"),
        APIField("closed_text"),
        APIField("consent_text"),
        APIField("thank_you_text"),
        APIField("form_fields", serializer=ReferenceField(many=True)),
    ]

    class Meta:
        verbose_name = _("feedback form page")
        verbose_name_plural = _("feedback form pages")

    @property
    def is_open(self):
        return self.state == FeedbackState.OPEN

    def get_submission_class(self):
        return FeedbackSubmission

    def get_submissions_list_view_class(self):
        # Imported when asked for, as Wagtail imports its own: views import the models.
        from .admin_views import FeedbackSubmissionsListView

        return FeedbackSubmissionsListView

    def get_data_fields(self):
        # Wagtail's submissions listing and its export show the status next to the time, as
        # the strategy app's overview of submissions does.
        submit_time, *fields = super().get_data_fields()
        return [submit_time, (FeedbackSubmission.STATUS_KEY, _("Status")), *fields]

    def serve(self, request, *args, **kwargs):
        # Submissions come only through the API (POST /api/v2/forms/{id}/), which checks the
        # state, the honeypot and the rate limit; the page itself is a read-only preview.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return Page.serve(self, request, *args, **kwargs)


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """JSON with æ, ø and å written as they are, so that the admin's search finds them.

    SQLite keeps JSON as the text it is given; with escapes (``\\u00f8``) "Tromsø" is not in it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "ensure_ascii": False})


class FeedbackSubmissionQuerySet(models.QuerySet):
    """Submissions, with the strategy each was sent to, and those sent before a moment."""

    def with_strategy(self):
        """Annotated with ``strategy_id`` and ``strategy_title``: the feedback box's parent page.

        One query for any number of submissions, found by the tree path of the box's parent.
        """
        path = OuterRef("page__path")
        parent = Page.objects.filter(path=Left(path, Length(path) - Page.steplen))
        return self.annotate(
            strategy_id=Subquery(parent.values("pk")[:1]),
            strategy_title=Subquery(parent.values("title")[:1]),
        )

    def submitted_before(self, moment):
        return self.filter(submit_time__lt=moment)

    def set_status(self, status, user):
        """Mark every submission here as new, or as processed by ``user`` now, in one query."""
        return self.update(**status_values(status, user))


def status_values(status, user):
    """The fields of a submission marked as new, or as processed by ``user`` now."""
    processed = status == SubmissionStatus.PROCESSED
    return {
        "status": status,
        "processed_at": timezone.now() if processed else None,
        "processed_by": user if processed else None,
    }


class FeedbackSubmission(AbstractFormSubmission):
    """A submission to a feedback box, and whether the county has processed it."""

    # The key of the status in ``get_data``, where the form's own fields are keyed by name.
    STATUS_KEY = "submission_status"
    SUMMARY_LENGTH = 100

    page = models.ForeignKey(
        "strategy.FeedbackFormPage",
        verbose_name=_("feedback box"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    form_data = models.JSONField(_("content"), encoder=UnicodeJSONEncoder)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
    )
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("processed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FeedbackSubmissionQuerySet.as_manager()

    # A submission is no use of its form page, nor of the editor who processed it.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("feedback submission")
        verbose_name_plural = _("feedback submissions")
        indexes = [models.Index(fields=["submit_time"], name="strategy_feedback_submit_idx")]

    def __str__(self):
        # Not the content, as Wagtail's submission has it: the admin's history keeps this label,
        # and a sender's words must not outlive the submission there.
        return _("Submission %(number)s") % {"number": self.pk}

    def get_data(self):
        return {**super().get_data(), self.STATUS_KEY: self.get_status_display()}

    def get_fields(self):
        """(name, label, value) of each submitted value, in the order of the form's fields.

        Values of fields removed from the form since come last, labelled by their name.
        """
        data = dict(self.form_data)
        fields = [
            (field.clean_name, field.label, data.pop(field.clean_name, None))
            for field in self.page.form_fields.all()
        ]
        return fields + [(name, name, value) for name, value in data.items()]

    @property
    def summary(self):
        """The submitted text, shortened: what an editor scans a list of submissions by."""
        texts = []
        for _name, _label, value in self.get_fields():
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            if isinstance(value, str) and value.strip():
                texts.append(" ".join(value.split()))
        return Truncator(" · ".join(texts)).chars(self.SUMMARY_LENGTH)

    def set_status(self, status, user):
        """Mark as new, or as processed by ``user`` now. The content is never saved here."""
        values = status_values(status, user)
        for name, value in values.items():
            setattr(self, name, value)
        self.save(update_fields=list(values))
