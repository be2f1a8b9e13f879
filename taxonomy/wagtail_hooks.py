"""Admin screens for the taxonomies that editors manage, under one "Taksonomier" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import County, Industry, Municipality, Organisation, Region, Topic

# Taxonomies of apps further down the dependency chain (schemes' applicant types) join the
# "Taksonomier" menu by registering their menu item under this hook, since taxonomy cannot import
# them.
TAXONOMY_MENU_HOOK = "register_taxonomy_menu_item"


class TaxonomyViewSet(SnippetViewSet):
    """A list of terms. The slug is listed because the API's filters use it."""

    icon = "tag"
    list_display = ["name", "slug"]
    ordering = "name"
    # The lists are short: a plain database match finds a term by any part of any listed field,
    # which the search index's autocomplete (names only) would not.
    search_backend_name = None
    search_fields = ["name", "slug"]


class RegionViewSet(TaxonomyViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "alternative_name", "slug"]
    search_fields = ["name", "alternative_name", "slug"]


class MunicipalityViewSet(TaxonomyViewSet):
    model = Municipality
    icon = "home"
    list_display = ["name", "number", "region"]
    list_filter = ["region"]
    search_fields = ["name", "official_name", "number", "slug"]


class CountyViewSet(TaxonomyViewSet):
    model = County
    icon = "globe"
    list_display = ["name", "number"]
    search_fields = ["name", "number", "slug"]


class OrganisationViewSet(TaxonomyViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "short_name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]


class IndustryViewSet(TaxonomyViewSet):
    model = Industry
    icon = "cogs"


class TopicViewSet(TaxonomyViewSet):
    model = Topic


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    """The "Taksonomier" menu: every list of terms that pages are tagged with."""

    menu_label = _("Taxonomies")
    menu_name = "taxonomies"
    menu_icon = "tag"
    submenu_hook = TAXONOMY_MENU_HOOK
    items = (
        RegionViewSet,
        MunicipalityViewSet,
        CountyViewSet,
        OrganisationViewSet,
        IndustryViewSet,
        TopicViewSet,
    )


register_snippet(TaxonomyViewSetGroup)
