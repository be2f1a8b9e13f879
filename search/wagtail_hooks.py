"""Admin: the synonyms editors keep, and the report of searches without results."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym
from .reports import SearchesWithoutResultsReportView, can_view_report


class SynonymViewSet(SnippetViewSet):
    """Words that mean the same to citizens, kept in the settings menu beside promotions."""

    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_settings_menu = True
    menu_order = 910
    list_display = ["__str__", "note"]
    search_backend_name = None
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/searches-without-results/",
            SearchesWithoutResultsReportView.as_view(),
            name="search_without_results",
        ),
        path(
            "reports/searches-without-results/results/",
            SearchesWithoutResultsReportView.as_view(results_only=True),
            name="search_without_results_results",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Searches without results"),
        reverse("search_without_results"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )
