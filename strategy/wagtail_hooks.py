"""The "Strategier" menu: overviews of the feedback boxes' submissions and of input meetings."""

from django.contrib.admin import SimpleListFilter, display
from django.contrib.admin.options import IncorrectLookupParameters
from django.urls import re_path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from home.overviews import OverviewIndexView, yes_no

from .admin_views import (
    STATUS_LOG_ACTION,
    MeetingInspectView,
    SubmissionHistoryView,
    SubmissionIndexView,
    SubmissionInspectView,
    SubmissionStatusView,
    user_name,
)
from .choices import SubmissionStatus
from .models import FeedbackFormPage, FeedbackSubmission, Meeting, StrategyPage


class StrategyFilter(SimpleListFilter):
    """Rows of one strategy. ``field`` names the strategy's id on the listed rows."""

    title = gettext_lazy("strategy")
    parameter_name = "strategy"
    field = None

    def lookups(self, request, model_admin):
        strategies = StrategyPage.objects.order_by("title").values_list("pk", "title")
        return [(str(pk), title) for pk, title in strategies]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in {key for key, _label in self.lookup_choices}:
            raise IncorrectLookupParameters(value)
        return queryset.filter(**{self.field: value})


class SubmissionStrategyFilter(StrategyFilter):
    field = "strategy_id"


class MeetingStrategyFilter(StrategyFilter):
    field = "page_id"


class MeetingTimeFilter(SimpleListFilter):
    """Upcoming meetings unless asked otherwise: a meeting is upcoming until it has ended."""

    title = gettext_lazy("time")
    parameter_name = "when"
    UPCOMING, PAST, ALL = "upcoming", "past", "all"

    def lookups(self, request, model_admin):
        return [
            (self.UPCOMING, _("Upcoming")),
            (self.PAST, _("Past")),
            (self.ALL, _("All")),
        ]

    def value(self):
        return super().value() or self.UPCOMING

    def choices(self, changelist):
        # Not Django's: its first choice, "all", would be the list without the parameter, which
        # here is the upcoming meetings.
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.UPCOMING:
            return queryset.filter(end__gte=timezone.now())
        if value == self.PAST:
            return queryset.filter(end__lt=timezone.now())
        if value == self.ALL:
            return queryset
        raise IncorrectLookupParameters(value)


class SubmissionPermissionHelper(PermissionHelper):
    """Submissions arrive through the API only and their content is never changed in the admin.

    Any permission on them lets a user read them; "change" lets them set the status.
    """

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_change_status(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))


class ReadOnlyPermissionHelper(PermissionHelper):
    """For rows that belong to a page: seen with "view", changed only in the page editor."""

    def user_can_list(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("view"))

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class FeedbackSubmissionAdmin(ModelAdmin):
    """The submissions to every feedback box, by strategy and status."""

    model = FeedbackSubmission
    menu_label = gettext_lazy("Submissions")
    menu_item_name = "feedback-submissions"
    menu_icon = "form"
    permission_helper_class = SubmissionPermissionHelper
    index_view_class = SubmissionIndexView
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    history_view_class = SubmissionHistoryView
    index_template_name = "strategy/admin/submission_index.html"
    inspect_template_name = "strategy/admin/submission_inspect.html"
    list_display = ("summary", "strategy", "page", "submit_time", "status")
    list_display_add_buttons = "summary"
    list_filter = (SubmissionStrategyFilter, "status")
    list_select_related = ("page", "processed_by")
    list_per_page = 50
    search_fields = ("form_data",)
    ordering = ("-submit_time",)
    list_export = (
        "strategy",
        "page",
        "submit_time",
        "status",
        "processed_at",
        "processed_by_name",
    )
    export_filename = "innspill"

    def get_queryset(self, request):
        # The strategy and the form's fields (for the summary) in a fixed number of queries.
        return super().get_queryset(request).with_strategy().prefetch_related("page__form_fields")

    def get_list_display(self, request):
        if self.permission_helper.user_can_change_status(request.user):
            return ("choose", *self.list_display)
        return self.list_display

    def get_permissions_for_registration(self):
        # Submissions are never added in the admin.
        return super().get_permissions_for_registration().exclude(codename__startswith="add_")

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                rf"^{self.url_helper.base_url_path}/status/$",
                self.status_view,
                name=self.url_helper.get_action_url_name("status"),
            ),
        )

    def status_view(self, request):
        return SubmissionStatusView.as_view(model_admin=self)(request)

    def get_extra_class_names_for_field_col(self, obj, field_name):
        # "Behandlet" fits the column unbroken.
        return ["w-whitespace-nowrap"] if field_name == "status" else []

    @display(description=gettext_lazy("choose"))
    def choose(self, obj):
        # Part of the form around the listing, whose buttons mark the chosen submissions.
        return format_html(
            '<input type="checkbox" name="id" value="{}" aria-label="{}">',
            obj.pk,
            _("Choose %(submission)s") % {"submission": obj},
        )

    @display(description=gettext_lazy("summary"))
    def summary(self, obj):
        return obj.summary

    @display(description=gettext_lazy("strategy"), ordering="strategy_title")
    def strategy(self, obj):
        return obj.strategy_title

    @display(description=gettext_lazy("processed by"))
    def processed_by_name(self, obj):
        return user_name(obj.processed_by) if obj.processed_by else ""


