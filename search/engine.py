"""Citizen search across pages, people and documents, as one ranked list."""

import html
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.search.backends import get_search_backend

from home.blocks import frontend_url
from people.models import Person
from schemes.models import ProgrammePage, SchemePage

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 32
# Each kind of result is read up to this many hits; counts above it are reported as at least it.
MAX_HITS_PER_KIND = 500
SNIPPET_LENGTH = 200

RESULT_TYPES = ("page", "scheme", "programme", "person", "document")


class QueryError(ValueError):
    """A search text that cannot be searched; the message says why."""


def query_terms(text):
    """The words of a search text: quotes, operators and punctuation are only separators."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"q may be at most {MAX_QUERY_LENGTH} characters")
    terms = re.findall(r"\w+", text)
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError(f"q may contain at most {MAX_QUERY_TERMS} words")
    return terms


@dataclass
class Hit:
    type: str
    id: int
    title: str
    url: str | None
    text: str
    score: float = 0.0
    extra: dict = field(default_factory=dict)


def snippet(text, terms, length=SNIPPET_LENGTH):
    """An HTML-escaped excerpt around the first matching word, matches wrapped in <mark>."""
    text = " ".join(text.split())
    lowered = text.lower()
    start = 0
    for term in terms:
        position = lowered.find(term.lower())
        if position >= 0:
            start = max(0, position - length // 3)
            break
    excerpt = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    escaped = html.escape(excerpt)
    if terms:
        pattern = re.compile(
            r"(\w*(?:" + "|".join(re.escape(html.escape(t)) for t in terms) + r")\w*)",
            re.IGNORECASE,
        )
        escaped = pattern.sub(r"<mark>\1</mark>", escaped)
    return prefix + escaped + suffix


def _scored(results):
    return list(results.annotate_score("_score")[:MAX_HITS_PER_KIND])


def search_pages(terms, pages):
    """Public pages matching the words, as hits; the text comes from the search description."""
    backend = get_search_backend()
    scheme_type = ContentType.objects.get_for_model(SchemePage).pk
    programme_type = ContentType.objects.get_for_model(ProgrammePage).pk
    kinds = {scheme_type: "scheme", programme_type: "programme"}
    # The search backend filters only on indexed columns, so it gets the visible pages' ids.
    candidates = pages.model.objects.filter(pk__in=pages.values("pk"))
    hits = []
    for page in _scored(backend.search(" ".join(terms), candidates, operator="or")):
        hits.append(
            Hit(
                type=kinds.get(page.content_type_id, "page"),
                id=page.pk,
                title=page.title,
                url=frontend_url(page),
                text=page.search_description,
                score=page._score or 0.0,
            )
        )
    return hits


def search_people(terms):
    backend = get_search_backend()
    return [
        Hit(
            type="person",
            id=person.pk,
            title=person.name,
            url=None,
            text=" – ".join(
                part for part in (person.job_title, person.area_of_responsibility) if part
            ),
            score=person._score or 0.0,
            extra={"email": person.email, "phone": person.phone},
        )
        for person in _scored(backend.search(" ".join(terms), Person.objects.all(), operator="or"))
    ]


def public_documents():
    restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    documents = get_document_model().objects.all()
    for path in restricted:
        documents = documents.exclude(
            collection__in=Collection.objects.filter(path__startswith=path)
        )
    return documents


def search_documents(terms):
    backend = get_search_backend()
    return [
        Hit(
            type="document",
            id=document.pk,
            title=document.title,
            url=document.url,
            text=document.title,
            score=document._score or 0.0,
        )
        for document in _scored(backend.search(" ".join(terms), public_documents(), operator="or"))
    ]


def search(terms, pages, types=RESULT_TYPES):
    """Hits of every requested type, best first."""
    if not terms:
        return []
    hits = []
    if {"page", "scheme", "programme"} & set(types):
        hits += [hit for hit in search_pages(terms, pages) if hit.type in types]
    if "person" in types:
        hits += search_people(terms)
    if "document" in types:
        hits += search_documents(terms)
    hits.sort(key=lambda hit: -hit.score)
    return hits
