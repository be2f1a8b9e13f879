"""The order of search results, computed the same way whichever database found them.

Each word of a query (or a phrase an editor made a synonym of it) is a *concept*. An entry
scores for a concept by where the concept's stems occur (title above summary above keywords
above body text) and how closely: the stem itself, a compound that ends or begins with it
(dagligvarebutikk for butikk, bredbåndsutbygging for bredbånd), or the parts of a compound
that was sought (bredbånd and utbygging for bredbåndsutbygging). Rare concepts weigh more than
common ones (BM25's inverse document frequency), entries that match more of the concepts come
first, and a title made of the words sought counts extra. A word that the index lacks may carry
corrections (words of the index spelt nearly alike); they score less, and entries that match
the words as typed come before entries that match only corrections.
"""

import gc
import math
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from . import norwegian

FIELD_WEIGHTS = (("title", 10.0), ("summary", 5.0), ("keywords", 4.0), ("body", 1.5))
FIELD_NAMES = tuple(name for name, _weight in FIELD_WEIGHTS)
WEIGHTS = tuple(weight for _name, weight in FIELD_WEIGHTS)
BODY = FIELD_NAMES.index("body")

EXACT = 1.0
# The sought stem is the last part of a longer word: dagligvarebutikk for butikk.
DOCUMENT_HEAD = 0.7
# The sought stem is the first part of a longer word: bredbåndsutbygging for bredbånd.
DOCUMENT_MODIFIER = 0.6
# A word of the entry is the first or last part of the compound sought, scaled by how much of
# it the word covers: bredbånd or utbygging for bredbåndsutbygging. The first part weighs more:
# it is what sets the compound apart (bredbåndsstøtte is about bredbånd, a kind of støtte).
QUERY_MODIFIER = 0.7
QUERY_HEAD = 0.5
# A stem and a word that differ only in their last letter or two: the stemmer cut one form
# shorter than the other (studiesenter, studiesent).
INFLECTION = 0.9
MAX_INFLECTION_DIFFERENCE = 2
MIN_INFLECTION_LENGTH = 5
# Two compounds with the same last part: nærbutikk and dagligvarebutikk.
SHARED_HEAD = 0.3
# Two compounds with the same first part, scaled by its share of the stem sought:
# omstillingsmidler and omstillingsprogrammet.
SHARED_MODIFIER = 0.5
# Both parts of a compound sought found side by side, in either order ("utbygging av bredbånd"
# for bredbåndsutbygging), as a share of the field's weight.
SPLIT_BONUS = 0.6
SPLIT_WINDOW = 3
SPLIT_CLOSENESS = 0.8
# Only entries with a match at least this close count towards how common a concept is, so
# that loose matches in many entries do not make a concept look common.
FREQUENCY_CLOSENESS = 0.6
# Matches at least this close are highlighted in snippets.
HIGHLIGHT_SIMILARITY = 0.35
# A word of the index within a small edit distance of a word sought that the index lacks
# (Kvænangen for "kvenangen") counts this much of the word itself. Entries that match the words
# as typed come before entries that match only such corrections, whatever their scores.
CORRECTION = 0.8
# Extra weight for a title made only of words sought, as a share of the title weight.
TITLE_COVERAGE = 0.6
# Repeated matches in the body count, each this much of the first, up to this many.
BODY_REPEAT_WEIGHT = 0.25
MAX_BODY_REPEATS = 4


# (score, closeness) of a stem or concept that an entry does not match.
NO_MATCH = (0.0, 0.0)

# Longer stems (the length of the posting's column) are not kept as postings.
MAX_POSTING_STEM_LENGTH = 100


def exact_scores(title, summary, keywords, body):
    """{stem: score} of the stems of an entry's title, summary and keywords (space-separated
    stems per field): what ``Ranker.stem_score`` gives the entry for each stem sought as it is."""
    scores = {}
    for (name, weight), text in zip(FIELD_WEIGHTS, (title, summary, keywords, body), strict=True):
        tokens = text.split()
        if name != "body":
            for token in set(tokens):
                if len(token) <= MAX_POSTING_STEM_LENGTH:
                    scores[token] = scores.get(token, 0.0) + weight
            continue
        # Body text alone makes no posting: its stems count only for stems of the fields above.
        counts = Counter(token for token in tokens if token in scores)
        for token, count in counts.items():
            scores[token] += weight * (1 + BODY_REPEAT_WEIGHT * min(count - 1, MAX_BODY_REPEATS))
    return scores