class MeetingAdmin(ModelAdmin):
    """Input meetings across strategies, upcoming first; read-only."""

    model = Meeting
    menu_label = gettext_lazy("Input meetings")
    menu_item_name = "meetings"
    menu_icon = "date"
    permission_helper_class = ReadOnlyPermissionHelper
    index_view_class = OverviewIndexView
    inspect_view_enabled = True
    inspect_view_class = MeetingInspectView
    # A meeting's history is its strategy page's.
    history_view_enabled = False
    list_display = ("strategy", "region", "start", "end", "venue", "place", "cancelled_text")
    list_filter = (MeetingTimeFilter, MeetingStrategyFilter, "region", "cancelled")
    list_select_related = ("page", "region", "municipality")
    search_fields = ("venue", "place")
    ordering = ("start",)
    list_export = (
        "strategy",
        "region",
        "start",
        "end",
        "venue",
        "place",
        "municipality",
        "signup_url",
        "cancelled",
    )
    inspect_view_fields = list_export[1:]
    export_filename = "innspillsmoter"

    def get_permissions_for_registration(self):
        # Meetings are added, changed and deleted on their strategy page.
        return super().get_permissions_for_registration().filter(codename__startswith="view_")

    @display(description=gettext_lazy("strategy"), ordering="page__title")
    def strategy(self, obj):
        return obj.page.title

    @display(description=gettext_lazy("cancelled"), ordering="cancelled")
    def cancelled_text(self, obj):
        return yes_no(obj.cancelled)


class StrategyAdminGroup(ModelAdminGroup):
    """The "Strategier" menu."""

    menu_label = gettext_lazy("Strategies")
    menu_item_name = "strategies"
    menu_icon = "doc-full"
    menu_order = 250
    items = (FeedbackSubmissionAdmin, MeetingAdmin)


modeladmin_register(StrategyAdminGroup)


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    @actions.register_action(STATUS_LOG_ACTION)
    class SubmissionStatusChanged(LogFormatter):
        label = gettext_lazy("Change the status of a submission")

        def format_message(self, log_entry):
            status = (log_entry.data or {}).get("status")
            if status not in SubmissionStatus.values:
                return _("Status changed")
            return _("Marked as “%(status)s”") % {"status": SubmissionStatus(status).label}


@hooks.register("filter_form_submissions_for_user")
def feedback_submissions_need_their_permissions(user, editable_forms):
    """Wagtail lists a form's submissions to whoever may edit its page. A feedback box holds what
    citizens wrote, so its submissions, there as in the overview, need a submission permission:
    a writer who edits the box's page does not read them."""
    if SubmissionPermissionHelper(FeedbackSubmission).user_can_list(user):
        return editable_forms
    return editable_forms.not_type(FeedbackFormPage)
