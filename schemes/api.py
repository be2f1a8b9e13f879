"""The scheme finder: ``/api/v2/schemes/``, schemes and programmes with counts per filter value.

``/api/v2/schemes/deadlines.ics`` is an iCalendar (RFC 5545) feed of every deadline still ahead,
and ``/api/v2/schemes/{id}/deadlines.ics`` one scheme's, for calendars to subscribe to.
"""

import datetime
import functools
from collections import Counter
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.db.models import BigIntegerField, CharField, Count, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_filters.constants import EMPTY_VALUES
from icalendar import Calendar, Event
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

from base.collation import BinaryOrder, norwegian_key
from base.publication import frontend_url, public_condition, public_pages
from headless.api import MAX_ID, PagesAPIViewSet, filtered, parse_count, parse_id
from headless.filters import MAX_SLUG_LENGTH
from headless.openapi import (
    ERRORS,
    component,
    get_operation,
    json_response,
    listing,
    obj,
    page_listing_item_schema,
    page_schema_name,
    page_union,
    path_id,
    query_parameters,
    ref,
)

from .choices import FinderKind, SchemeStatus
from .filters import FinderFilterSet
from .models import (
    OPEN_STATUSES,
    ApplicationRound,
    ProgrammePage,
    SchemePage,
    deadline_label,
    next_deadline_expression,
    rounds_status,
)

FACET_RELATIONS = {
    "topic": "topics",
    "region": "regions",
    "municipality": "municipalities",
    "applicant": "eligible_applicants",
}
ORDERINGS = ("title", "first_published_at", "last_published_at", "status", "next_deadline")
# Finder pages the finder leaves out (drafts, unpublished, expired, private) are few; up to this
# many, their ids are taken off the counts, and beyond it a query that selects them.
HIDDEN_IDS_MAX = 500
PRODID = "-//Troms fylkeskommune//Troms naeringsportal//NB"
CALENDAR_ACTIONS = frozenset(["deadlines_view", "scheme_deadlines_view"])
CALENDAR_MEDIA_TYPES = frozenset(["text/calendar", "text/*", "*/*"])


class CalendarNotAcceptable(APIException):
    status_code = status.HTTP_406_NOT_ACCEPTABLE
    default_detail = _lazy("the feed is iCalendar only: accept text/calendar")


def deadlines_calendar(rounds, name, uid, url):
    """An iCalendar feed of application deadlines, as bytes.

    Each deadline is an all-day event on its Oslo day, the time in its title, so that it sits
    at the top of the day in every calendar; the uid of each is stable, so that a calendar
    updates a moved deadline instead of adding it twice.
    """
    host = urlsplit(settings.FRONTEND_BASE_URL).hostname
    calendar = Calendar.new(prodid=PRODID, uid=f"{uid}@{host}", name=name, calscale="GREGORIAN")
    if url:
        calendar.add("url", url)
    for round_ in rounds:
        page = round_.page
        page_url = frontend_url(page)
        day = timezone.localdate(round_.deadline)
        stamp = page.last_published_at or timezone.now()
        summary = _("Application deadline: %(scheme)s") % {"scheme": page.title}
        details = [_("Deadline %(deadline)s") % {"deadline": deadline_label(round_.deadline)}]
        if round_.note:
            details.append(round_.note)
        if page.amount:
            details.append(page.amount)
        if page.apply_url:
            details.append(_("Apply: %(url)s") % {"url": page.apply_url})
        event = Event.new(
            uid=f"scheme-round-{round_.pk}@{host}",
            stamp=stamp.astimezone(datetime.UTC),
            start=day,
            end=day + datetime.timedelta(days=1),
            summary=summary,
            description="\n".join(details),
        )
        if page_url:
            event.add("url", page_url)
        calendar.add_component(event)
    return calendar.to_ical()


def upcoming_rounds():
    """Rounds of public schemes whose deadline is still ahead, soonest first."""
    return (
        ApplicationRound.objects.filter(
            deadline__gt=timezone.now(), page_id__in=public_pages().values("pk")
        )
        .select_related("page")
        .order_by("deadline", "pk")
    )


