"""Admin screens for the schemes app: its taxonomy, and overviews of its pages across the tree."""

import datetime

from django.contrib.admin import SimpleListFilter, display
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Left, Length
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from editorial.overviews import (
    OverviewIndexView,
    PageOverviewURLHelper,
    PageRowButtonHelper,
    UsedRelatedListFilter,
)
from editorial.readability import text_fields
from editorial.stored_readability import keep_readability, stored_readability
from taxonomy.wagtail_hooks import TAXONOMY_MENU_HOOK, TaxonomyViewSet

from .choices import SchemeStatus
from .models import (
    ApplicantType,
    ApplicationRound,
    ProgrammePage,
    SchemePage,
    deadline_label,
    next_deadline_expression,
    rounds_status,
)

# How far ahead the dashboard looks for deadlines.
DASHBOARD_DEADLINE_DAYS = 30


class ApplicantTypeViewSet(TaxonomyViewSet):
    """Kinds of applicant, listed with the other taxonomies under "Taksonomier"."""

    model = ApplicantType
    icon = "user"
    menu_hook = TAXONOMY_MENU_HOOK


register_snippet(ApplicantTypeViewSet)


class FinderIndexView(OverviewIndexView):
    """The overview's listing, with what its columns need read with the rows shown."""

    # The export writes rows in batches of this many, each read with its topics and
    # municipalities and with readability kept for the rows that lack it.
    export_batch_size = 500

    def filtered_queryset(self, request):
        # Prefetched here rather than in ModelAdmin.get_queryset, which the list filters also
        # use, for lists of ids.
        return super().filtered_queryset(request).prefetch_workflow_states()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Pages measured before their readability was kept, measured once, for this page of rows.
        keep_readability(context["object_list"])
        return context

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Topics and municipalities are columns of the export only.
        rows = queryset.prefetch_related("topics", "municipalities")
        return super().as_spreadsheet(self.kept_in_batches(rows), spreadsheet_format)

    def kept_in_batches(self, queryset):
        batch = []
        for page in queryset.iterator(chunk_size=self.export_batch_size):
            batch.append(page)
            if len(batch) == self.export_batch_size:
                keep_readability(batch)
                yield from batch
                batch = []
        keep_readability(batch)
        yield from batch


class OverviewButtonHelper(PageRowButtonHelper):
    """Edit and unpublish. Copying and deleting stay in the page explorer: for editors who do
    not publish, their permission checks read each row's parent or descendants."""

    def get_buttons_for_obj(self, obj, exclude=None, **kwargs):
        exclude = [*(exclude or []), "copy", "delete"]
        return super().get_buttons_for_obj(obj, exclude=exclude, **kwargs)


class PageOwnerListFilter(UsedRelatedListFilter):
    """The editors who own pages in the list, by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("page owner")

    def field_choices(self, field, request, model_admin):
        users = get_user_model().objects.filter(self.used_by_rows(field, model_admin))
        choices = [(user.pk, user.get_full_name() or user.get_username()) for user in users]
        return sorted(choices, key=lambda choice: choice[1].lower())


class OwnerOrganisationListFilter(UsedRelatedListFilter):
    """The organisations that run the programmes in the list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("owner organisation")


class CurrentStatusListFilter(SimpleListFilter):
    """The status the finder shows now: for schemes with rounds, the one the rounds give."""

    title = _("status")
    # The address of the earlier filter on the stored status, which bookmarks may hold.
    parameter_name = "status__exact"
    # Named like the field filters, which code that looks a filter up by its field expects.
    field_path = "status"

    def lookups(self, request, model_admin):
        return SchemeStatus.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in SchemeStatus.values:
            raise IncorrectLookupParameters(self.parameter_name)
        return queryset.filter(current_status_value=self.value())


