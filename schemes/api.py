"""The scheme finder: ``/api/v2/schemes/``, schemes and programmes with counts per filter value."""

from collections import Counter

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

from home.api import MAX_ID, PagesAPIViewSet, filtered, parse_count, parse_id
from home.collation import norwegian_key
from home.filters import MAX_SLUG_LENGTH
from home.openapi import (
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
from .models import ProgrammePage, SchemePage

FACET_RELATIONS = {
    "topic": "topics",
    "region": "regions",
    "municipality": "municipalities",
    "applicant": "eligible_applicants",
}
ORDERINGS = ("title", "first_published_at", "last_published_at", "status")


class FinderAPIViewSet(PagesAPIViewSet):
    """Schemes and programmes together, filtered by django-filter, each filter value counted.

    The matching rows and their taxonomy terms are read in two queries and counted in memory;
    the page of results is then read from the document store like any other listing.
    """

    name = "schemes"
    filterset_class = FinderFilterSet
    filter_parameters = frozenset(
        ["topic", "region", "municipality", "applicant", "status", "kind"]
    )
    repeatable_parameters = filter_parameters
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
                for name in ["kind", "status", *FACET_RELATIONS]
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
        }

    @classmethod
    def body_field_names(cls, model):
        names = cls.get_body_fields_names(SchemePage)
        return names + [
            name for name in cls.get_body_fields_names(ProgrammePage) if name not in names
        ]

    def get_queryset(self):
        return (
            self.get_base_queryset()
            .type(SchemePage, ProgrammePage)
            .annotate(finder_status=Coalesce("schemepage__status", "programmepage__status"))
        )

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        body_names, meta_names = self.selected_fields(queryset.model, detail=False)
        matching = filtered(self.filterset_class(request.GET, queryset=queryset))
        rows = list(
            matching.values(
                "pk",
                "title",
                "content_type_id",
                "finder_status",
                "first_published_at",
                "last_published_at",
            )
        )
        terms = self.terms_of(matching)
        rows = self.ordered(rows)
        offset, limit = self.pagination()
        page_ids = [row["pk"] for row in rows[offset : offset + limit]]
        payloads = self.load_documents(page_ids)
        items = [
            self.shape(payloads[page_id], body_names, meta_names)
            for page_id in page_ids
            if page_id in payloads
        ]
        return self.get_paginated_response_with_facets(
            items, total=len(rows), facets=self.facets(rows, terms)
        )

    def pagination(self):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20
        offset = parse_count(self.request.GET.get("offset", "0"), "offset", MAX_ID)
        default_limit = str(min(20, limit_max))
        limit = parse_count(self.request.GET.get("limit", default_limit), "limit", limit_max)
        return offset, limit

    def ordered(self, rows):
        order = self.request.GET.get("order", "title")
        descending = order.startswith("-")
        name = order.removeprefix("-")
        if name not in ORDERINGS:
            raise BadRequestError(
                _("cannot order by %(order)s; choose one of %(choices)s")
                % {"order": repr(order), "choices": ", ".join(ORDERINGS)}
            )
        column = "finder_status" if name == "status" else name

        def key(row):
            value = row[column]
            return norwegian_key(value) if isinstance(value, str) else (value is None, value)

        rows.sort(key=lambda row: norwegian_key(row["title"]))
        if name != "title":
            rows.sort(key=key)
        if descending:
            rows.reverse()
        return rows

    @staticmethod
    def terms_of(queryset):
        """(page id, facet, slug, name, number) for every term of the matching pages, one query."""
        matching = queryset.values("pk")
        parts = []
        for model in (SchemePage, ProgrammePage):
            for facet, relation in FACET_RELATIONS.items():
                field = model._meta.get_field(relation)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                number = (
                    f"{target}__number"
                    if facet == "municipality"
                    else Value("", output_field=CharField())
                )
                parts.append(
                    through.objects.filter(**{f"{source}__in": matching}).values_list(
                        source,
                        Value(facet, output_field=CharField()),
                        f"{target}__slug",
                        f"{target}__name",
                        number,
                    )
                )
        return list(parts[0].union(*parts[1:], all=True))

    @staticmethod
    def facets(rows, terms):
        """How many of the matching pages carry each filter value."""
        kinds = {
            ContentType.objects.get_for_model(SchemePage).pk: FinderKind.SCHEME,
            ContentType.objects.get_for_model(ProgrammePage).pk: FinderKind.PROGRAMME,
        }
        status_counts = Counter(row["finder_status"] for row in rows)
        kind_counts = Counter(kinds.get(row["content_type_id"]) for row in rows)
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
        }
        counts = Counter()
        labels = {}
        for _page_id, facet, slug, name, number in set(terms):
            counts[facet, slug] += 1
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