class Matching:
    """The pages a filtered finder request matches, selected once in the counting statement.

    The selection is a named subquery (``WITH``) of the counting statement, so that the
    database finds the matching pages once rather than once per table that it counts.
    """

    shape = "matching"
    ids = RawSQL('SELECT "id" FROM "finder_matching"', ())  # noqa: S611

    def __init__(self, matching):
        sql, params = matching.order_by().values("pk").query.sql_with_params()
        self.prefix = f'WITH "finder_matching" ("id") AS ({sql}) '
        self.prefix_params = tuple(params)

    @classmethod
    def only(cls, rows, field):
        """``rows`` of the matching pages alone."""
        return rows.filter(**{f"{field}__in": cls.ids})

    @classmethod
    def parts(cls, rows, field):
        """(sign, rows) pairs whose counts, added ("all") and taken off ("hidden"), count
        the rows of the matching pages."""
        return [("all", cls.only(rows, field))]


class ButHidden:
    """Every page of the finder's page types but the few hidden ones, given by ``hidden``: their
    ids, or a query of them (see ``FinderAPIViewSet.hidden_pages``), named in the counting
    statement."""

    ids = RawSQL('SELECT "id" FROM "finder_hidden"', ())  # noqa: S611

    def __init__(self, hidden):
        self.shape = "all" if isinstance(hidden, list) and not hidden else "all_but_hidden"
        self.prefix, self.prefix_params = "", ()
        if self.shape == "all_but_hidden":
            if isinstance(hidden, list):
                hidden = Page.objects.filter(pk__in=hidden).values_list("pk", flat=True)
            sql, params = hidden.query.sql_with_params()
            self.prefix = f'WITH "finder_hidden" ("id") AS ({sql}) '
            self.prefix_params = tuple(params)

    @classmethod
    def only(cls, rows, field, shape):
        if shape == "all":
            return rows
        return rows.exclude(**{f"{field}__in": cls.ids})

    @classmethod
    def parts(cls, rows, field, shape):
        # Every row is counted off an index, and the hidden pages' rows taken off again:
        # cheaper than testing every row against them.
        if shape == "all":
            return [("all", rows)]
        return [("all", rows), ("hidden", rows.filter(**{f"{field}__in": cls.ids}))]


# A moment no request has, compiled into the counting statement in place of the time of the
# request, which then takes its place among the statement's parameters.
COMPILED_NOW = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@functools.lru_cache(maxsize=64)
def counting_statement(shape, models, title_page, vendor):
    """(SQL, parameters) of the statement that counts the finder's shown pages, for a shape
    of request, compiled once: Django takes longer to build and compile its two dozen grouped
    queries than the database takes to run them. ``vendor`` keys the database's dialect."""
    if shape == "matching":
        only, parts = Matching.only, Matching.parts
    else:
        only = functools.partial(ButHidden.only, shape=shape)
        parts = functools.partial(ButHidden.parts, shape=shape)
    text = CharField()
    nothing = Value("", output_field=text)
    # A constant, which no group is formed by. PostgreSQL types the columns of a union pair by
    # pair, so the link tables' counts, whose term ids type the column, come first.
    no_term = Value(None, output_field=BigIntegerField())
    zero = Value(0, output_field=BigIntegerField())
    terms, queries = [], []
    for model in models:
        kind = Value(model.kind, output_field=text)
        rows = model.objects.order_by()
        for sign, selected in parts(rows, "pk"):
            queries.append(
                selected.values_list(
                    Value(sign, output_field=text), kind, "status", "status", no_term
                ).annotate(count=Count("*"))
            )
        if title_page is not None:
            upto, descending = title_page
            key = BinaryOrder("title_sort_key")
            first = only(rows, "pk").order_by(
                *((key.desc(), "-pk") if descending else (key.asc(), "pk"))
            )
            queries.append(
                rows.filter(pk__in=first.values("pk")[:upto]).values_list(
                    Value("page", output_field=text), kind, "title_sort_key", nothing, "pk", zero
                )
            )
        if model is SchemePage:
            with_rounds = rows.filter(pk__in=ApplicationRound.objects.values("page_id"))
            queries.append(
                only(with_rounds, "pk")
                .annotate(clock=rounds_status(COMPILED_NOW, F("status")))
                .values_list(Value("rounds", output_field=text), kind, "status", "clock", no_term)
                .annotate(count=Count("*"))
            )
        for facet, relation in FACET_RELATIONS.items():
            field = model._meta.get_field(relation)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = field.remote_field.through.objects.order_by()
            for sign, selected in parts(links, source):
                terms.append(
                    selected.values_list(
                        Value(sign, output_field=text),
                        Value(facet, output_field=text),
                        nothing,
                        nothing,
                        target,
                    ).annotate(count=Count("*"))
                )
    queries = terms + queries
    if not queries:
        return None, ()
    sql, params = queries[0].union(*queries[1:], all=True).query.sql_with_params()
    return sql, tuple(params)


