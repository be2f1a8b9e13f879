"""``/sok/``: the citizens' search page, rendered on the server so it works without JavaScript."""

from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.models import Site

from base.publication import frontend_url, public_pages, subtree
from schemes.models import deadline_label

from . import engine, querylog

RESULTS_PER_PAGE = 10
MAX_ENTRY_POINTS = 6

# The label of each kind of result, and its plural for the filter.
TYPE_LABELS = {
    "page": gettext_lazy("Page"),
    "scheme": gettext_lazy("Scheme"),
    "programme": gettext_lazy("Programme"),
    "person": gettext_lazy("Person"),
    "document": gettext_lazy("Document"),
    "link": gettext_lazy("Link"),
}
TYPE_PLURALS = {
    "page": gettext_lazy("Pages"),
    "scheme": gettext_lazy("Schemes"),
    "programme": gettext_lazy("Programmes"),
    "person": gettext_lazy("People"),
    "document": gettext_lazy("Documents"),
    "link": gettext_lazy("Links"),
}


def site_pages(request):
    """The public pages of the site the request is for, and the site's root page."""
    site = Site.find_for_request(request)
    if site is None:
        return public_pages(), None
    return subtree(public_pages(), site.root_page), site.root_page


def _url(**parameters):
    return "?" + urlencode({key: value for key, value in parameters.items() if value})


def _entry_points(pages, root):
    """Main sections of the site, offered when a search finds nothing."""
    if root is None:
        return []
    return [
        {"title": page.title, "url": frontend_url(page)}
        for page in pages.child_of(root).order_by("path")[:MAX_ENTRY_POINTS]
    ]


class ResultPaginator(Paginator):
    """Pages of search results, where open schemes come first among equal matches."""

    def _get_page(self, object_list, number, paginator):
        # Reordered before the page's own list is cut, since an open scheme may move onto this
        # page from the next one; the page keeps the states read ({page id: (status, deadline)}).
        start = (number - 1) * self.per_page
        stop = start + len(object_list)
        states = engine.open_first(self.object_list, start, stop)
        page = super()._get_page(self.object_list[start:stop], number, paginator)
        page.states = states
        return page


@require_safe
def search_page(request):
    text = request.GET.get("q", "")
    # "exact" searches for the words as typed, without correcting their spelling.
    exact = "1" if request.GET.get("exact") == "1" else ""
    kind = request.GET.get("type", "")
    if kind not in engine.RESULT_TYPES:
        kind = ""
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "home_url": settings.FRONTEND_BASE_URL + "/",
        "max_length": engine.MAX_QUERY_LENGTH,
        "query_text": text[: engine.MAX_QUERY_LENGTH],
        "type": kind,
        "searched": False,
    }
    try:
        query = engine.parse(text)
    except engine.QueryError:
        context["query_text"] = ""
        context["error"] = _(
            "The search is too long. Use at most %(characters)d characters and %(words)d words."
        ) % {"characters": engine.MAX_QUERY_LENGTH, "words": engine.MAX_QUERY_TERMS}
        return render(request, "search/search.html", context, status=400)
    if not text.strip():
        return render(request, "search/search.html", context)

    pages, root = site_pages(request)
    outcome = engine.run(query, pages, exact=bool(exact))
    hits = outcome.hits
    counts = Counter(hit.type for hit in hits)
    selected = [hit for hit in hits if not kind or hit.type == kind]
    requested_page = request.GET.get("page", "")
    page = ResultPaginator(selected, RESULTS_PER_PAGE).get_page(requested_page)
    states = page.states
    # Paging on, or a filter by type, is not a new search.
    if requested_page in ("", "1") and not kind:
        querylog.log_search(query.normalised, found=bool(hits))

    engine.freshen(engine.fill(page.object_list))
    for hit in page.object_list:
        hit.label = TYPE_LABELS[hit.type]
        hit.snippet = engine.snippet(hit)
        _status, deadline = (
            states.get(hit.id, (None, None)) if hit.type == "scheme" else (None, None)
        )
        hit.deadline = deadline_label(deadline) if deadline else ""
    filters = [
        {
            "label": _("All"),
            "count": len(hits),
            "url": _url(q=text, exact=exact),
            "current": not kind,
        }
    ] + [
        {
            "label": TYPE_PLURALS[name],
            "count": counts[name],
            "url": _url(q=text, type=name, exact=exact),
            "current": kind == name,
        }
        for name in engine.RESULT_TYPES
        if counts[name]
    ]
    context.update(
        {
            "searched": True,
            "hits": hits,
            # More pages match than were ranked: the count is a lower bound.
            "capped": outcome.capped,
            "page": page,
            "total": len(selected),
            "filters": filters if hits else [],
            "type_label": TYPE_PLURALS.get(kind, ""),
            "all_url": _url(q=text, exact=exact),
            "page_urls": {
                "previous": _url(q=text, type=kind, exact=exact, page=page.previous_page_number())
                if page.has_previous()
                else None,
                "next": _url(q=text, type=kind, exact=exact, page=page.next_page_number())
                if page.has_next()
                else None,
                # Page numbers, with None in place of the link for the gaps ("…").
                "numbers": [
                    (
                        number,
                        _url(q=text, type=kind, exact=exact, page=number)
                        if number != gap
                        else None,
                    )
                    for number in page.paginator.get_elided_page_range(
                        page.number, on_each_side=2, on_ends=1
                    )
                    for gap in [page.paginator.ELLIPSIS]
                ],
            },
        }
    )
    if outcome.corrected:
        context["corrected"] = outcome.corrected
        context["exact_url"] = _url(q=text, type=kind, exact="1")
    context["synonyms"] = outcome.synonyms
    context["suggestions"] = [
        {"text": suggestion, "url": _url(q=suggestion)} for suggestion in outcome.suggestions
    ]
    if not hits:
        context["entry_points"] = _entry_points(pages, root)
    return render(request, "search/search.html", context)
