"""Citizen search across pages, people and documents, as one ranked list.

A query is at most ``MAX_QUERY_LENGTH`` characters and ``MAX_QUERY_TERMS`` words; longer ones
are refused with a message, not cut. Quotes, operators and punctuation are only separators:
nothing a citizen types reaches a database as syntax. Promoted results (Wagtail's search
promotions) come first, then the ranked matches (``search.ranking``).
"""

import difflib
import html
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page

from home.blocks import absolute_addresses, frontend_url, public_pages
from home.media import public_media

from . import backends, norwegian
from .choices import EntryKind
from .models import SearchEntry, Synonym, split_terms
from .ranking import Concept, Ranker

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 32
# The database's best this many full-text matches are ranked; counts above it say "at least".
MAX_CANDIDATES = 300
SNIPPET_LENGTH = 200

RESULT_TYPES = ("page", "scheme", "programme", "person", "document", "link")
PAGE_TYPES = frozenset(["page", "scheme", "programme"])

SYNONYMS_CACHE_KEY = "search:synonyms"
PROMOTIONS_CACHE_KEY = "search:promotions"


class QueryError(ValueError):
    """A search text that cannot be searched; the message says why."""


@dataclass
class ParsedQuery:
    """A query as typed, its words, and the concepts that ranking looks for."""

    text: str
    words: list
    concepts: list

    @property
    def normalised(self):
        """The words in lower case, one space apart: how the query log and promotions key it."""
        return " ".join(self.words).lower()

    @property
    def key(self):
        """The stems of the query, for matching promotions whatever the inflection."""
        return " ".join(stem for concept in self.concepts for stem in concept.alternatives[0])


def query_terms(text):
    """The words of a search text: quotes, operators and punctuation are only separators."""
    if "\x00" in text:
        raise QueryError(_("%(name)s: null characters are not allowed") % {"name": "q"})
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("%(name)s may be at most %(length)d characters")
            % {"name": "q", "length": MAX_QUERY_LENGTH}
        )
    terms = norwegian.WORD.findall(text)
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError(
            _("%(name)s may contain at most %(count)d words")
            % {"name": "q", "count": MAX_QUERY_TERMS}
        )
    return terms


def _word_concepts(text):
    concepts = []
    for group in norwegian.WORD_GROUP.findall(text):
        parts = [stem for stem in map(norwegian.analyse_word, group.split("-")) if stem]
        alternatives = [tuple(parts)] if parts else []
        if "-" in group and (joined := norwegian.analyse_word(group.replace("-", ""))):
            alternatives.append((joined,))
        if alternatives:
            concepts.append(Concept(group, tuple(alternatives)))
    return concepts


def synonym_groups():
    """The editors' synonyms as groups of phrases of stems; cached until one changes."""
    groups = cache.get(SYNONYMS_CACHE_KEY)
    if groups is None:
        groups = []
        for synonym in Synonym.objects.all():
            phrases = {tuple(norwegian.stems(term)) for term in split_terms(synonym.terms)}
            phrases.discard(())
            if len(phrases) > 1:
                groups.append(sorted(phrases))
        cache.set(SYNONYMS_CACHE_KEY, groups, None)
    return groups


def _single_stems(concept):
    return {phrase[0] for phrase in concept.alternatives if len(phrase) == 1}


def apply_synonyms(concepts, groups):
    """Join the words that make up a synonym into one concept with every synonym as alternative.

    Longer phrases are tried first, so "bedriftsintern opplæring" is one concept, not two.
    """
    phrases = sorted(
        ((phrase, group) for group in groups for phrase in group),
        key=lambda item: -len(item[0]),
    )
    result = []
    position = 0
    while position < len(concepts):
        for phrase, group in phrases:
            window = concepts[position : position + len(phrase)]
            if len(window) == len(phrase) and all(
                stem in _single_stems(concept) for stem, concept in zip(phrase, window, strict=True)
            ):
                own = window[0].alternatives if len(window) == 1 else (phrase,)
                alternatives = tuple(dict.fromkeys([*own, *group]))
                result.append(Concept(" ".join(c.text for c in window), alternatives))
                position += len(phrase)
                break
        else:
            result.append(concepts[position])
            position += 1
    return result


def parse(text, groups=None):
    """The concepts of a search text; raises QueryError for one that is too long."""
    words = query_terms(text)
    concepts = _word_concepts(text)
    if concepts:
        concepts = apply_synonyms(concepts, synonym_groups() if groups is None else groups)
    return ParsedQuery(text=text, words=words, concepts=concepts)