@dataclass(frozen=True)
class Concept:
    """A word of the query, or several words that an editor's synonym joins into one."""

    text: str
    alternatives: tuple  # of phrases, each a tuple of stems that must all be found
    # Stems of words spelt nearly like the word typed, which the index has and it lacks.
    corrections: tuple = ()
    # The other words or phrases an editor's synonym adds, as written, to tell the reader.
    synonyms: tuple = ()


def sought_stems(concepts):
    """Every stem that the concepts look for: in their alternatives and their corrections."""
    return {
        stem
        for concept in concepts
        for phrase in (*concept.alternatives, *concept.corrections)
        for stem in phrase
    }


def _common_length(first, second):
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


def similarity(stem, token):
    """How well an indexed stem stands for a stem sought: 1 for the same, 0 for unrelated.

    Returns (score, role); the role tells a compound's part, for joining a split compound.
    """
    if token == stem:
        return EXACT, None
    shorter, longer = sorted((stem, token), key=len)
    if (
        len(shorter) >= MIN_INFLECTION_LENGTH
        and len(longer) - len(shorter) <= MAX_INFLECTION_DIFFERENCE
        and longer.startswith(shorter)
    ):
        return INFLECTION, None
    remainder = norwegian.MIN_REMAINDER_LENGTH
    if len(token) - len(stem) >= remainder:
        if len(stem) >= norwegian.MIN_HEAD_LENGTH and token.endswith(stem):
            return DOCUMENT_HEAD, None
        if len(stem) >= norwegian.MIN_PART_LENGTH and token.startswith(stem):
            return DOCUMENT_MODIFIER, None
    if len(stem) >= norwegian.MIN_COMPOUND_LENGTH and len(stem) - len(token) >= remainder:
        share = len(token) / len(stem)
        if len(token) >= norwegian.MIN_HEAD_LENGTH and stem.endswith(token):
            return QUERY_HEAD * share, "head"
        if len(token) >= norwegian.MIN_PART_LENGTH and stem.startswith(token):
            return QUERY_MODIFIER * share, "modifier"
    for shared, score in (
        (_common_length(stem[::-1], token[::-1]), SHARED_HEAD),
        (_common_length(stem, token), SHARED_MODIFIER * _common_length(stem, token) / len(stem)),
    ):
        if (
            shared >= norwegian.SHARED_PART_LENGTH
            and len(stem) - shared >= remainder
            and len(token) - shared >= remainder
        ):
            return score, None
    return 0.0, None


def related_stems(tokens, stems):
    """For each stem sought, the indexed stems related to it: {stem: {token: (score, role)}}."""
    # Every relation above is equality or shares the first or the last four letters, so one
    # pass with C-level prefix and suffix tests picks the few tokens worth comparing.
    starts = tuple({stem[:4] for stem in stems})
    ends = tuple({stem[-4:] for stem in stems})
    nearby = [token for token in tokens if token.startswith(starts) or token.endswith(ends)]
    related = {}
    for stem in stems:
        matches = {}
        for token in nearby:
            if token[:4] == stem[:4] or token[-4:] == stem[-4:]:
                score, role = similarity(stem, token)
                if score > 0:
                    matches[token] = (score, role)
        if stem in tokens:
            matches[stem] = (EXACT, None)
        related[stem] = matches
    return related


