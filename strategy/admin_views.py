"""Admin screens for the strategy app: the feedback boxes' submissions and the input meetings.

The overviews are wagtail-modeladmin listings (registered in ``wagtail_hooks``) on the shared
``editorial.overviews.OverviewIndexView``; the views here show submissions and meetings readably and
let editors mark submissions as processed. Wagtail's own listing of one box's submissions shows
the status too.
"""

import datetime

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.contrib.forms.views import SubmissionsListFilterSet, SubmissionsListView
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail_modeladmin.views import HistoryView, InspectView, WMABaseView

from editorial.overviews import SAFE_TEXT_PREPROCESS, OverviewIndexView, yes_no
from headless.api import MAX_ID

from .choices import SubmissionStatus
from .models import FeedbackFormField, FeedbackSubmission

# The log action of a status change, registered in wagtail_hooks.
STATUS_LOG_ACTION = "strategy.submission_status"

# Export columns of submitted values are keyed by this and the field's name, apart from the
# submission's own columns.
CONTENT_PREFIX = "content:"


def display_value(value):
    """A submitted value as text: a list joined, a checkbox as yes or no, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def display_datetime(value):
    """A moment in Oslo time, as the admin writes dates."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


def user_name(user):
    return user.get_full_name() or user.get_username()


class ReadableInspectView(InspectView):
    """Modeladmin's inspect view, with yes and no, and times in Oslo time as the admin writes."""

    def get_field_display_value(self, field_name, field=None):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return yes_no(value)
        if isinstance(value, datetime.datetime):
            return display_datetime(value)
        return value


# Submissions ----------------------------------------------------------------------------------


class SubmissionIndexView(OverviewIndexView):
    """Submissions across strategies; marked processed in bulk, exported with every field."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_change_status=self.permission_helper.user_can_change_status(self.request.user),
            status_url=self.url_helper.get_action_url("status"),
            statuses=SubmissionStatus,
            **kwargs,
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        fields = self.get_content_fields(queryset)
        self.list_export = [*self.list_export, *(CONTENT_PREFIX + name for name, _label in fields)]
        self.export_headings = {
            **self.export_headings,
            **{CONTENT_PREFIX + name: label for name, label in fields},
        }
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def get_content_fields(self, queryset):
        """(name, label) of every value submitted in ``queryset``.

        The fields of the forms, in their order, then names that no form has any longer.
        """
        queryset = queryset.order_by().prefetch_related(None)
        labels = {}
        form_fields = FeedbackFormField.objects.filter(
            page__in=queryset.values("page_id")
        ).order_by("page__path", *FeedbackFormField._meta.ordering)
        for name, label in form_fields.values_list("clean_name", "label"):
            labels.setdefault(name, label)
        for data in queryset.values_list("form_data", flat=True).iterator():
            for name in data:
                labels.setdefault(name, name)
        return list(labels.items())

    def get_export_value(self, item, field):
        if field.startswith(CONTENT_PREFIX):
            return display_value(item.form_data.get(field.removeprefix(CONTENT_PREFIX)))
        return super().get_export_value(item, field)


class SubmissionInspectView(ReadableInspectView):
    """One submission as it was sent, with its status and a button to change it."""

    def get_fields_dict(self):
        submission = self.instance
        strategy = submission.page.get_parent()
        fields = [
            {"label": _("strategy"), "value": strategy.title if strategy else ""},
            *(
                self.get_dict_for_field(name)
                for name in ("page", "submit_time", "status", "processed_at")
            ),
        ]
        if submission.processed_by:
            fields.append(
                {
                    "label": _("processed by"),
                    "value": user_name(submission.processed_by),
                }
            )
        fields.extend(
            {"label": label, "value": display_value(value) or self.model_admin.empty_value_display}
            for _name, label, value in submission.get_fields()
        )
        return fields

    def get_context_data(self, **kwargs):
        processed = self.instance.status == SubmissionStatus.PROCESSED
        return super().get_context_data(
            can_change_status=self.permission_helper.user_can_change_status(self.request.user),
            status_url=self.url_helper.get_action_url("status"),
            next_status=SubmissionStatus.NEW if processed else SubmissionStatus.PROCESSED,
            next_status_label=_("Mark as new") if processed else _("Mark as processed"),
            **kwargs,
        )


class SubmissionHistoryView(HistoryView):
    """Who changed a submission's status, and when; for those who may see the submission."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


