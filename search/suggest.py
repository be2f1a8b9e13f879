"""Suggestions as people type: titles and words of the index that begin with what is typed.

Fast enough for every keystroke: each process keeps the visible titles and the index's
weightier words (names, titles, places and other keywords) in sorted lists, folded as the
index folds them ("bredb" and "BREDB" both find Bredbånd), and reads them again only when
the index has changed. A suggestion request then costs one small query and a binary search.
"""

import bisect
import heapq
import threading
from dataclasses import dataclass

from django.db import connection

from base.publication import absolute_addresses

from . import norwegian, vocabulary
from .choices import EntryKind

MAX_SUGGESTIONS = 8
MIN_PREFIX_LENGTH = 2
# Titles come first, then words, then more titles while there is room.
MAX_TITLES = 5


@dataclass(frozen=True)
class Suggestion:
    """A title (with its result's type and address) or a word to search for."""

    type: str
    text: str
    result_type: str | None = None
    url: str | None = None


def _folded_words(text):
    return [norwegian.fold(word) for word in norwegian.WORD.findall(text)]


class _Memo(threading.local):
    key = None
    titles = ()
    title_words = ()
    words = ()


_memo = _Memo()


def _load():
    from .engine import visible_entries

    key = (connection.alias, connection.settings_dict.get("NAME"), vocabulary.fingerprint())
    if _memo.key == key:
        return _memo
    rows = list(
        visible_entries()
        .exclude(kind=EntryKind.DOCUMENT)
        .order_by("title", "pk")
        .values_list("title", "result_type", "url")
    )
    titles = []
    title_words = []
    for title, result_type, url in rows:
        words = _folded_words(title)
        if not words:
            continue
        titles.append((title, result_type, url or None, " ".join(words), frozenset(words)))
        title_words.extend((word, len(titles) - 1) for word in set(words))
    title_words.sort()
    # Words that name something; body text alone makes poor suggestions.
    words = sorted(
        (word.word, -word.weight, -word.entries, word.display)
        for word in vocabulary.all_words().values()
        if word.weight >= vocabulary.KEYWORD
    )
    _memo.titles, _memo.title_words, _memo.words = titles, title_words, words
    _memo.key = key
    return _memo


def _prefixed(items, prefix):
    """The items of a sorted list whose first element begins with ``prefix``."""
    start = bisect.bisect_left(items, (prefix,))
    end = bisect.bisect_left(items, (prefix + "\uffff",))
    return items[start:end]


def suggestions(text, limit=MAX_SUGGESTIONS):
    """Up to ``limit`` titles and words for what has been typed so far, best first."""
    typed = _folded_words(text)
    if not typed or len(" ".join(typed)) < MIN_PREFIX_LENGTH:
        return []
    memo = _load()
    *complete, prefix = typed
    phrase = " ".join(typed)

    def has_every_word(words):
        return all(any(word.startswith(part) for word in words) for part in complete)

    indices = {index for _, index in _prefixed(memo.title_words, prefix)}
    matching = [memo.titles[index] for index in indices if has_every_word(memo.titles[index][4])]
    # Titles that begin with what was typed first, then shorter (more general) ones. A short
    # prefix matches many: only the few shown are sorted.
    matching = heapq.nsmallest(
        limit,
        matching,
        key=lambda title: (not title[3].startswith(phrase), len(title[0]), title[0]),
    )
    result = [
        Suggestion("title", title, result_type, absolute_addresses(url))
        for title, result_type, url, _, _ in matching[:MAX_TITLES]
    ]
    seen = {norwegian.fold(item.text) for item in result}
    leading = " ".join(word for word in norwegian.WORD.findall(text)[: len(complete)])
    candidates = _prefixed(memo.words, prefix)
    words = heapq.nsmallest(limit + len(result) + 1, candidates, key=lambda item: item[1:])
    for word, _weight, _entries, display in words:
        if len(result) >= limit:
            break
        suggestion = f"{leading} {display}".strip()
        if word != prefix and norwegian.fold(suggestion) not in seen:
            seen.add(norwegian.fold(suggestion))
            result.append(Suggestion("term", suggestion))
    # Words did not fill the list: more titles do.
    for title, result_type, url, _, _ in matching[MAX_TITLES:]:
        if len(result) >= limit:
            break
        result.append(Suggestion("title", title, result_type, absolute_addresses(url)))
    return result[:limit]
