"""The query log: Wagtail's search query hits, and which searches found nothing.

Each search is counted with upserts, a fixed number of statements whether or not the query or
the day is new, so logging costs every search the same and two searches at once cannot both
insert the same row. Only the first page of results is counted: paging on is not a new search.
Answers of the API are cached (the response cache, then the CDN), so there a repeat of the same
search within the cache period is counted once; the /sok/ page counts every search.

A search never waits for the log: while another process writes (an editor publishing, a
rebuild), the database is busy and the search is not counted rather than kept waiting.
"""

import logging
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

from .models import QueryWithoutResults

logger = logging.getLogger(__name__)

# How long a search may wait for the database's write lock before it goes uncounted.
LOCK_WAIT_MS = 50


@contextmanager
def _without_waiting(cursor):
    """A transaction that waits at most ``LOCK_WAIT_MS`` for the database's locks."""
    if connection.vendor == "sqlite":
        # The write lock is taken when the transaction begins (BEGIN IMMEDIATE).
        # Django opens SQLite connections with OPTIONS["timeout"] seconds (Python's default: 5).
        before = int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        try:
            with transaction.atomic():
                yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {before}")
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
        yield


def log_search(query_string, found):
    """Count a search for ``query_string`` today, and whether it found nothing."""
    query_string = query_string[:MAX_QUERY_STRING_LENGTH]
    if not query_string:
        return
    today = timezone.localdate()
    queries = Query._meta.db_table
    tables = [QueryDailyHits._meta.db_table]
    if not found:
        tables.append(QueryWithoutResults._meta.db_table)
    try:
        with connection.cursor() as cursor, _without_waiting(cursor):
            _count(cursor, queries, tables, today, query_string)
    except OperationalError as error:
        if not _busy(error):
            raise
        logger.warning("The database was busy: search %r not counted", query_string)


def _busy(error):
    """Whether ``error`` says that another transaction holds the lock we waited for."""
    # SQLite: "database is locked"; PostgreSQL: lock_not_available.
    return "locked" in str(error) or getattr(error.__cause__, "sqlstate", None) == "55P03"


def _count(cursor, queries, tables, today, query_string):
    cursor.execute(
        f"INSERT INTO {queries} (query_string) VALUES (%s) "  # noqa: S608
        "ON CONFLICT (query_string) DO NOTHING",
        [query_string],
    )
    for table in tables:
        # "WHERE" before "ON CONFLICT" keeps SQLite from reading ON as part of a join.
        cursor.execute(
            f"INSERT INTO {table} (query_id, date, hits) "  # noqa: S608
            f"SELECT id, %s, 1 FROM {queries} WHERE query_string = %s "
            f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {table}.hits + 1",
            [today, query_string],
        )