@dataclass
class Hit:
    type: str
    id: int | None
    title: str
    url: str | None
    text: str
    score: float = 0.0
    extra: dict = field(default_factory=dict)
    body: str = ""
    highlighted: frozenset = frozenset()
    promoted: bool = False
    closeness: float = 1.0


def public_documents():
    """Documents an anonymous reader may see (see home.media).

    Subqueries rather than lists of ids, so that a search reads them in the same statement as
    the index.
    """
    return public_media(get_document_model().objects.all())


def visible_entries(pages=None):
    """Index entries an anonymous reader may see: public pages, people, public documents.

    Correlated subqueries, so that a database looks up only the entries it is asked for.
    """
    pages = public_pages() if pages is None else pages
    return SearchEntry.objects.filter(
        Q(Exists(pages.filter(pk=OuterRef("object_id"))), kind=EntryKind.PAGE)
        | Q(kind=EntryKind.PERSON)
        | Q(
            Exists(public_documents().filter(pk=OuterRef("object_id"))),
            kind=EntryKind.DOCUMENT,
        )
    )


def _terms(concepts):
    terms = backends.TermSet()
    for concept in concepts:
        for phrase in concept.alternatives:
            for stem in phrase:
                terms.add_stem(stem)
    return terms


def _hit(entry, score, highlighted, closeness=1.0):
    return Hit(
        type=entry.result_type,
        id=entry.object_id,
        title=entry.title,
        # Stored as marked paths (see home.blocks.address); made absolute when answering.
        url=absolute_addresses(entry.url) or None,
        text=entry.summary,
        score=score,
        extra=dict(entry.details),
        body=entry.body,
        highlighted=frozenset(highlighted),
        closeness=closeness,
    )


def ranked_hits(query, pages=None):
    """Every match of the query, best first (promoted results not included)."""
    terms = _terms(query.concepts)
    if not terms:
        return []
    ids, total_entries = backends.candidates(terms, MAX_CANDIDATES)
    if not ids:
        return []
    entries = list(
        visible_entries(pages)
        .filter(pk__in=ids)
        .defer("title_words", "summary_words", "keywords_words", "body_words")
    )
    ranker = Ranker(query.concepts, entries, total_entries)
    return [
        _hit(entry, score, tokens, closeness) for score, entry, tokens, closeness in ranker.rank()
    ]


def promotions():
    """Every promotion as (query key, sort order, page id, link, text, description), cached."""
    rows = cache.get(PROMOTIONS_CACHE_KEY)
    if rows is None:
        rows = [
            (
                parse(promotion.query.query_string, groups=[]).key,
                promotion.sort_order or 0,
                promotion.page_id,
                promotion.external_link_url,
                promotion.external_link_text or "",
                promotion.description,
            )
            for promotion in SearchPromotion.objects.select_related("query").order_by(
                "sort_order", "pk"
            )
        ]
        cache.set(PROMOTIONS_CACHE_KEY, rows, None)
    return rows


def promoted_hits(query, pages=None):
    """The promotions of a query, in the editors' order; pages only while they are public."""
    key = parse(query.text, groups=[]).key
    if not key:
        return []
    chosen = sorted((row for row in promotions() if row[0] == key), key=lambda row: row[1])
    if not chosen:
        return []
    pages = public_pages() if pages is None else pages
    page_ids = [row[2] for row in chosen if row[2]]
    visible = {
        page.pk: page
        for page in Page.objects.filter(pk__in=pages.filter(pk__in=page_ids).values("pk"))
        .select_related("content_type")
        .defer_streamfields()
    }
    entries = {
        entry.object_id: entry
        for entry in SearchEntry.objects.filter(kind=EntryKind.PAGE, object_id__in=visible)
    }
    hits = []
    for _key, _sort_order, page_id, link, link_text, description in chosen:
        if page_id:
            if page_id not in visible:
                continue
            entry = entries.get(page_id)
            page = visible[page_id]
            hit = (
                _hit(entry, 0.0, ())
                if entry
                else Hit(type="page", id=page.pk, title=page.title, url=frontend_url(page), text="")
            )
            if description:
                hit.text = description
        elif link:
            hit = Hit(type="link", id=None, title=link_text or link, url=link, text=description)
        else:
            continue
        hit.promoted = True
        hits.append(hit)
    return hits