class SubmissionIdsField(forms.Field):
    """The ids of the chosen submissions, as the listing's checkboxes post them.

    Each a whole number that the submissions' key can hold: anything else, a "²" or a number
    past the database's integers, is not a submission.
    """

    widget = forms.MultipleHiddenInput
    id_field = forms.IntegerField(min_value=1, max_value=MAX_ID)

    def to_python(self, value):
        return [self.id_field.clean(item) for item in value or ()]


class SubmissionStatusForm(forms.Form):
    """What the buttons of the listing and of a submission post: a status and the chosen ids."""

    status = forms.ChoiceField(choices=SubmissionStatus.choices)
    id = SubmissionIdsField(required=False)


class SubmissionStatusView(WMABaseView):
    """Mark the submissions whose ids are posted as new or processed, then go back."""

    http_method_names = ["post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_change_status(user)

    def post(self, request):
        back = get_valid_next_url_from_request(request) or self.index_url
        form = SubmissionStatusForm(request.POST)
        if not form.is_valid():
            if "status" in form.errors:
                messages.error(request, _("Choose whether the submissions are new or processed."))
            else:
                messages.error(request, _("The chosen submissions could not be found."))
            return redirect(back)
        status, ids = form.cleaned_data["status"], form.cleaned_data["id"]
        if not ids:
            messages.warning(request, _("Choose the submissions to mark first."))
            return redirect(back)

        changed = self.set_status(ids, status, request.user)

        messages.success(
            request,
            ngettext(
                "%(count)d submission marked as “%(status)s”.",
                "%(count)d submissions marked as “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": SubmissionStatus(status).label},
        )
        return redirect(back)

    @staticmethod
    @transaction.atomic
    def set_status(ids, status, user):
        """Mark the submissions ``ids`` that have another status, and log each; how many.

        As many queries for a hundred submissions as for one: one update, and the log entries
        that ``wagtail.log_actions.log`` would write one by one, written together.
        """
        submissions = FeedbackSubmission.objects.filter(pk__in=ids).exclude(status=status)
        changed = list(submissions.select_for_update().values_list("pk", flat=True))
        if not changed:
            return 0
        FeedbackSubmission.objects.filter(pk__in=changed).set_status(status, user)
        log_model = log_registry.get_log_model_for_model(FeedbackSubmission)
        content_type = ContentType.objects.get_for_model(
            FeedbackSubmission, for_concrete_model=False
        )
        context = get_active_log_context()
        timestamp = timezone.now()
        log_model.objects.bulk_create(
            log_model(
                content_type=content_type,
                object_id=str(pk),
                # The label ``log`` gives: the submission's, which quotes none of its content.
                label=str(FeedbackSubmission(pk=pk)),
                action=STATUS_LOG_ACTION,
                timestamp=timestamp,
                data={"status": status},
                user=user,
                uuid=context.uuid,
            )
            for pk in changed
        )
        return len(changed)


# Wagtail's listing of one feedback box's submissions ------------------------------------------


class FeedbackSubmissionsFilterSet(SubmissionsListFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=SubmissionStatus.choices
    )


class FeedbackSubmissionsListView(SubmissionsListView):
    """Wagtail's listing of a feedback box's submissions, with their status to filter by.

    The status column comes from the page's ``get_data_fields``, which the export uses too.
    """

    filterset_class = FeedbackSubmissionsFilterSet
    custom_value_preprocess = {
        **SubmissionsListView.custom_value_preprocess,
        **SAFE_TEXT_PREPROCESS,
    }


# Meetings -------------------------------------------------------------------------------------


class MeetingInspectView(ReadableInspectView):
    """A meeting, read-only: it is changed on its strategy page, through the page's workflow."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.instance.page
        if page.permissions_for_user(self.request.user).can_edit():
            context["buttons"] = [
                *context["buttons"],
                {
                    "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    "label": _("Edit strategy page"),
                    "classname": self.button_helper.finalise_classname(["button-secondary"]),
                    "title": _("Meetings are changed on their strategy page"),
                },
            ]
        return context
