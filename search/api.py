"""``/api/v2/search/?q=``: citizen search across pages, people and documents."""

import json
from collections import Counter

from django.conf import settings
from django.urls import path
from django.utils.html import strip_tags
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page

from home.api import MAX_ID, PagesAPIViewSet, StrictParametersMixin, parse_count
from home.models import PageDocument
from home.openapi import ERRORS, json_response, obj, query_parameters

from . import engine

# Fields of a page document that make a good search snippet, in order of preference.
SNIPPET_FIELDS = ("summary", "lead", "intro", "goal")


class SearchAPIViewSet(StrictParametersMixin, BaseAPIViewSet):
    """Search results with a highlighted snippet each, counts per type, and pagination."""

    name = "search"
    model = Page
    known_query_parameters = frozenset(["q", "type", "limit", "offset", "format"])
    repeatable_parameters = frozenset(["type"])

    @classmethod
    def openapi_paths(cls, prefix, page_detail):

        item = obj(
            {
                "type": {"enum": list(engine.RESULT_TYPES)},
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "url": {"type": ["string", "null"]},
                "snippet": {
                    "type": "string",
                    "contentMediaType": "text/html",
                    "description": "Escaped text with matches in <mark>.",
                },
                "detail_url": {"type": "string"},
                "email": {"type": "string"},
                "phone": {"type": "string"},
            },
            required=["type", "id", "title", "url", "snippet"],
        )
        listing = obj(
            {
                "meta": obj(
                    {
                        "total_count": {"type": "integer", "minimum": 0},
                        "counts": obj({kind: {"type": "integer"} for kind in engine.RESULT_TYPES}),
                        "query": {"type": "string"},
                    }
                ),
                "items": {"type": "array", "items": item},
            }
        )
        parameters = {
            "q": {
                "type": "string",
                "maxLength": engine.MAX_QUERY_LENGTH,
                "description": f"At most {engine.MAX_QUERY_TERMS} words.",
            },
            "type": {"enum": list(engine.RESULT_TYPES)},
        }
        return {
            f"/api/v2/{prefix}/": {
                "get": {
                    "summary": "Search pages, schemes, programmes, people and documents",
                    "parameters": query_parameters(
                        cls.known_query_parameters, cls.repeatable_parameters, parameters
                    ),
                    "responses": {"200": json_response(listing), **ERRORS},
                }
            }
        }

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]

    def public_pages(self):
        # The pages endpoint owns the definition of what an anonymous reader may see.
        view = PagesAPIViewSet()
        view.request = self.request
        return view.get_base_queryset()

    def requested_types(self):
        types = self.request.GET.getlist("type") or list(engine.RESULT_TYPES)
        unknown = sorted(set(types) - set(engine.RESULT_TYPES))
        if unknown:
            raise BadRequestError(
                f"unknown type: {', '.join(unknown)}; choose from {', '.join(engine.RESULT_TYPES)}"
            )
        return types

    def listing_view(self, request):
        self.check_query_parameters_known()
        try:
            terms = engine.query_terms(request.GET.get("q", ""))
        except engine.QueryError as error:
            raise BadRequestError(str(error)) from error
        types = self.requested_types()
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20
        offset = parse_count(request.GET.get("offset", "0"), "offset", MAX_ID)
        limit = parse_count(request.GET.get("limit", str(min(20, limit_max))), "limit", limit_max)

        hits = engine.search(terms, self.public_pages())
        counts = Counter(hit.type for hit in hits)
        selected = [hit for hit in hits if hit.type in types]
        window = selected[offset : offset + limit]
        self.fill_page_texts(window)
        return Response(
            {
                "meta": {
                    "total_count": len(selected),
                    "counts": {kind: counts[kind] for kind in engine.RESULT_TYPES},
                    "query": " ".join(terms),
                },
                "items": [self.item(hit, terms) for hit in window],
            }
        )

    def check_query_parameters_known(self):
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )

    @staticmethod
    def fill_page_texts(hits):
        """Snippets of pages come from their public documents, read in one query."""
        page_hits = {hit.id: hit for hit in hits if hit.type in ("page", "scheme", "programme")}
        if not page_hits:
            return
        for page_id, payload in PageDocument.objects.filter(page_id__in=page_hits).values_list(
            "page_id", "payload"
        ):
            document = json.loads(payload)
            for name in SNIPPET_FIELDS:
                if document.get(name):
                    page_hits[page_id].text = strip_tags(document[name])
                    break

    def item(self, hit, terms):
        data = {
            "type": hit.type,
            "id": hit.id,
            "title": hit.title,
            "url": hit.url,
            "snippet": engine.snippet(hit.text, terms),
        }
        if hit.type in ("page", "scheme", "programme"):
            data["detail_url"] = self.request.build_absolute_uri(f"/api/v2/pages/{hit.id}/")
        data.update(hit.extra)
        return data
