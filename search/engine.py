"""Citizen search across pages, people and documents, as one ranked list.

A query is at most ``MAX_QUERY_LENGTH`` characters and ``MAX_QUERY_TERMS`` words; longer ones
are refused with a message, not cut. Quotes, operators and punctuation are only separators:
nothing a citizen types reaches a database as syntax. Promoted results (Wagtail's search
promotions) come first, then the ranked matches (``search.ranking``). A word found nowhere, or
only loosely, is also sought as the index's words spelt nearly like it (``search.vocabulary``),
and the outcome says so; a search that finds nothing offers other spellings that find something.
"""

import html
import json
from collections import namedtuple
from dataclasses import dataclass, field, replace
from itertools import groupby

from django.core.cache import cache
from django.db.models import BooleanField, Case, Exists, OuterRef, Subquery, Value, When
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page

from base.publication import absolute_addresses, frontend_url, public_pages
from headless import documents
from headless.media import public_media
from schemes.models import OPEN_STATUSES, current_states

from . import backends, norwegian, vocabulary
from .choices import EntryKind
from .index import page_entry_values
from .models import SearchEntry, Synonym, split_terms
from .ranking import Concept, Ranker, collection_paused, sought_stems

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 32
# The database's best this many full-text matches are ranked; counts above it say "at least".
MAX_CANDIDATES = 300
SNIPPET_LENGTH = 200

RESULT_TYPES = ("page", "scheme", "programme", "person", "document", "link")
PAGE_TYPES = frozenset(["page", "scheme", "programme"])
FINDER_TYPES = frozenset(["scheme", "programme"])
# Scores this close are an equal match, whatever floating point made of the sums.
SCORE_PRECISION = 9

# Named for the shape of what is cached, so that a server with an older cache reads afresh.
SYNONYMS_CACHE_KEY = "search:synonym-rules"
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


def _phrases(text):
    """{stems of a phrase: the phrase as written} of a synonym's lines."""
    phrases = {}
    for term in split_terms(text):
        stems = tuple(norwegian.stems(term))
        if stems:
            phrases.setdefault(stems, term)
    return phrases


def synonym_groups():
    """The editors' synonyms as rules (phrase sought, alternatives, what the others are called).

    Words of a group find each other; a one-way word finds the group, but not the other way
    round ("broadband" finds bredbånd, a search for bredbånd does not look for "broadband").
    Cached until a synonym changes.
    """
    rules = cache.get(SYNONYMS_CACHE_KEY)
    if rules is None:
        rules = []
        for synonym in Synonym.objects.all():
            terms = _phrases(synonym.terms)
            one_way = {
                stems: term
                for stems, term in _phrases(synonym.one_way_terms).items()
                if stems not in terms
            }
            targets = sorted(terms)
            if len(terms) > 1:
                for phrase in targets:
                    labels = tuple(terms[other] for other in targets if other != phrase)
                    rules.append((phrase, tuple(targets), labels))
            for phrase in sorted(one_way):
                labels = tuple(terms[other] for other in targets)
                rules.append((phrase, (phrase, *targets), labels))
        cache.set(SYNONYMS_CACHE_KEY, rules, None)
    return rules


def _single_stems(concept):
    return {phrase[0] for phrase in concept.alternatives if len(phrase) == 1}


