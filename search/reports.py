"""The admin report of frequent searches that found nothing, so editors can help them."""

import datetime

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from .models import QueryWithoutResults

PROMOTION_PERMISSIONS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
)
SYNONYM_PERMISSION = "search.add_synonym"


def can_view_report(user):
    return (
        user.is_superuser
        or user.has_perm(SYNONYM_PERMISSION)
        or any(user.has_perm(permission) for permission in PROMOTION_PERMISSIONS)
    )


def report_period_start():
    """The report covers the days that the query log keeps."""
    days = getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 7)
    return timezone.localdate() - datetime.timedelta(days=days)


def _total(model, since):
    return Coalesce(
        Subquery(
            model.objects.filter(query=OuterRef("pk"), date__gte=since)
            .values("query")
            .annotate(total=Sum("hits"))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


class ActionsColumn(Column):
    """Links to the two ways of helping a search: a synonym, or a promoted result."""

    cell_template_name = "search/admin/actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        context.update(
            {
                "can_add_synonym": user.has_perm(SYNONYM_PERMISSION),
                "can_promote": user.has_perm(PROMOTION_PERMISSIONS[0]),
                "add_synonym_url": reverse("wagtailsnippets_search_synonym:add"),
                "promote_url": reverse("wagtailsearchpromotions:add"),
            }
        )
        return context


class SearchesWithoutResultsReportView(ReportView):
    """Searches that found nothing, most frequent first, over the days the log keeps."""

    page_title = _("Searches without results")
    header_icon = "search"
    index_url_name = "search_without_results"
    index_results_url_name = "search_without_results_results"
    default_ordering = "-_misses"
    columns = [
        Column("query_string", label=_("Search"), sort_key="query_string"),
        NumberColumn("_misses", label=_("Times without results"), sort_key="_misses"),
        NumberColumn("_hits", label=_("Times searched"), sort_key="_hits"),
        DateColumn("_last", label=_("Last without results"), sort_key="_last"),
        ActionsColumn("actions", label=_("Help the search")),
    ]
    list_export = ["query_string", "_misses", "_hits", "_last"]
    export_headings = {
        "query_string": _("Search"),
        "_misses": _("Times without results"),
        "_hits": _("Times searched"),
        "_last": _("Last without results"),
    }

    def get_queryset(self):
        since = report_period_start()
        last = (
            QueryWithoutResults.objects.filter(query=OuterRef("pk"), date__gte=since)
            .order_by("-date")
            .values("date")[:1]
        )
        return (
            Query.objects.annotate(
                _misses=_total(QueryWithoutResults, since),
                _hits=_total(QueryDailyHits, since),
                _last=Subquery(last),
            )
            .filter(_misses__gt=0)
            .order_by("-_misses", "query_string")
        )

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)
