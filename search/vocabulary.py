"""The words of the search index: for forgiving misspellings and for suggestions as people type.

Every entry's words are kept in ``SearchTerm`` with a weight for where they stand. A word
sought that the index does not have ("kvenangen", "lavngen") is compared with these words by
edit distance (Damerau–Levenshtein, with transpositions): PostgreSQL narrows the comparison to
words that share trigrams (pg_trgm's index), SQLite to the whole vocabulary held in memory;
rapidfuzz then measures the distance on both, so both databases correct the same way.
"""

import threading
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import norwegian
from .models import SearchTerm

# Where a word stands, from the names citizens most often misspell down to body text.
NAME = 5
TITLE = 4
KEYWORD = 3
SUMMARY = 2
BODY = 1
# Shorter words are not corrected: too many are one letter from another word.
MIN_WORD_LENGTH = 4
MAX_WORD_LENGTH = 100
# PostgreSQL's trigram filter is loose, so that the edit distance decides, as on SQLite.
TRIGRAM_THRESHOLD = 0.2


def max_distance(word):
    """How many edits a correction of a word may be: one for short words, two for long ones."""
    return 1 if len(word) < 8 else 2


def entry_terms(fields):
    """[(folded word, word as written, weight)] of an entry's texts, each word once.

    ``fields`` pairs each text with its weight; a word keeps its best weight and the spelling
    where it has it.
    """
    terms = {}
    for text, weight in fields:
        for word in norwegian.WORD.findall(text):
            if any(char.isdigit() for char in word) or norwegian.is_stop_word(word):
                continue
            folded = norwegian.fold(word)
            if not MIN_WORD_LENGTH <= len(folded) <= MAX_WORD_LENGTH:
                continue
            if folded not in terms or terms[folded][1] < weight:
                terms[folded] = (word[:MAX_WORD_LENGTH], weight)
    return [(folded, display, weight) for folded, (display, weight) in terms.items()]


def store(entry, terms):
    """Replace an entry's words."""
    changed()
    SearchTerm.objects.filter(entry=entry).delete()
    SearchTerm.objects.bulk_create(
        SearchTerm(entry=entry, word=word, display=display, weight=weight)
        for word, display, weight in terms
    )


def store_many(terms_by_entry):
    """Replace the words of many entries, in two queries."""
    changed()
    SearchTerm.objects.filter(entry__in=list(terms_by_entry)).delete()
    SearchTerm.objects.bulk_create(
        SearchTerm(entry=entry, word=word, display=display, weight=weight)
        for entry, terms in terms_by_entry.items()
        for word, display, weight in terms
    )


@dataclass(frozen=True)
class Word:
    """A word of the vocabulary: how it is written, its best weight and how many entries have it."""

    word: str
    display: str
    weight: int
    entries: int


def _display(lowest, highest):
    # A word capitalised wherever it stands is a name (Kvænangen); otherwise lower case.
    return highest if highest[:1].isupper() else highest.lower()


def _aggregate(queryset):
    rows = (
        queryset.values("word")
        .annotate(
            lowest=Min("display"),
            highest=Max("display"),
            best=Max("weight"),
            entries=Count("entry_id"),
        )
        .values_list("word", "lowest", "highest", "best", "entries")
    )
    return [
        Word(word, _display(lowest, highest), best, entries)
        for word, lowest, highest, best, entries in rows
    ]


# A token that changes whenever the index does, shared by every process through the cache.
VERSION_CACHE_KEY = "search:index-version"


def _new_version():
    cache.set(VERSION_CACHE_KEY, uuid.uuid4().hex, None)


def changed():
    """Tell every process that the index changed, so that it reads its words again.

    At once, and again at commit: a process that read the words in between, before the change
    was visible to it, reads them once more.
    """
    _new_version()
    transaction.on_commit(_new_version)


def fingerprint():
    """The index's version: without a cache entry (emptied, or unreachable), a new one."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_CACHE_KEY, version, None)
    return version


class _Memo(threading.local):
    """The vocabulary as one process last read it, per thread, until the index changes."""

    key = None
    words = None


_memo = _Memo()


def all_words():
    """Every word of the index, read again only when the index has changed."""
    key = (connection.alias, connection.settings_dict.get("NAME"), fingerprint())
    if _memo.key != key:
        _memo.words = {word.word: word for word in _aggregate(SearchTerm.objects.all())}
        _memo.key = key
    return _memo.words


def _nearby(word):
    """Words of the index that may be within the edit distance of ``word``."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, false)",
                [str(TRIGRAM_THRESHOLD)],
            )
        return _aggregate(SearchTerm.objects.extra(where=["word %% %s"], params=[word]))  # noqa: S610
    return list(all_words().values())


def corrections(word, limit=3, distance=None):
    """Words of the index spelt nearly like ``word``: the closest first, then the weightiest,
    names, and the most common. The word itself is not among them."""
    folded = norwegian.fold(word)
    if len(folded) < MIN_WORD_LENGTH or any(char.isdigit() for char in folded):
        return []
    distance = max_distance(folded) if distance is None else distance
    candidates = [candidate for candidate in _nearby(folded) if candidate.word != folded]
    matches = process.extract(
        folded,
        [candidate.word for candidate in candidates],
        scorer=OSA.distance,
        score_cutoff=distance,
        limit=None,
    )
    ranked = sorted(
        ((score, candidates[index]) for _, score, index in matches),
        # At the same distance a name (Finnsnes) before a common word (finnes).
        key=lambda item: (
            item[0],
            -item[1].weight,
            not item[1].display[:1].isupper(),
            -item[1].entries,
            item[1].word,
        ),
    )
    return [candidate for _, candidate in ranked[:limit]]