class FinderAPIViewSet(PagesAPIViewSet):
    """Schemes and programmes together, filtered by django-filter, each filter value counted.

    The database counts the matches per filter value (grouped queries) and picks the page of
    results, which is then read from the document store like any other listing: the cost of a
    request does not grow with the number of schemes.
    """

    name = "schemes"
    filterset_class = FinderFilterSet
    filter_parameters = frozenset(FinderFilterSet.Meta.fields)
    repeatable_parameters = frozenset(
        ["topic", "region", "municipality", "applicant", "status", "kind"]
    )
    # The finder's filters are its own FilterSet's; it takes no page field filters.
    field_filters = False
    known_query_parameters = frozenset(["limit", "offset", "fields", "order", "format"]).union(
        filter_parameters
    )
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "slug",
        "title",
        "kind",
        "summary",
        "status",
        "open_now",
        "next_deadline",
        "application_rounds",
        "amount",
        "apply_url",
        "topics",
        "regions",
        "municipalities",
        "eligible_applicants",
        "ineligible_applicants",
        "owner_organisation",
    ]

    @classmethod
    def openapi_paths(cls, prefix, page_detail):

        facet_value = obj(
            {
                "value": {"type": "string"},
                "name": {"type": "string"},
                "count": {"type": "integer"},
                "number": {"type": "string"},
            },
            required=["value", "name", "count"],
        )
        facets = obj(
            {
                name: {"type": "array", "items": component("FinderFacetValue", facet_value)}
                for name in ["kind", "status", "open_now", *FACET_RELATIONS]
            }
        )
        item = component(
            "FinderItem",
            page_union(
                [
                    component(
                        f"{page_schema_name(model)}FinderItem",
                        page_listing_item_schema(model, cls.listing_default_fields),
                    )
                    for model in (SchemePage, ProgrammePage)
                ]
            ),
        )
        finder_listing = listing(item, {"facets": component("FinderFacets", facets)})
        filters = {
            "status": {"enum": list(SchemeStatus.values)},
            "kind": {"enum": list(FinderKind.values)},
            "topic": {
                "type": "string",
                "pattern": "^[-a-zA-Z0-9_]*$",
                "maxLength": MAX_SLUG_LENGTH,
            },
            "region": {
                "type": "string",
                "pattern": "^[-a-zA-Z0-9_]*$",
                "maxLength": MAX_SLUG_LENGTH,
            },
            "municipality": {
                "type": "string",
                "pattern": "^[-a-zA-Z0-9_]*$",
                "maxLength": MAX_SLUG_LENGTH,
                "description": "Slug or four-digit municipality number.",
            },
            "applicant": {
                "type": "string",
                "pattern": "^[-a-zA-Z0-9_]*$",
                "maxLength": MAX_SLUG_LENGTH,
            },
            "order": {"enum": [*ORDERINGS, *(f"-{name}" for name in ORDERINGS)]},
            "open_now": {
                "enum": ["true", "false"],
                "description": "true: schemes a business can apply to today.",
            },
            "deadline_before": {
                "type": "string",
                "format": "date",
                "description": "A deadline still ahead on or before this day (Oslo).",
            },
            "deadline_after": {
                "type": "string",
                "format": "date",
                "description": "A deadline still ahead on or after this day (Oslo).",
            },
        }
        calendar = {
            "description": "OK",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
        detail = page_union([ref(page_schema_name(model)) for model in (SchemePage, ProgrammePage)])
        return {
            f"/api/v2/{prefix}/": get_operation(
                "Schemes and programmes with counts per filter value",
                query_parameters(cls.known_query_parameters, cls.repeatable_parameters, filters),
                json_response(finder_listing),
                operation_id="listSchemes",
            ),
            f"/api/v2/{prefix}/{{id}}/": get_operation(
                "One scheme or programme",
                [path_id(), *query_parameters(["fields"])],
                json_response(detail),
                operation_id="getScheme",
            ),
            f"/api/v2/{prefix}/deadlines.ics": {
                "get": {
                    "summary": "An iCalendar (RFC 5545) feed of every application deadline ahead",
                    "operationId": "getSchemeDeadlinesCalendar",
                    "parameters": [],
                    "responses": {"200": calendar, **ERRORS},
                }
            },
            f"/api/v2/{prefix}/{{id}}/deadlines.ics": {
                "get": {
                    "summary": "An iCalendar (RFC 5545) feed of one scheme's deadlines ahead",
                    "operationId": "getSchemeDeadlineCalendar",
                    "parameters": [path_id("Id of a support scheme page")],
                    "responses": {"200": calendar, **ERRORS},
                }
            },
        }

    @classmethod
    def get_urlpatterns(cls):
        return [
            *super().get_urlpatterns(),
            path("deadlines.ics", cls.as_view({"get": "deadlines_view"}), name="deadlines"),
            path(
                "<int:pk>/deadlines.ics",
                cls.as_view({"get": "scheme_deadlines_view"}),
                name="scheme_deadlines",
            ),
        ]

    def perform_content_negotiation(self, request, force=False):
        if self.action in CALENDAR_ACTIONS:
            # The feed itself is an HttpResponse that no renderer touches; only errors are
            # rendered, always as JSON, whatever a calendar client asks for in Accept.
            renderer = JSONRenderer()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force=force)

    def check_calendar_parameters(self):
        accepted = {
            part.split(";")[0].strip().lower()
            for part in self.request.headers.get("Accept", "*/*").split(",")
        }
        if not accepted & CALENDAR_MEDIA_TYPES:
            raise CalendarNotAcceptable()
        if self.request.GET:
            raise BadRequestError(
                _("query parameter is not an operation or a recognised field: %(names)s")
                % {"names": ", ".join(sorted(self.request.GET))}
            )

    def deadlines_view(self, request):
        self.check_calendar_parameters()
        feed = deadlines_calendar(
            upcoming_rounds(),
            name=_("Application deadlines"),
            uid="scheme-deadlines",
            url=settings.FRONTEND_BASE_URL,
        )
        return HttpResponse(feed, content_type="text/calendar; charset=utf-8")

    def scheme_deadlines_view(self, request, pk):
        self.check_calendar_parameters()
        page_id = parse_id(str(pk), "id")
        page = SchemePage.objects.filter(pk=page_id, pk__in=public_pages().values("pk")).first()
        if page is None:
            raise Http404
        feed = deadlines_calendar(
            upcoming_rounds().filter(page_id=page.pk),
            name=_("Application deadlines: %(scheme)s") % {"scheme": page.title},
            uid=f"scheme-{page.pk}-deadlines",
            url=frontend_url(page),
        )
        return HttpResponse(feed, content_type="text/calendar; charset=utf-8")

    @classmethod
    def body_field_names(cls, model):
        names = cls.get_body_fields_names(SchemePage)
        return names + [
            name for name in cls.get_body_fields_names(ProgrammePage) if name not in names
        ]

    def get_queryset(self):
        # Status and deadline as the clock has them now, not as the editor last typed them.
        now = timezone.now()
        editor_status = Coalesce("schemepage__status", "programmepage__status")
        return (
            self.get_base_queryset()
            .type(SchemePage, ProgrammePage)
            .annotate(
                editor_status=editor_status,
                finder_status=rounds_status(now, editor_status),
                next_deadline=next_deadline_expression(now),
            )
        )

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        body_names, meta_names = self.selected_fields(queryset.model, detail=False)
        filterset = self.filterset_class(request.GET, queryset=queryset)
        matching = filtered(filterset)
        offset, limit = self.pagination()
        ordering = self.ordering()
        models = self.whole_tables(filterset)
        site = self.requested_site() if models else None
        order = self.request.GET.get("order", "title")
        by_title, descending = order.removeprefix("-") == "title", order.startswith("-")
        # In title order, the page of results comes with the counts, from the same matches.
        title_page = (offset + limit, descending) if by_title and limit else None
        if site is None:
            shown = Matching(matching)
            models = self.kind_models(filterset)
            if not by_title:
                page_ids = self.page_ids(matching, ordering, offset, limit)
        else:
            # No filter but the kind: what is counted and listed is every row of the page
            # types' own tables but the few hidden ones (drafts, unpublished, expired, private,
            # another site's), which index-only scans count and the title index pages.
            hidden = self.hidden_pages(site, models)
            if by_title:
                page_ids = self.page_ids_by_title(models, hidden, descending, offset, limit)
            else:
                page_ids = self.page_ids(matching, ordering, offset, limit)
            shown = ButHidden(hidden)
            title_page = None
        kinds, statuses, term_counts, titled = self.counts(models, shown, title_page)
        if site is None and by_title:
            page_ids = [pk for _key, pk in titled[offset : offset + limit]]
        terms = self.labelled_terms(term_counts)
        payloads = self.load_documents(page_ids)
        items = [
            self.shape(payloads[page_id], body_names, meta_names)
            for page_id in page_ids
            if page_id in payloads
        ]
        return self.get_paginated_response_with_facets(
            items, total=sum(kinds.values()), facets=self.facets(kinds, statuses, terms)
        )

    def pagination(self):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20
        offset = parse_count(self.request.GET.get("offset", "0"), "offset", MAX_ID)
        default_limit = str(min(20, limit_max))
        limit = parse_count(self.request.GET.get("limit", default_limit), "limit", limit_max)
        return offset, limit

    def page_ids(self, matching, ordering, offset, limit):
        """The ids of the page of results, in the order asked for, picked by the database."""
        matching = matching.annotate(
            title_key=Coalesce("schemepage__title_sort_key", "programmepage__title_sort_key")
        )
        return list(
            matching.order_by(*ordering).values_list("pk", flat=True)[offset : offset + limit]
        )

    @staticmethod
    def whole_tables(filterset):
        """The page types whose every public row matches, or () when a filter narrows them."""
        data = filterset.form.cleaned_data
        if any(data.get(name) not in EMPTY_VALUES for name in filterset.filters if name != "kind"):
            return ()
        return FinderAPIViewSet.kind_models(filterset)

    @staticmethod
    def kind_models(filterset):
        """The page types that ``?kind=`` leaves in (both without it)."""
        kinds = filterset.form.cleaned_data.get("kind") or FinderKind.values
        return tuple(model for model in (SchemePage, ProgrammePage) if model.kind in kinds)

    @staticmethod
    def hidden_pages(site, models):
        """Pages of these types that the finder leaves out: their ids, or a query when many."""
        hidden = FinderAPIViewSet.hidden_pages_query(site, models)
        ids = list(hidden[: HIDDEN_IDS_MAX + 1])
        return ids if len(ids) <= HIDDEN_IDS_MAX else hidden

    @staticmethod
    def hidden_pages_query(site, models):
        """Ids of the drafts, unpublished, expired, private and other sites' pages of ``models``,
        read off the finder's publication index."""
        shown = public_condition() & Page.objects.descendant_of_q(site.root_page, inclusive=True)
        return Page.objects.type(*models).exclude(shown).order_by().values_list("pk", flat=True)

    @staticmethod
    def but(queryset, field, hidden):
        """``queryset`` without the rows of hidden pages."""
        if isinstance(hidden, list) and not hidden:
            return queryset
        return queryset.exclude(**{f"{field}__in": hidden})

    def page_ids_by_title(self, models, hidden, descending, offset, limit):
        """The page of results in title order, read off each page type's title index."""
        if not limit:
            # Nothing to read; a union of parts limited to no row cannot be ordered.
            return []
        rows = self.title_order_query(models, hidden, descending, offset + limit)
        return [pk for pk, _key in rows[offset : offset + limit]]

    @staticmethod
    def title_order_query(models, hidden, descending=False, upto=None):
        """(id, title key) of every page of ``models`` but the hidden ones, in title order.

        SQLite merges the page types' title indexes by itself. PostgreSQL merges them only when
        each is limited to the rows the page needs (``upto``), which it allows in a union.
        """
        order = ["-key", "-pk"] if descending else ["key", "pk"]
        parts = [
            FinderAPIViewSet.but(model.objects.order_by(), "pk", hidden)
            .annotate(key=BinaryOrder("title_sort_key"))
            .values_list("pk", "key")
            for model in models
        ]
        if len(parts) == 1:
            return parts[0].order_by(*order)
        if upto is not None and connection.features.supports_slicing_ordering_in_compound:
            parts = [part.order_by(*order)[:upto] for part in parts]
        return parts[0].union(*parts[1:], all=True).order_by(*order)

    def ordering(self):
        """The database's order for ``?order=``: by title (Norwegian order) among equals."""
        order = self.request.GET.get("order", "title")
        descending = order.startswith("-")
        name = order.removeprefix("-")
        if name not in ORDERINGS:
            raise BadRequestError(
                _("cannot order by %(order)s; choose one of %(choices)s")
                % {"order": repr(order), "choices": ", ".join(ORDERINGS)}
            )
        # The stored key of each title, whose plain order is the Norwegian one, on every
        # database: the order the title indexes give the unfiltered finder (and SQLite's
        # Norwegian collation would run in Python once per comparison).
        title = BinaryOrder(F("title_key"))
        if name == "next_deadline":
            # Schemes without a deadline ahead come last in either direction.
            deadline = F("next_deadline")
            first = deadline.desc(nulls_last=True) if descending else deadline.asc(nulls_last=True)
            return [first, title.asc(), "pk"]
        column = {"title": title, "status": F("finder_status")}.get(name, F(name))
        if name == "title":
            return [title.desc(), "-pk"] if descending else [title.asc(), "pk"]
        if descending:
            return [column.desc(nulls_first=True), title.desc(), "-pk"]
        return [column.asc(nulls_last=True), title.asc(), "pk"]

    @staticmethod
    def counts(models, shown, title_page=None):
        """({kind: count}, {status: count}, {(facet, term id): count}, [(title key, id)]) of the
        shown pages of the page types ``models``, from grouped counts in one statement.

        Each page type's own table is counted per editor's status, and each of its link tables
        per term (a page carries a term once, so the rows of a term are its pages), off their
        indexes. Pages with application rounds, whose status follows the clock, are then moved
        to the status the clock gives them. With ``title_page`` (upto, descending), the same
        statement picks the first ``upto`` pages of each page type in title order, and the
        last list holds them merged in that order.
        """
        sql, params = counting_statement(shown.shape, models, title_page, connection.vendor)
        kind_counts, status_counts, term_counts, titled = Counter(), Counter(), Counter(), []
        if sql is None:
            return kind_counts, status_counts, term_counts, titled
        adapt = connection.ops.adapt_datetimefield_value
        compiled_now, now = adapt(COMPILED_NOW), adapt(timezone.now())
        params = tuple(now if param == compiled_now else param for param in params)
        with connection.cursor() as cursor:
            cursor.execute(shown.prefix + sql, (*shown.prefix_params, *params))
            rows = cursor.fetchall()
        for part, facet, editors, clock, term_id, count in rows:
            sign = -1 if part == "hidden" else 1
            if part == "page":
                titled.append((editors, term_id))
            elif facet in FACET_RELATIONS:
                term_counts[facet, term_id] += sign * count
            elif part == "rounds":
                status_counts[editors] -= count
                status_counts[clock] += count
            else:
                kind_counts[facet] += sign * count
                status_counts[editors] += sign * count
        # The keys' plain order is the databases' binary one; the id breaks ties.
        titled.sort(reverse=bool(title_page and title_page[1]))
        return kind_counts, status_counts, term_counts, titled

    @staticmethod
    def labelled_terms(term_counts):
        """(facet, slug, name, number, count) of every counted term, labelled in one query."""
        text = CharField()
        counted = {key: count for key, count in term_counts.items() if count > 0}
        labels = []
        for facet, relation in FACET_RELATIONS.items():
            ids = [term_id for term_facet, term_id in counted if term_facet == facet]
            if not ids:
                continue
            term_model = SchemePage._meta.get_field(relation).related_model
            number = "number" if facet == "municipality" else Value("", output_field=text)
            labels.append(
                term_model.objects.order_by()
                .filter(pk__in=ids)
                .values_list(Value(facet, output_field=text), "pk", "slug", "name", number)
            )
        if not labels:
            return []
        rows = labels[0].union(*labels[1:], all=True) if len(labels) > 1 else labels[0]
        return [
            (facet, slug, name, number, counted[facet, term_id])
            for facet, term_id, slug, name, number in rows
        ]

    @staticmethod
    def facets(kind_counts, status_counts, terms):
        """How many of the matching pages carry each filter value, from grouped counts."""
        open_counts = Counter()
        for value, count in status_counts.items():
            open_counts[value in OPEN_STATUSES] += count
        facets = {
            "kind": [
                {"value": kind.value, "name": str(kind.label), "count": kind_counts[kind]}
                for kind in FinderKind
                if kind_counts[kind]
            ],
            "status": [
                {"value": status.value, "name": str(status.label), "count": status_counts[status]}
                for status in SchemeStatus
                if status_counts[status]
            ],
            "open_now": [
                {"value": value, "name": name, "count": open_counts[is_open]}
                for value, name, is_open in (
                    ("true", _("Open for applications now"), True),
                    ("false", _("Not open for applications now"), False),
                )
                if open_counts[is_open]
            ],
        }
        # A term on schemes and on programmes comes in two groups, one per page type.
        counts = Counter()
        labels = {}
        for facet, slug, name, number, count in terms:
            counts[facet, slug] += count
            labels[facet, slug] = (name, number)
        for facet in FACET_RELATIONS:
            values = []
            for (term_facet, slug), count in counts.items():
                if term_facet != facet:
                    continue
                name, number = labels[facet, slug]
                value = {"value": slug, "name": name, "count": count}
                if facet == "municipality":
                    value["number"] = number
                values.append(value)
            values.sort(
                key=lambda value: (-value["count"], norwegian_key(value["name"]), value["value"])
            )
            facets[facet] = values
        return facets

    def get_paginated_response_with_facets(self, items, total, facets):
        return Response({"meta": {"total_count": total, "facets": facets}, "items": items})

    def get_object(self):
        pk = parse_id(str(self.kwargs["pk"]), "id")
        page = self.get_queryset().filter(pk=pk).only("pk", "content_type").first()
        if page is None:
            raise Http404
        return page