class NextDeadlineListFilter(SimpleListFilter):
    """Schemes by how soon their next deadline comes."""

    title = _("next deadline")
    parameter_name = "next_deadline"
    field_path = "next_deadline"

    def lookups(self, request, model_admin):
        return [
            ("7", _("Within 7 days")),
            ("30", _("Within 30 days")),
            ("later", _("Later than 30 days")),
            ("none", _("No deadline ahead")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in ("7", "30", "later", "none"):
            raise IncorrectLookupParameters(self.parameter_name)
        if value == "none":
            return queryset.filter(next_deadline_at__isnull=True)
        limit = timezone.now() + datetime.timedelta(days=30 if value != "7" else 7)
        if value == "later":
            return queryset.filter(next_deadline_at__gte=limit)
        return queryset.filter(next_deadline_at__lt=limit)


def names(terms):
    return ", ".join(term.name for term in terms)


class FinderPageAdmin(ModelAdmin):
    """Every page of one finder type, wherever it is in the tree; edited in the page editor."""

    list_display = (
        "title",
        "location",
        "current_status",
        "publishing_status",
        "last_changed",
        "owner_name",
        "lix",
    )
    list_filter = (
        CurrentStatusListFilter,
        ("topics", UsedRelatedListFilter),
        ("municipalities", UsedRelatedListFilter),
        ("owner", PageOwnerListFilter),
    )
    list_export = (
        "title",
        "location",
        "status_label",
        "publishing_status",
        "last_changed",
        "owner_name",
        "topic_names",
        "municipality_names",
        "lix",
    )
    search_fields = ("title", "summary")
    ordering = ("title",)
    list_per_page = 50
    index_view_class = FinderIndexView
    url_helper_class = PageOverviewURLHelper
    button_helper_class = OverviewButtonHelper
    inspect_view_enabled = False

    def get_queryset(self, request):
        parent = Page.objects.filter(
            path=Left(OuterRef("path"), Length(OuterRef("path")) - Page.steplen)
        )
        # Not ModelAdmin's, which leaves out the root page: a finder page is never the root, and
        # with that condition every count of the list would read the page table too.
        return (
            self.model._default_manager.order_by(*self.get_ordering(request))
            .select_related("owner", "stored_readability")
            # No column shows the page's text; its readability is kept with the page.
            .defer(*[field.name for field in text_fields(self.model)])
            .annotate(parent_title=Subquery(parent.values("title")[:1]))
            .annotate(current_status_value=self.status_expression())
            .annotate_approved_schedule()
        )

    def status_expression(self):
        return F("status")

    def get_menu_label(self):
        # modeladmin Title Cases the plural name; Norwegian capitalises only the first word.
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def export_filename(self):
        return slugify(str(self.model._meta.verbose_name_plural))

    @display(description=_("location"), ordering="parent_title")
    def location(self, page):
        return page.parent_title

    @display(description=_("status"), ordering="current_status_value")
    def current_status(self, page):
        return SchemeStatus(page.current_status_value).label

    @display(description=_("status"))
    def status_label(self, page):
        return SchemeStatus(page.current_status_value).label

    @display(description=_("publishing status"))
    def publishing_status(self, page):
        return capfirst(force_str(page.status_string))

    @display(description=_("last changed"), ordering="latest_revision_created_at")
    def last_changed(self, page):
        return page.latest_revision_created_at

    @display(description=_("page owner"), ordering="owner__last_name")
    def owner_name(self, page):
        if page.owner is None:
            return ""
        return page.owner.get_full_name() or page.owner.get_username()

    @display(description=_("topics"))
    def topic_names(self, page):
        return names(page.topics.all())

    @display(description=_("municipalities"))
    def municipality_names(self, page):
        return names(page.municipalities.all())

    @display(description=_("readability (LIX)"))
    def lix(self, page):
        readability = stored_readability(page)
        if readability.score is None:
            return ""
        return f"{readability.score} ({readability.band.label})"


class SchemePageAdmin(FinderPageAdmin):
    model = SchemePage
    menu_icon = "doc-full"
    list_display = (
        *FinderPageAdmin.list_display[:3],
        "next_deadline",
        *FinderPageAdmin.list_display[3:],
    )
    list_filter = (
        FinderPageAdmin.list_filter[0],
        NextDeadlineListFilter,
        *FinderPageAdmin.list_filter[1:],
    )
    list_export = (*FinderPageAdmin.list_export, "next_deadline")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(next_deadline_at=next_deadline_expression(timezone.now()))
        )

    def status_expression(self):
        return rounds_status(timezone.now(), F("status"))

    @display(description=_("next deadline"), ordering="next_deadline_at")
    def next_deadline(self, page):
        return deadline_label(page.next_deadline_at) if page.next_deadline_at else ""


class ProgrammePageAdmin(FinderPageAdmin):
    model = ProgrammePage
    menu_icon = "globe"
    list_filter = (
        *FinderPageAdmin.list_filter,
        ("owner_organisation", OwnerOrganisationListFilter),
    )
    list_export = (*FinderPageAdmin.list_export, "owner_organisation_name")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner_organisation")

    @display(description=_("owner organisation"))
    def owner_organisation_name(self, page):
        return page.owner_organisation.name if page.owner_organisation else ""


@modeladmin_register
class SchemesAdminGroup(ModelAdminGroup):
    """The "Ordninger" menu: overviews of every support scheme and national programme."""

    menu_label = _("Schemes")
    menu_icon = "list-ul"
    menu_order = 250
    items = (SchemePageAdmin, ProgrammePageAdmin)


class UpcomingDeadlinesPanel(Component):
    """The dashboard's list of application deadlines in the next 30 days, soonest first."""

    name = "upcoming_deadlines"
    template_name = "schemes/upcoming_deadlines_panel.html"
    order = 240

    def get_context_data(self, parent_context):
        now = timezone.now()
        rounds = (
            ApplicationRound.objects.filter(
                deadline__gt=now,
                deadline__lte=now + datetime.timedelta(days=DASHBOARD_DEADLINE_DAYS),
                page__live=True,
            )
            .select_related("page")
            .order_by("deadline", "pk")
        )
        return {
            "days": DASHBOARD_DEADLINE_DAYS,
            "deadlines": [
                {"page": round_.page, "label": deadline_label(round_.deadline), "note": round_.note}
                for round_ in rounds
            ],
        }


@hooks.register("construct_homepage_panels")
def add_upcoming_deadlines_panel(request, panels):
    panels.append(UpcomingDeadlinesPanel())
