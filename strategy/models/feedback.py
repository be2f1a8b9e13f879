"""The feedback box (digital innspillkasse): its fields, its page and its submissions."""

from collections import Counter

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left, Length
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from base.blocks import RICH_TEXT_FEATURES
from editorial.panels import ReadabilityPanel
from headless.serializers import ReferenceField
from home.models import PayloadTemplateMixin
from strategy.choices import FeedbackState, SubmissionStatus

from .strategy import ORDERABLE_ORDERING

# The history entry of a feedback box whose submissions were deleted (registered in
# wagtail_hooks, with the number).
SUBMISSIONS_DELETED_LOG_ACTION = "strategy.submissions_deleted"


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
        InlinePanel("form_fields", heading=_("Form fields"), label=_("Form field")),
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
        # Named by its path, as settings name views: the admin views import these models, and
        # the models do not import the views back.
        return import_string("strategy.admin_views.FeedbackSubmissionsListView")

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

    def delete(self):
        """Delete, and say in each feedback box's history how many of its submissions went.

        Every way of deleting many goes through here: Wagtail's own submissions listing (by
        whoever is signed in) and the retention command (by no one). A single submission deleted
        in the overview has its own history entry.
        """
        counts = Counter(self.order_by().values_list("page_id", flat=True))
        result = super().delete()
        for page in Page.objects.filter(pk__in=counts).specific().order_by("pk"):
            log(
                instance=page,
                action=SUBMISSIONS_DELETED_LOG_ACTION,
                data={"count": counts[page.pk]},
            )
        return result


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

        Values of fields removed from the form since come last, labelled by their name, in the
        order of their names: PostgreSQL keeps the keys of stored JSON in an order of its own.
        """
        data = dict(self.form_data)
        fields = [
            (field.clean_name, field.label, data.pop(field.clean_name, None))
            for field in self.page.form_fields.all()
        ]
        return fields + [(name, name, data[name]) for name in sorted(data)]

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
