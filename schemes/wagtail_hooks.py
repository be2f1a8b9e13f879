"""Admin screens for the schemes app: its taxonomy, and overviews of its pages across the tree."""

from django.contrib.admin import RelatedOnlyFieldListFilter, display
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left, Length
from django.utils.encoding import force_str
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.helpers import PageButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from home.overviews import OverviewIndexView, PageOverviewURLHelper
from home.readability import latest_draft_readability
from home.wagtail_hooks import TAXONOMY_MENU_HOOK, TaxonomyViewSet

from .models import ApplicantType, ProgrammePage, SchemePage


class ApplicantTypeViewSet(TaxonomyViewSet):
    """Kinds of applicant, listed with the other taxonomies under "Taksonomier"."""

    model = ApplicantType
    icon = "user"
    menu_hook = TAXONOMY_MENU_HOOK


register_snippet(ApplicantTypeViewSet)


class FinderIndexView(OverviewIndexView):
    """The overview's listing, with what its columns need prefetched."""

    def get_queryset(self, request=None):
        # Prefetched here rather than in ModelAdmin.get_queryset, which the list filters also
        # use, for lists of ids.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("topics", "municipalities")
            .prefetch_workflow_states()
        )


class OverviewButtonHelper(PageButtonHelper):
    """Edit and unpublish. Copying and deleting stay in the page explorer: for editors who do
    not publish, their permission checks read each row's parent or descendants."""

    def get_buttons_for_obj(self, obj, exclude=None, **kwargs):
        exclude = [*(exclude or []), "copy", "delete"]
        return super().get_buttons_for_obj(obj, exclude=exclude, **kwargs)


class PageOwnerListFilter(RelatedOnlyFieldListFilter):
    """The editors who own pages in the list, by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("page owner")

    def field_choices(self, field, request, model_admin):
        owner_ids = model_admin.get_queryset(request).values("owner_id")
        users = get_user_model().objects.filter(pk__in=owner_ids)
        choices = [(user.pk, user.get_full_name() or user.get_username()) for user in users]
        return sorted(choices, key=lambda choice: choice[1].lower())


class OwnerOrganisationListFilter(RelatedOnlyFieldListFilter):
    """The organisations that run the programmes in the list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("owner organisation")


def names(terms):
    return ", ".join(term.name for term in terms)


class FinderPageAdmin(ModelAdmin):
    """Every page of one finder type, wherever it is in the tree; edited in the page editor."""

    list_display = (
        "title",
        "location",
        "status",
        "publishing_status",
        "last_changed",
        "owner_name",
        "lix",
    )
    list_filter = (
        "status",
        ("topics", RelatedOnlyFieldListFilter),
        ("municipalities", RelatedOnlyFieldListFilter),
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
        return (
            super()
            .get_queryset(request)
            .select_related("owner", "latest_revision")
            .annotate(parent_title=Subquery(parent.values("title")[:1]))
            .annotate_approved_schedule()
        )

    def get_menu_label(self):
        # modeladmin Title Cases the plural name; Norwegian capitalises only the first word.
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def export_filename(self):
        return slugify(str(self.model._meta.verbose_name_plural))

    @display(description=_("location"), ordering="parent_title")
    def location(self, page):
        return page.parent_title

    @display(description=_("status"))
    def status_label(self, page):
        return page.get_status_display()

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
        readability = latest_draft_readability(page)
        if readability.score is None:
            return ""
        return f"{readability.score} ({readability.band.label})"


class SchemePageAdmin(FinderPageAdmin):
    model = SchemePage
    menu_icon = "doc-full"


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
