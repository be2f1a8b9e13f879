"""``/api/v2/search/?q=``: citizen search across pages, people and documents, and
``/api/v2/search/suggest/?q=``: titles and words for what has been typed so far."""

from collections import Counter

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page

from base.publication import api_url
from headless.api import MAX_ID, PagesAPIViewSet, StrictParametersMixin, parse_count
from headless.openapi import ERRORS, component, json_response, listing, obj, query_parameters

from . import engine, querylog, suggest

EXACT_VALUES = {"true": True, "1": True, "false": False, "0": False}


class SearchAPIViewSet(StrictParametersMixin, BaseAPIViewSet):
    """Search results with a highlighted snippet each, counts per type, and pagination."""

    name = "search"
    model = Page
    known_query_parameters = frozenset(["q", "type", "limit", "offset", "format", "exact"])
    suggest_query_parameters = frozenset(["q", "format"])
    repeatable_parameters = frozenset(["type"])

    @classmethod
    def openapi_paths(cls, prefix, page_detail):
        common = {
            "title": {"type": "string"},
            "url": {"type": ["string", "null"]},
            "snippet": {
                "type": "string",
                "contentMediaType": "text/html",
                "description": "Escaped text with the matching words in <mark>.",
            },
            "promoted": {
                "type": "boolean",
                "description": "Chosen by editors for this search; promoted results come first.",
            },
        }
        page_types = sorted(engine.PAGE_TYPES, key=engine.RESULT_TYPES.index)
        # One schema per kind of hit, told apart by `type`: each has exactly its own fields.
        hits = {
            "PageSearchHit": obj(
                {
                    "type": {"enum": page_types},
                    "id": {"type": "integer"},
                    **common,
                    "detail_url": {"type": "string", "description": "The page's API detail."},
                }
            ),
            "PersonSearchHit": obj(
                {
                    "type": {"const": "person"},
                    "id": {"type": "integer"},
                    **common,
                    "email": {"type": "string"},
                    "phone": {"type": "string"},
                }
            ),
            "DocumentSearchHit": obj(
                {"type": {"const": "document"}, "id": {"type": "integer"}, **common}
            ),
            "LinkSearchHit": obj(
                {
                    "type": {
                        "const": "link",
                        "description": "An editor's promoted link to another site.",
                    },
                    "id": {"type": "null"},
                    **common,
                }
            ),
        }
        item = {"oneOf": [component(name, schema) for name, schema in hits.items()]}
        results = listing(
            component("SearchHit", item),
            {
                "counts": obj({kind: {"type": "integer"} for kind in engine.RESULT_TYPES}),
                "total_count_is_lower_bound": {
                    "type": "boolean",
                    "description": "`true` when more pages match than were ranked (the "
                    f"{engine.MAX_CANDIDATES} best full-text matches): `total_count` and "
                    "`counts` are then at least the number of matches, not all of them.",
                },
                "query": {"type": "string"},
                "corrected_query": {
                    "type": ["string", "null"],
                    "description": "Set when words of `q` were found nowhere and the "
                    "results are for this spelling instead (“Kvænangen” for "
                    "“kvenangen”); search again with `exact=true` for the words as "
                    "typed.",
                },
                "suggestions": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Other spellings that find something; only when "
                    "this search found nothing.",
                },
                "synonyms": {
                    "type": "array",
                    "items": obj(
                        {
                            "query": {"type": "string"},
                            "synonyms": {"type": "array", "items": {"type": "string"}},
                        }
                    ),
                    "description": "Words of `q` that the editors' synonyms widened, "
                    "and what else was searched for.",
                },
            },
        )
        parameters = {
            "q": {
                "type": "string",
                "maxLength": engine.MAX_QUERY_LENGTH,
                "description": (
                    f"The search text: at most {engine.MAX_QUERY_LENGTH} characters and "
                    f"{engine.MAX_QUERY_TERMS} words, or the answer is a 400. Inflected "
                    "Norwegian forms, parts of compounds, aa/ae/o for å/æ/ø and the editors' "
                    "synonyms are found; quotes and operators are only separators."
                ),
            },
            "type": {"enum": list(engine.RESULT_TYPES)},
            "exact": {
                "enum": sorted(EXACT_VALUES),
                "description": "`true`: search for the words as typed, without correcting "
                "their spelling.",
            },
        }
        suggestion = obj(
            {
                "type": {
                    "enum": ["title", "term"],
                    "description": "`title`: the title of a result; `term`: a word to search for.",
                },
                "text": {"type": "string"},
                "result_type": {"enum": [*engine.RESULT_TYPES, None]},
                "url": {"type": ["string", "null"]},
            },
        )
        suggestions = obj(
            {
                "query": {"type": "string"},
                "items": {
                    "type": "array",
                    "items": suggestion,
                    "maxItems": suggest.MAX_SUGGESTIONS,
                },
            },
        )
        return {
            f"/api/v2/{prefix}/": {
                "get": {
                    "summary": "Search pages, schemes, programmes, people and documents",
                    "operationId": "search",
                    "description": (
                        "Promoted results first, then the best matches. Counts per type are "
                        "of every match, whatever `type` selects; each search ranks at most "
                        f"the {engine.MAX_CANDIDATES} best full-text matches, and says so in "
                        "`total_count_is_lower_bound`."
                    ),
                    "parameters": query_parameters(
                        cls.known_query_parameters, cls.repeatable_parameters, parameters
                    ),
                    "responses": {"200": json_response(results), **ERRORS},
                }
            },
            f"/api/v2/{prefix}/suggest/": {
                "get": {
                    "summary": "Suggest titles and words for what has been typed so far",
                    "description": (
                        f"Up to {suggest.MAX_SUGGESTIONS} titles and words that begin with "
                        "the last word typed (and contain the words before it), whatever the "
                        "case and accents: `bredb` suggests Bredbånd. Fewer than "
                        f"{suggest.MIN_PREFIX_LENGTH} letters suggest nothing."
                    ),
                    "parameters": query_parameters(
                        cls.suggest_query_parameters,
                        (),
                        {"q": {"type": "string", "maxLength": engine.MAX_QUERY_LENGTH}},
                    ),
                    "responses": {"200": json_response(suggestions), **ERRORS},
                }
            },
        }

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("suggest/", cls.as_view({"get": "suggest_view"}), name="suggest"),
        ]

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
                _("unknown type: %(types)s; choose from %(choices)s")
                % {"types": ", ".join(unknown), "choices": ", ".join(engine.RESULT_TYPES)}
            )
        return types

    def parse_query(self):
        try:
            return engine.parse(self.request.GET.get("q", ""))
        except engine.QueryError as error:
            raise BadRequestError(str(error)) from error

    def listing_view(self, request):
        self.check_query_parameters_known()
        query = self.parse_query()
        exact = request.GET.get("exact", "false")
        if exact not in EXACT_VALUES:
            raise BadRequestError(_("exact must be 'true' or 'false'"))
        types = self.requested_types()
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20
        offset = parse_count(request.GET.get("offset", "0"), "offset", MAX_ID)
        limit = parse_count(request.GET.get("limit", str(min(20, limit_max))), "limit", limit_max)

        outcome = engine.run(query, self.public_pages(), exact=EXACT_VALUES[exact])
        hits = outcome.hits
        if offset == 0:
            querylog.log_search(query.normalised, found=bool(hits))
        counts = Counter(hit.type for hit in hits)
        selected = [hit for hit in hits if hit.type in types]
        engine.open_first(selected, offset, offset + limit)
        window = engine.freshen(engine.fill(selected[offset : offset + limit]))
        return Response(
            {
                "meta": {
                    "total_count": len(selected),
                    "counts": {kind: counts[kind] for kind in engine.RESULT_TYPES},
                    "total_count_is_lower_bound": outcome.capped,
                    "query": query.normalised,
                    "corrected_query": outcome.corrected or None,
                    "suggestions": outcome.suggestions,
                    "synonyms": [
                        {"query": typed, "synonyms": others} for typed, others in outcome.synonyms
                    ],
                },
                "items": [self.item(hit) for hit in window],
            }
        )

    def suggest_view(self, request):
        self.check_query_parameters_known(self.suggest_query_parameters)
        query = self.parse_query()
        return Response(
            {
                "query": query.text,
                "items": [
                    {
                        "type": item.type,
                        "text": item.text,
                        "result_type": item.result_type,
                        "url": item.url,
                    }
                    for item in suggest.suggestions(query.text)
                ],
            }
        )

    def check_query_parameters_known(self, known=None):
        known = self.known_query_parameters if known is None else known
        unknown = set(self.request.GET) - known
        if unknown:
            raise BadRequestError(
                _("query parameter is not an operation or a recognised field: %(names)s")
                % {"names": ", ".join(sorted(unknown))}
            )

    def item(self, hit):
        data = {
            "type": hit.type,
            "id": hit.id,
            "title": hit.title,
            "url": hit.url,
            "snippet": engine.snippet(hit),
            "promoted": hit.promoted,
        }
        if hit.type in engine.PAGE_TYPES:
            data["detail_url"] = api_url(f"/api/v2/pages/{hit.id}/")
        data.update(hit.extra)
        return data