def search(query, pages=None):
    """Promoted results, then every ranked match not already promoted."""
    if isinstance(query, str):
        query = parse(query)
    if not query.concepts:
        return []
    promoted = promoted_hits(query, pages)
    seen = {(hit.type in PAGE_TYPES, hit.id) for hit in promoted if hit.id}
    return promoted + [
        hit for hit in ranked_hits(query, pages) if (hit.type in PAGE_TYPES, hit.id) not in seen
    ]


# Spelling suggestions compare each word with the words of this many titles and summaries.
MAX_SUGGESTION_ENTRIES = 5000
SUGGESTION_CUTOFF = 0.75


# Below this closeness the best result matched only loosely, and a spelling is suggested.
WEAK_CLOSENESS = 0.6


def needs_suggestion(hits):
    """True when a search found nothing, or nothing that matched its words closely."""
    ranked = [hit for hit in hits if not hit.promoted]
    return not hits or bool(ranked) and ranked[0].closeness < WEAK_CLOSENESS


def suggestion(query, pages=None):
    """Another spelling of a search that found little, when that finds something better.

    Words are compared with the words of visible titles and summaries: "bredbnd" gives
    "bredbånd". Returns None when no word is close to one of them.
    """
    vocabulary = set()
    for title, summary in visible_entries(pages).values_list("title", "summary")[
        :MAX_SUGGESTION_ENTRIES
    ]:
        vocabulary.update(word.lower() for word in norwegian.WORD.findall(f"{title} {summary}"))
    corrected = []
    for word in query.words:
        lower = word.lower()
        close = []
        if lower not in vocabulary and not norwegian.is_stop_word(lower) and len(lower) > 3:
            close = difflib.get_close_matches(lower, vocabulary, n=1, cutoff=SUGGESTION_CUTOFF)
        corrected.append(close[0] if close else lower)
    text = " ".join(corrected)
    if text == query.normalised:
        return None
    hits = search(parse(text), pages)
    return text if hits and not needs_suggestion(hits) else None


def _marked(segment, highlighted):
    escaped = html.escape(segment)
    if not highlighted:
        return escaped
    stem = norwegian.analyse_word(segment)
    if stem in highlighted:
        return f"<mark>{escaped}</mark>"
    return escaped


def highlight(text, highlighted):
    """HTML-escaped text with the words that matched in <mark>."""
    pieces = []
    position = 0
    for match in norwegian.WORD_GROUP.finditer(text):
        pieces.append(html.escape(text[position : match.start()]))
        group = match.group()
        joined = norwegian.analyse_word(group.replace("-", "")) if "-" in group else None
        if joined and joined in highlighted:
            pieces.append(f"<mark>{html.escape(group)}</mark>")
        else:
            inner = 0
            for word in norwegian.WORD.finditer(group):
                pieces.append(html.escape(group[inner : word.start()]))
                pieces.append(_marked(word.group(), highlighted))
                inner = word.end()
            pieces.append(html.escape(group[inner:]))
        position = match.end()
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


def _first_match(text, highlighted):
    for match in norwegian.WORD.finditer(text):
        if norwegian.analyse_word(match.group()) in highlighted:
            return match.start()
    for match in norwegian.WORD_GROUP.finditer(text):
        group = match.group()
        if "-" in group and norwegian.analyse_word(group.replace("-", "")) in highlighted:
            return match.start()
    return None


def snippet(hit, length=SNIPPET_LENGTH):
    """An HTML-escaped excerpt around the first match, from the summary or else the body."""
    candidates = [" ".join(text.split()) for text in (hit.text, hit.body) if text]
    text, start = (candidates[0] if candidates else ""), 0
    for candidate in candidates:
        position = _first_match(candidate, hit.highlighted)
        if position is not None:
            text = candidate
            start = max(0, position - length // 3)
            if start:
                # Begin at a word, not inside one.
                space = text.rfind(" ", 0, start + 1)
                start = space + 1 if space >= 0 else 0
            break
    excerpt = text[start : start + length]
    end = start + len(excerpt)
    if end < len(text) and " " in excerpt:
        excerpt = excerpt[: excerpt.rfind(" ")]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + len(excerpt) < len(text) else ""
    return prefix + highlight(excerpt, hit.highlighted) + suffix


def invalidate_caches(**kwargs):
    cache.delete_many([SYNONYMS_CACHE_KEY, PROMOTIONS_CACHE_KEY])
