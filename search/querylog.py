"""The query log: Wagtail's search query hits, and which searches found nothing.

Each search is counted with upserts, a fixed number of statements whether or not the query or
the day is new, so logging costs every search the same and two searches at once cannot both
insert the same row. Only the first page of results is counted: paging on is not a new search.
Answers of the API are cached (the response cache, then the CDN), so there a repeat of the same
search within the cache period is counted once; the /sok/ page counts every search.
"""

from django.db import connection
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

from .models import QueryWithoutResults


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
    with connection.cursor() as cursor:
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