def apply_synonyms(concepts, rules):
    """Join the words that make up a synonym into one concept with every synonym as alternative.

    Longer phrases are tried first, so "bedriftsintern opplæring" is one concept, not two.
    """
    rules = sorted(rules, key=lambda rule: -len(rule[0]))
    result = []
    position = 0
    while position < len(concepts):
        for phrase, group, labels in rules:
            window = concepts[position : position + len(phrase)]
            if len(window) == len(phrase) and all(
                stem in _single_stems(concept) for stem, concept in zip(phrase, window, strict=True)
            ):
                own = window[0].alternatives if len(window) == 1 else (phrase,)
                alternatives = tuple(dict.fromkeys([*own, *group]))
                text = " ".join(c.text for c in window)
                result.append(Concept(text, alternatives, synonyms=labels))
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
    """One result. A ranked hit carries what ranking and counting need; what is shown of it
    (address, summary, body text, details) is read by ``fill`` for the hits on the page shown."""

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
    # A page whose entry may name a page hidden since it was indexed (see ``freshen``).
    withheld: bool = False
    # The index entry whose shown fields ``fill`` reads; None once they are read.
    entry_id: int | None = None
    # Ranked hits that match equally share a number (see ``open_first``); None if promoted.
    tie: int | None = None


# What ranking reads of each candidate: the stems, and the title and id that break ties.
RANKING_FIELDS = (
    "pk",
    "result_type",
    "object_id",
    "title",
    "title_stems",
    "summary_stems",
    "keywords_stems",
    "body_stems",
)
# With whether the entry is a page's whose document is withheld (see ``freshen``).
Candidate = namedtuple("Candidate", (*RANKING_FIELDS, "kind", "withheld"))
# The kinds of entries an anonymous reader may see, pages and documents when they are public.
# Named one by one: a kind added later stays hidden until it is added here.
VISIBLE_KINDS = frozenset((EntryKind.PAGE, EntryKind.PERSON, EntryKind.DOCUMENT))
# What a result shows, read only for the results on the page shown.
SHOWN_FIELDS = ("pk", "url", "summary", "body", "details")


def public_documents(pages=None):
    """Documents an anonymous reader may see (see headless.media).

    Subqueries rather than lists of ids, so that a search reads them in the same statement as
    the index.
    """
    return public_media(get_document_model().objects.all(), pages)


