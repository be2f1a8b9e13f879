"""Finding the index entries that may match a query, with each database's full-text index.

The databases only gather candidates, best first by their own rank; the ranking that citizens
see is computed in Python (``search.ranking``), the same way on every database.
"""

from dataclasses import dataclass, field

from django.db import connection

from . import norwegian
from .models import SearchEntry
from .ranking import MAX_INFLECTION_DIFFERENCE, MIN_INFLECTION_LENGTH

# Weights of the stem columns for the database's own rank, which only picks the candidates
# when more entries match than are ranked.
SQLITE_COLUMN_WEIGHTS = "10.0, 5.0, 4.0, 1.5, 0.5"
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


# Each row also carries the size of the index, which ranking needs, to save a query.
TOTAL = "(SELECT COUNT(*) FROM search_searchentry)"


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def candidates(terms, limit):
    """(ids, index size): entries with any of the terms, best first, at most ``limit``.

    Whether an entry may be shown is checked afterwards, on these few: the index holds hardly
    anything hidden (pages leave it when they stop being public), and a visibility subquery
    here would be evaluated for the whole site on every search.
    """
    if not terms:
        return [], 0
    if connection.vendor == "sqlite":
        return _rows(
            f"SELECT rowid, {TOTAL} FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608
            f"ORDER BY bm25(search_fts, {SQLITE_COLUMN_WEIGHTS}) LIMIT %s",
            [sqlite_match_expression(terms), limit],
        )
    if connection.vendor == "postgresql":
        # The stems are PostgreSQL's own (the same Snowball stemmer), so they are looked up as
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
        rank = "ts_rank(search_vector, to_tsquery('simple', %s))" if words else "0"
        return _rows(
            f"SELECT id, {TOTAL} FROM search_searchentry "  # noqa: S608
            f"WHERE {' OR '.join(conditions)} ORDER BY {rank} DESC, id LIMIT %s",
            [*params, *([words] if words else []), limit],
        )
    # Other databases have no full-text index here: every entry is a candidate.
    return list(SearchEntry.objects.order_by("id").values_list("id", flat=True)[:limit]), (
        SearchEntry.objects.count()
    )
