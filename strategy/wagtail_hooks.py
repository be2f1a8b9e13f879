"""The "Strategier" menu: overviews of the feedback boxes' submissions and of input meetings."""

from django.contrib.admin import SimpleListFilter, display
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from editorial.overviews import OverviewIndexView, OverviewURLHelper, yes_no

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
from .models import (
    SUBMISSIONS_DELETED_LOG_ACTION,
    FeedbackFormPage,
    FeedbackSubmission,
    Meeting,
    StrategyPage,
)


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
    url_helper_class = OverviewURLHelper
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
    url_helper_class = OverviewURLHelper
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

    @actions.register_action(SUBMISSIONS_DELETED_LOG_ACTION)
    class SubmissionsDeleted(LogFormatter):
        label = gettext_lazy("Delete submissions")

        def format_message(self, log_entry):
            count = (log_entry.data or {}).get("count", 0)
            return ngettext(
                "Deleted %(count)d submission", "Deleted %(count)d submissions", count
            ) % {"count": count}


DELETE_SUBMISSIONS = "strategy.delete_feedbacksubmission"

# Both: Wagtail's listing of a box's submissions offers to delete them, and its delete view asks
# only whether the user may see the listing.
SUBMISSION_LISTING_PERMISSIONS = ("strategy.view_feedbacksubmission", DELETE_SUBMISSIONS)


@hooks.register("filter_form_submissions_for_user")
def feedback_submissions_need_their_permissions(user, editable_forms):
    """Wagtail lets whoever may edit a form page list its submissions, and delete them there.

    A feedback box holds what citizens wrote, so Wagtail's listing of its submissions (and with
    it the deleting) is for those who may both read and delete submissions; the others who may
    read them, to read and mark them, use the "Innspill" overview, where deleting needs its own
    permission. A writer who edits the box's page sees neither.
    """
    if user.has_perms(SUBMISSION_LISTING_PERMISSIONS):
        return editable_forms
    return editable_forms.not_type(FeedbackFormPage)


# Deleting pages -------------------------------------------------------------------------------


def submissions_deleted_with(pages):
    """How many submissions deleting ``pages`` would delete: those to the feedback boxes among
    them and below them, which go with their box."""
    if not pages:
        return 0
    below = Q()
    for page in pages:
        below |= Q(page__path__startswith=page.path)
    return FeedbackSubmission.objects.filter(below).count()


@hooks.register("before_delete_page")
def page_deletion_keeps_submissions(request, page):
    """Deleting a feedback box deletes its submissions, so it needs their delete permission.

    Without it a writer, who may delete a page that is not live, such as a box taken down after
    it closed, would erase what citizens sent.
    """
    if request.user.has_perm(DELETE_SUBMISSIONS):
        return None
    count = submissions_deleted_with([page])
    if not count:
        return None
    messages.error(
        request,
        ngettext(
            "“%(page)s” was not deleted: %(count)d submission to a feedback box would have been "
            "deleted with it, and you may not delete submissions. Ask an editor.",
            "“%(page)s” was not deleted: %(count)d submissions to a feedback box would have been "
            "deleted with it, and you may not delete submissions. Ask an editor.",
            count,
        )
        % {"page": page.get_admin_display_title(), "count": count},
    )
    return redirect(
        get_valid_next_url_from_request(request)
        or reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    )


@hooks.register("before_bulk_action")
def bulk_page_deletion_keeps_submissions(request, action_type, objects, action):
    """The same for pages deleted together from a listing: none is deleted."""
    if action_type != "delete" or not issubclass(action.model, Page):
        return None
    if request.user.has_perm(DELETE_SUBMISSIONS):
        return None
    count = submissions_deleted_with(objects)
    if not count:
        return None
    messages.error(
        request,
        ngettext(
            "No page was deleted: %(count)d submission to a feedback box would have been deleted "
            "with them, and you may not delete submissions. Ask an editor.",
            "No page was deleted: %(count)d submissions to feedback boxes would have been deleted "
            "with them, and you may not delete submissions. Ask an editor.",
            count,
        )
        % {"count": count},
    )
    return redirect(action.next_url)