def visible_entries(pages=None, documents=True):
    """Index entries an anonymous reader may see: public pages, people, public documents.

    Correlated subqueries, so that a database looks up only the entries it is asked for. One
    condition by kind (a CASE rather than an OR of ``kind = …`` terms): an OR of indexed
    equalities lets SQLite read every entry of a kind through the index on (kind, object_id)
    and only then keep those asked for, a cost that grows with the site.

    ``documents=False`` keeps every document's entry, for the caller to check when there are
    any (as ``_visible_candidates`` checks its candidates' documents): building the documents'
    condition costs a search more than the rest of the statement, and it matters only when
    documents match.
    """
    pages = public_pages() if pages is None else pages
    return SearchEntry.objects.filter(
        Case(
            When(kind=EntryKind.PAGE, then=Exists(pages.filter(pk=OuterRef("object_id")))),
            When(kind=EntryKind.PERSON, then=Value(True)),
            When(
                kind=EntryKind.DOCUMENT,
                then=Exists(public_documents(pages).filter(pk=OuterRef("object_id")))
                if documents
                else Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _visible_candidates(ids, pages):
    """The candidates of ``ids`` that an anonymous reader may see, with what ranking reads.

    Each candidate's page is looked up by its id in the same statement, one probe per
    candidate, and the entries of pages that are not visible are left out here. As a condition
    (``visible_entries``), PostgreSQL would answer it by hashing every public page of the site
    first, a cost that grows with the site.
    """
    pages = public_pages() if pages is None else pages
    visible_page = Subquery(pages.filter(pk=OuterRef("object_id")).order_by().values("pk")[:1])
    entries = [
        Candidate(*row)
        for *row, page in with_withheld(SearchEntry.objects.filter(pk__in=ids))
        .annotate(visible_page=visible_page)
        .values_list(*RANKING_FIELDS, "kind", "withheld", "visible_page")
        if (kind := row[-2]) in VISIBLE_KINDS and (kind != EntryKind.PAGE or page is not None)
    ]
    documents = [entry.object_id for entry in entries if entry.kind == EntryKind.DOCUMENT]
    if not documents:
        return entries
    public = set(public_documents(pages).filter(pk__in=documents).values_list("pk", flat=True))
    return [
        entry for entry in entries if entry.kind != EntryKind.DOCUMENT or entry.object_id in public
    ]


def _terms(concepts):
    terms = backends.TermSet()
    for stem in sought_stems(concepts):
        terms.add_stem(stem)
    return terms


def _show(hit, url, summary, body, details):
    # Stored as marked paths (see base.publication.address); made absolute when answering.
    hit.url = absolute_addresses(url) or None
    hit.text = summary
    hit.body = body
    hit.extra = dict(details)
    hit.entry_id = None


def fill(hits):
    """Read what the given hits show (address, summary, body, details), in one query.

    Ranking reads only the stems of its candidates; the texts are read for the few results a
    page shows, not for every match.
    """
    pending = {hit.entry_id: hit for hit in hits if hit.entry_id is not None}
    if not pending:
        return hits
    for pk, *shown in SearchEntry.objects.filter(pk__in=pending).values_list(*SHOWN_FIELDS):
        _show(pending.pop(pk), *shown)
    for hit in pending.values():
        # Removed from the index since it was ranked: shown by its title alone.
        _show(hit, "", "", "", {})
    return hits


def _ranked_hit(candidate, score, highlighted, closeness):
    return Hit(
        type=candidate.result_type,
        id=candidate.object_id,
        title=candidate.title,
        url=None,
        text="",
        score=score,
        highlighted=frozenset(highlighted),
        closeness=closeness,
        entry_id=candidate.pk,
        withheld=candidate.kind == EntryKind.PAGE and candidate.withheld,
    )


def _hit(entry, score, highlighted, closeness=1.0):
    return Hit(
        type=entry.result_type,
        id=entry.object_id,
        title=entry.title,
        # Stored as marked paths (see base.publication.address); made absolute when answering.
        url=absolute_addresses(entry.url) or None,
        text=entry.summary,
        score=score,
        extra=dict(entry.details),
        body=entry.body,
        highlighted=frozenset(highlighted),
        closeness=closeness,
        withheld=entry.kind == EntryKind.PAGE and getattr(entry, "withheld", False),
    )


def with_withheld(entries):
    """Index entries, each knowing whether its page's document is withheld (read in the same
    query): it may name a page hidden since it was indexed, and waits for the worker."""
    return entries.annotate(withheld=documents.withheld(OuterRef("object_id")))


def freshen(hits):
    """Show the page hits among ``hits`` whose documents are withheld as the pages are now,
    from documents built afresh (together, in queries that do not grow with their number).

    For the hits a reader is shown only: the index of those pages still holds what they
    showed before, which the worker replaces as it rebuilds their documents.
    """
    stale = {hit.id: hit for hit in hits if hit.withheld}
    if not stale:
        return hits
    texts = documents.build_unstored(list(stale))
    for page_id, hit in stale.items():
        values = (
            page_entry_values(json.loads(texts[page_id]))
            if page_id in texts
            else {"title": hit.title, "url": "", "summary": "", "body": ""}
        )
        hit.title = values["title"]
        hit.url = absolute_addresses(values["url"]) or None
        hit.body = values["body"]
        if not (hit.promoted and hit.text):
            hit.text = values["summary"]
        hit.withheld = False
    return hits


def _ranked(concepts, pages=None):
    """(every match, best first, equal ones as ``open_first`` leaves them; how closely each
    concept was found as typed; whether there were more full-text matches than
    ``MAX_CANDIDATES``, of which only the best were ranked)."""
    terms = _terms(concepts)
    if not terms:
        return [], [0.0] * len(concepts), False
    ids, total_entries, capped = backends.candidates(terms, MAX_CANDIDATES, sought_stems(concepts))
    if not ids:
        return [], [0.0] * len(concepts), False
    with collection_paused():
        ranker = Ranker(concepts, _visible_candidates(ids, pages), total_entries)
        hits = [
            _ranked_hit(entry, score, tokens, closeness)
            for score, entry, tokens, closeness in ranker.rank()
        ]
        closeness = ranker.concept_closeness
        # Freed before the collector runs again, so that it never looks at them.
        del ranker
    return _tied(hits), closeness, capped


def ranked_hits(query, pages=None):
    """Every match of the query, best first (promoted results not included)."""
    hits = _ranked(query.concepts, pages)[0]
    open_first(hits)
    return hits


def _tied(hits):
    """Mark runs of ranked hits that match equally: the same score, neighbours in the ranker's
    order (words as typed, then score), numbered in that order."""
    for number, (_score, equal) in enumerate(
        groupby(hits, key=lambda hit: round(hit.score, SCORE_PRECISION))
    ):
        for hit in equal:
            hit.tie = number
    return hits


def open_first(hits, start=0, stop=None):
    """Of results that match equally, a scheme open for applications now comes first.

    Reorders ``hits`` in place where it shows: only the runs of equal matches that reach into
    ``hits[start:stop]`` (which ``open_first(hits)`` makes the whole list), since reordering
    within a run never moves a hit out of it. Only their order changes, so an exact hit still
    comes before a fuzzy one. The status is read as the clock has it now, not from the index,
    which may be older than a deadline. ``hits`` may be any selection of a search's hits
    (promoted ones are left where they are).

    Returns {page id: (status, next deadline)} of the schemes and programmes read, which covers
    every one in ``hits[start:stop]``.
    """
    stop = len(hits) if stop is None else min(stop, len(hits))
    if start >= stop:
        return {}
    first, last = start, stop
    tie = hits[start].tie
    while tie is not None and first > 0 and hits[first - 1].tie == tie:
        first -= 1
    tie = hits[stop - 1].tie
    while tie is not None and last < len(hits) and hits[last].tie == tie:
        last += 1
    states = current_states([hit.id for hit in hits[first:last] if hit.type in FINDER_TYPES])
    if not states:
        return states

    def closed(hit):
        state = states.get(hit.id) if hit.type in FINDER_TYPES else None
        return state is not None and state[0] not in OPEN_STATUSES

    ordered = []
    for tie, equal in groupby(hits[first:last], key=lambda hit: hit.tie):
        # A stable sort: within equal matches the ranker's order (by title) stays.
        equal = list(equal)
        ordered.extend(equal if tie is None else sorted(equal, key=closed))
    hits[first:last] = ordered
    return states


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
        for entry in with_withheld(
            SearchEntry.objects.filter(kind=EntryKind.PAGE, object_id__in=visible)
        )
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


# A word found nowhere at least this closely is taken for a misspelling.
WEAK_CLOSENESS = 0.6
# How many words spelt nearly alike stand in for one misspelt word, and how many other
# searches an empty result offers.
MAX_CORRECTIONS = 3
MAX_SUGGESTIONS = 3


@dataclass
class Outcome:
    """What a search found, and what the reader is told about how it was searched."""

    query: ParsedQuery
    hits: list
    # The results are for this text, with misspelt words corrected ("Viser treff for …").
    corrected: str = ""
    # Searches that find something, offered when this one found nothing.
    suggestions: list = field(default_factory=list)
    # More full-text matches than were ranked: the hits are the best of them, not all.
    capped: bool = False

    @property
    def synonyms(self):
        """(words as typed, the editors' synonyms also searched for) of each such concept."""
        return [
            (concept.text, list(concept.synonyms))
            for concept in self.query.concepts
            if concept.synonyms
        ]


def _correctable(concept):
    """A single word as typed, not an editor's synonym: the words a misspelling may be in."""
    return (
        not concept.synonyms
        and len(concept.alternatives) == 1
        and len(concept.alternatives[0]) == 1
        and bool(norwegian.WORD.fullmatch(concept.text))
    )


def _replace_words(text, replacements):
    """The text with whole words replaced, keeping everything else as typed."""
    pieces = []
    position = 0
    for match in norwegian.WORD.finditer(text):
        pieces.append(text[position : match.start()])
        pieces.append(replacements.get(match.group(), match.group()))
        position = match.end()
    pieces.append(text[position:])
    return " ".join("".join(pieces).split())


def _correct(query, closeness, pages):
    """(hits, corrected text) with misspelt words also sought as the index spells them."""
    corrections = {}
    concepts = list(query.concepts)
    for index, concept in enumerate(concepts):
        if closeness[index] >= WEAK_CLOSENESS or not _correctable(concept):
            continue
        words = vocabulary.corrections(concept.text, limit=MAX_CORRECTIONS)
        if not words:
            continue
        concepts[index] = replace(
            concept,
            corrections=tuple(dict.fromkeys((norwegian.stem(word.word),) for word in words)),
        )
        corrections[concept.text] = words[0].display
    if not corrections:
        return None, ""
    hits, _closeness, capped = _ranked(concepts, pages)
    if not hits:
        return None, ""
    return (hits, capped), _replace_words(query.text, corrections)


def _suggestions(query, pages):
    """Other spellings of a search that found nothing, each of which finds something."""
    texts = []
    for concept in query.concepts:
        if not _correctable(concept):
            continue
        distance = vocabulary.max_distance(norwegian.fold(concept.text)) + 1
        for word in vocabulary.corrections(concept.text, limit=MAX_SUGGESTIONS, distance=distance):
            text = _replace_words(query.text, {concept.text: word.display})
            if text not in texts and _ranked(parse(text).concepts, pages)[0]:
                texts.append(text)
    return texts[:MAX_SUGGESTIONS]


def run(query, pages=None, exact=False):
    """Promoted results, then every ranked match not already promoted; misspelt words are
    corrected unless ``exact``. Equal matches are in the ranker's order until ``open_first``
    puts open schemes first among them, for the hits shown."""
    if isinstance(query, str):
        query = parse(query)
    if not query.concepts:
        return Outcome(query, [])
    promoted = promoted_hits(query, pages)
    ranked, closeness, capped = _ranked(query.concepts, pages)
    corrected = ""
    if not exact and min(closeness) < WEAK_CLOSENESS:
        correction, corrected = _correct(query, closeness, pages)
        if correction:
            ranked, capped = correction
    seen = {(hit.type in PAGE_TYPES, hit.id) for hit in promoted if hit.id}
    hits = promoted + [hit for hit in ranked if (hit.type in PAGE_TYPES, hit.id) not in seen]
    outcome = Outcome(query, hits, corrected=corrected, capped=capped)
    if not hits and not exact:
        outcome.suggestions = _suggestions(query, pages)
    return outcome


def search(query, pages=None, exact=False):
    """Promoted results, then every ranked match not already promoted, with what each shows."""
    hits = run(query, pages, exact).hits
    open_first(hits)
    return fill(hits)


def _marks(text, highlighted):
    """(start, end) of each word or hyphenated word of ``text`` to mark, in order."""
    for match in norwegian.WORD_GROUP.finditer(text):
        group = match.group()
        if "-" not in group:
            if norwegian.analyse_word(group) in highlighted:
                yield match.span()
            continue
        joined = norwegian.analyse_word(group.replace("-", ""))
        if joined and joined in highlighted:
            yield match.span()
            continue
        offset = match.start()
        for word in norwegian.WORD.finditer(group):
            if norwegian.analyse_word(word.group()) in highlighted:
                yield offset + word.start(), offset + word.end()


def highlight(text, highlighted):
    """HTML-escaped text with the words that matched in <mark>."""
    if not highlighted:
        return html.escape(text)
    pieces = []
    position = 0
    for start, end in _marks(text, highlighted):
        pieces.append(html.escape(text[position:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
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
    fill([hit])
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