@contextmanager
def collection_paused():
    """Python's cyclic garbage collector paused while ranking (when it runs at all).

    Ranking makes and drops thousands of small lists, sets and dicts, none of them in a
    cycle: reference counting frees them all. Left running, the collector would examine them
    again and again while they live, and move those it sees into its older generations, whose
    collections then walk every object the server holds. The pause is process-wide: what other
    threads make meanwhile waits the few milliseconds until the next collection.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _positions(tokens, token):
    """Where ``token`` stands in the list ``tokens``."""
    positions = []
    position = -1
    while True:
        try:
            position = tokens.index(token, position + 1)
        except ValueError:
            return positions
        positions.append(position)


class Document:
    """An index entry's stems per field, in order, and which of them a query relates to.

    Only the few stems related to a stem sought are kept as sets (``relate``), rather than
    every stem of every candidate: scoring reads no others.
    """

    __slots__ = ("entry", "sequences", "present", "tokens", "scores")

    def __init__(self, entry):
        self.entry = entry
        # In the order of FIELD_WEIGHTS.
        self.sequences = (
            entry.title_stems.split(),
            entry.summary_stems.split(),
            entry.keywords_stems.split(),
            entry.body_stems.split(),
        )

    def relate(self, related_tokens):
        """Keep, per field, the stems of the entry among ``related_tokens``."""
        title, summary, keywords, body = self.sequences
        intersection = related_tokens.intersection
        self.present = (
            intersection(title),
            intersection(summary),
            intersection(keywords),
            intersection(body),
        )
        self.tokens = self.present[0].union(*self.present[1:])

    @property
    def title_size(self):
        """How many different stems the title has."""
        return len(set(self.sequences[0]))


class Ranker:
    """Scores index entries against the concepts of one query."""

    def __init__(self, concepts, entries, total_entries):
        self.concepts = concepts
        self.documents = [Document(entry) for entry in entries]
        stems = sought_stems(concepts)
        vocabulary = set()
        for document in self.documents:
            for tokens in document.sequences:
                vocabulary.update(tokens)
        self.related = related_stems(vocabulary, stems)
        # Stems sought that both a first and a last part of are found: they may be split.
        self.splittable = {
            stem
            for stem, related in self.related.items()
            if {"modifier", "head"} <= {role for _score, role in related.values()}
        }
        related_tokens = set().union(*self.related.values())
        found = [(stem, related.keys()) for stem, related in self.related.items() if related]
        for document in self.documents:
            document.relate(related_tokens)
            # Each stem sought is scored once per entry, however many phrases name it.
            document.scores = (
                {
                    stem: self.stem_score(stem, document)
                    for stem, tokens in found
                    if not tokens.isdisjoint(document.tokens)
                }
                if document.tokens
                else {}
            )
        self.total_entries = max(total_entries, len(entries))
        self.concept_closeness = [0.0] * len(concepts)
        # Tokens close enough to a stem sought to cover a title's word, and to be highlighted:
        # found once per query, then intersected with each entry's tokens.
        self.covering = self._tokens_at_least(DOCUMENT_MODIFIER)
        self.highlighting = self._tokens_at_least(HIGHLIGHT_SIMILARITY)

    def _tokens_at_least(self, threshold):
        return frozenset(
            token
            for related in self.related.values()
            for token, (score, _role) in related.items()
            if score >= threshold
        )

    def stem_score(self, stem, document):
        """(score, closeness of the closest match) of a stem sought in an entry."""
        related = self.related.get(stem, {})
        if related.keys().isdisjoint(document.tokens):
            return NO_MATCH
        score = 0.0
        bonus = 0.0
        closest = 0.0
        for index, tokens in enumerate(document.present):
            if not tokens:
                continue
            present = [token for token in tokens if token in related]
            if not present:
                continue
            weight = WEIGHTS[index]
            best = max(related[token][0] for token in present)
            closest = max(closest, best)
            # Squared, so that several loose matches do not outweigh the word itself.
            field_score = weight * best * best
            if index == BODY:
                sequence = document.sequences[BODY]
                repeats = sum(sequence.count(token) for token in present)
                field_score *= 1 + BODY_REPEAT_WEIGHT * min(repeats - 1, MAX_BODY_REPEATS)
            score += field_score
            if stem in self.splittable and self.has_split(
                stem, related, document.sequences[index], present
            ):
                bonus = max(bonus, SPLIT_BONUS * weight)
                closest = max(closest, SPLIT_CLOSENESS)
        return score + bonus, closest

    @staticmethod
    def has_split(stem, related, tokens, present):
        """True when both parts of the compound sought stand close together in the field.

        ``present``: the stems of the field related to the stem sought.
        """
        parts = {"modifier": [], "head": []}
        for token in present:
            role = related[token][1]
            if role in parts:
                parts[role].extend((position, token) for position in _positions(tokens, token))
        return any(
            abs(modifier_position - head_position) <= SPLIT_WINDOW
            and len(stem) - 1 <= len(modifier) + len(head) <= len(stem)
            for modifier_position, modifier in parts["modifier"]
            for head_position, head in parts["head"]
        )

    @staticmethod
    def phrase_score(phrase, document):
        """(score, closeness) of a phrase in an entry: as good as its worst word."""
        if len(phrase) == 1:
            return document.scores.get(phrase[0], NO_MATCH)
        return min(document.scores.get(stem, NO_MATCH) for stem in phrase)

    def typed_score(self, concept, document):
        """(score, closeness) of the best alternative."""
        return max(self.phrase_score(phrase, document) for phrase in concept.alternatives)

    def concept_score(self, concept, document):
        """(score, closeness) of the words as typed, or of a correction, whichever is better."""
        typed = self.typed_score(concept, document)
        if not concept.corrections:
            return typed
        score, closeness = max(
            self.phrase_score(phrase, document) for phrase in concept.corrections
        )
        return max(typed, (score * CORRECTION, closeness * CORRECTION))

    def typed_matches(self, document):
        """How many corrected concepts the entry matches as typed, not only through corrections."""
        return sum(
            1
            for concept in self.concepts
            if concept.corrections and self.typed_score(concept, document)[1] >= FREQUENCY_CLOSENESS
        )

    def title_coverage(self, document):
        """The share of the title's words that were sought (or are close compounds of them)."""
        # The covering stems are related ones, all of which ``present`` holds.
        size = document.title_size
        if not size:
            return 0.0
        return len(document.present[0] & self.covering) / size

    def matched_tokens(self, document):
        """Stems of the entry that a snippet highlights."""
        return self.highlighting & document.tokens

    def rank(self):
        """(score, entry, highlighted stems, closeness) of every matching entry, best first.

        Closeness is the mean of how closely each concept matched (1 for the word itself): a
        low one tells a search that found only loose matches, perhaps a misspelling.
        """
        if not self.concepts:
            return []
        # An entry that has none of the stems sought matches no concept.
        unmatched = [NO_MATCH] * len(self.concepts)
        rows = [
            [self.concept_score(concept, document) for concept in self.concepts]
            if document.scores
            else unmatched
            for document in self.documents
        ]
        corrected = any(concept.corrections for concept in self.concepts)
        # How closely each concept was found anywhere, as typed: little tells a misspelling.
        self.concept_closeness = [
            max(
                (
                    self.typed_score(concept, document)[1] if concept.corrections else row[index][1]
                    for document, row in zip(self.documents, rows, strict=True)
                ),
                default=0.0,
            )
            for index, concept in enumerate(self.concepts)
        ]
        weights = []
        for index in range(len(self.concepts)):
            frequency = sum(1 for row in rows if row[index][1] >= FREQUENCY_CLOSENESS)
            weights.append(math.log(1 + (self.total_entries - frequency + 0.5) / (frequency + 0.5)))
        mean_weight = sum(weights) / len(weights)
        ranked = []
        for document, row in zip(self.documents, rows, strict=True):
            matched = sum(1 for score, _ in row if score > 0)
            if not matched:
                continue
            coordination = (matched / len(self.concepts)) ** 2
            relevance = sum(weight * score for weight, (score, _) in zip(weights, row, strict=True))
            relevance += (
                TITLE_COVERAGE * FIELD_WEIGHTS[0][1] * mean_weight * self.title_coverage(document)
            )
            closeness = sum(close for _, close in row) / len(row)
            ranked.append(
                (
                    relevance * coordination,
                    document.entry,
                    self.matched_tokens(document),
                    closeness,
                    self.typed_matches(document) if corrected else 0,
                )
            )
        ranked.sort(key=lambda item: (-item[4], -item[0], item[1].title, item[1].pk))
        return [item[:4] for item in ranked]
