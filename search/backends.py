"""Finding the index entries that may match a query, with each database's full-text index.

The databases only gather candidates; the ranking that citizens see is computed in Python
(``search.ranking``), the same way on every database.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection

from . import norwegian, vocabulary
from .models import SearchEntry
from .ranking import MAX_INFLECTION_DIFFERENCE, MAX_POSTING_STEM_LENGTH, MIN_INFLECTION_LENGTH

WORD_COLUMNS = "{title_stems summary_stems keywords_stems body_stems}"


@dataclass
class TermSet:
    """What to look for in the index: whole stems, stems as prefixes, and word endings."""

    exact: set = field(default_factory=set)
    prefixes: set = field(default_factory=set)
    endings: set = field(default_factory=set)

    def add_stem(self, stem):
        shared = norwegian.SHARED_PART_LENGTH
        if len(stem) >= norwegian.MIN_PART_LENGTH:
            # Words that begin with the stem (bredbåndsutbygging for bredbånd), or share its
            # first part (omstillingsprogrammet for omstillingsmidler).
            long_enough = len(stem) >= shared + norwegian.MIN_REMAINDER_LENGTH
            self.prefixes.add(stem[:shared] if long_enough else stem)
        else:
            self.exact.add(stem)
        if len(stem) >= norwegian.MIN_HEAD_LENGTH:
            # Words that end with it (dagligvarebutikk for butikk), or share its last part.
            self.endings.add(stem[-shared:])
        # The same word stemmed a letter or two shorter: studiesenter and studiesent.
        self.exact.update(
            stem[:-cut]
            for cut in range(1, MAX_INFLECTION_DIFFERENCE + 1)
            if len(stem) - cut >= MIN_INFLECTION_LENGTH
        )
        leading, trailing = norwegian.compound_parts(stem)
        # Parts of a compound sought that are words of their own: bredbånd and utbygging.
        self.exact.update(leading)
        self.exact.update(trailing)

    def __bool__(self):
        return bool(self.exact or self.prefixes or self.endings)


def _quote(token):
    return '"' + token.replace('"', '""') + '"'


def sqlite_match_expression(terms):
    words = [_quote(token) for token in sorted(terms.exact)]
    words += [_quote(token) + "*" for token in sorted(terms.prefixes)]
    expression = f"{WORD_COLUMNS} : ({' OR '.join(words)})" if words else ""
    if terms.endings:
        endings = " OR ".join(
            _quote(norwegian.reverse(ending)) + "*" for ending in sorted(terms.endings)
        )
        expression = " OR ".join(filter(None, [expression, f"reversed_stems : ({endings})"]))
    return expression


def _lexeme(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(tokens, prefix_tokens=()):
    parts = [_lexeme(token) for token in sorted(tokens)]
    parts += [_lexeme(token) + ":*" for token in sorted(prefix_tokens)]
    return " | ".join(parts)


# How many entries the index holds (which ranking's inverse document frequency needs), with
# the index's version: counted again when the index changes, not on every search.
INDEX_SIZE_CACHE_KEY = "search:index-size"


def _cached_index_size(version):
    cached = cache.get(INDEX_SIZE_CACHE_KEY)
    return cached[1] if cached is not None and cached[0] == version else None


def _best_by_postings(stems, limit):
    """SQL and parameters: the ``limit`` entries whose titles, summaries and keywords have the
    stems (``SearchPosting``) with the highest scores, each stem read best first through the
    index on (stem, score), so that the cost is the same whatever the number of matches."""
    arms = " UNION ALL ".join(
        "SELECT * FROM (SELECT entry_id, score FROM search_searchposting "
        "WHERE stem = %s ORDER BY score DESC, entry_id LIMIT %s) AS arm"
        for _ in stems
    )
    sql = (
        f"SELECT entry_id, SUM(score) AS best FROM ({arms}) AS arms "  # noqa: S608
        "GROUP BY entry_id ORDER BY best DESC, entry_id LIMIT %s"
    )
    return sql, [value for stem in stems for value in (stem, limit)] + [limit]


def _match_sql(terms):
    """SQL and parameters of a condition: entries with any of the terms, by the full-text index."""
    if connection.vendor == "sqlite":
        return (
            "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s",
            [sqlite_match_expression(terms)],
        )
    # PostgreSQL. The stems are its own (the same Snowball stemmer), so they are looked up as
    # they are ('simple') in the vector that the norwegian configuration built.
    words = _tsquery(terms.exact, terms.prefixes)
    endings = _tsquery((), [norwegian.reverse(ending) for ending in terms.endings])
    conditions = []
    params = []
    if words:
        conditions.append("search_vector @@ to_tsquery('simple', %s)")
        params.append(words)
    if endings:
        conditions.append("reversed_vector @@ to_tsquery('simple', %s)")
        params.append(endings)
    # OFFSET 0 keeps the LIMIT that follows out of this query's plan: planned for every match,
    # a rare word is looked up in the GIN indexes, not sought by reading the table until
    # enough rows are found (every row, when there are fewer).
    sql = f"SELECT id FROM search_searchentry WHERE {' OR '.join(conditions)} OFFSET 0"  # noqa: S608
    return sql, params


def candidates(terms, limit, stems=()):
    """(ids, index size, capped): the entries that may match, at most ``limit``.

    One statement reads up to ``limit + 1`` entries with any of the terms, in no particular
    order, and the best ``limit`` entries for the ``stems`` sought (``_best_by_postings``). When
    no more than ``limit`` entries match, those are all the matches, and ranking sees them all.
    When more match, the best by the postings are ranked, topped up with other matches, and
    ``capped`` says that there are more. Neither part reads more rows for a bigger site, which
    a database's own full-text rank (computed for every match before the best are known) would.

    Whether an entry may be shown is checked afterwards, on these few: the index holds hardly
    anything hidden (pages leave it when they stop being public), and a visibility subquery
    here would be evaluated for the whole site on every search.
    """
    if not terms:
        return [], 0, False
    if connection.vendor not in ("sqlite", "postgresql"):
        # Other databases have no full-text index here: every entry is a candidate.
        ids = list(SearchEntry.objects.order_by("id").values_list("id", flat=True)[: limit + 1])
        return ids[:limit], SearchEntry.objects.count(), len(ids) > limit
    version = vocabulary.fingerprint()
    total = _cached_index_size(version)
    with connection.cursor() as cursor:
        cursor.execute(*candidates_statement(terms, limit, stems, count=total is None))
        rows = cursor.fetchall()
    if not rows:
        return [], 0, False
    if total is None:
        total = rows[0][2]
        cache.set(INDEX_SIZE_CACHE_KEY, (version, total), None)
    matches = [row[0] for row in rows if row[1] is None]
    if len(matches) <= limit:
        return matches, total, False
    best = [row[0] for row in rows if row[1] is not None]
    return list(dict.fromkeys([*best, *matches]))[:limit], total, True


def candidates_statement(terms, limit, stems, count=False):
    """SQL and parameters of ``candidates``' one statement: (id, NULL) of up to ``limit + 1``
    matches, then (id, score) of the best ``limit`` entries by the postings of ``stems``; each
    row also carries the size of the index when ``count`` asks for it, to save a query."""
    total = "(SELECT COUNT(*) FROM search_searchentry)" if count else "NULL"
    match, params = _match_sql(terms)
    sql = (
        f"SELECT id, NULL AS best, {total} AS total "  # noqa: S608
        f"FROM (SELECT id FROM ({match}) AS m LIMIT %s) AS matches"
    )
    params = [*params, limit + 1]
    stems = sorted(stem for stem in set(stems) if len(stem) <= MAX_POSTING_STEM_LENGTH)
    if stems:
        best_sql, best_params = _best_by_postings(stems, limit)
        sql += f" UNION ALL SELECT entry_id, best, {total} FROM ({best_sql}) AS best"  # noqa: S608
        params += best_params
    return sql, params
