"""The scheme finder costs the same on a large site as on a small one: the same queries, each
read off an index, and the same answer as counting every public page by hand."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from base.collation import norwegian_key
from base.publication import public_pages
from schemes.api import FinderAPIViewSet
from schemes.models import ApplicantType, ApplicationRound, ProgrammePage, SchemePage
from taxonomy.models import Municipality, Region, Topic

from .conftest import publish
from .test_finder import finder  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "?limit=2&offset=3",
    "?order=-title&offset=2",
    "?kind=scheme",
    "?kind=programme&order=title",
    "?municipality=skjervoy",
    "?municipality=5528&order=-title",
    "?region=nord-troms&topic=omstilling",
    "?topic=omstilling&offset=1",
    "?applicant=kommuner",
    "?status=open",
    "?open_now=true",
    "?order=next_deadline",
    "?order=-first_published_at",
    "?order=status",
]


def count_queries(client, query):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v2/schemes/{query}")
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def add_hidden_and_clocked(finder):  # noqa: F811
    """A draft, a private scheme and a scheme whose application round is open now."""
    topic = finder["bredband"].get_parent()
    skjervoy = Municipality.objects.get(slug="skjervoy")
    draft = topic.add_child(
        instance=SchemePage(title="Utkast", slug="utkast", summary="Utkast", live=False)
    )
    draft.municipalities.set([skjervoy])
    draft.save()
    private = topic.add_child(instance=SchemePage(title="Lukket", slug="lukket", summary="Lukket"))
    private.municipalities.set([skjervoy])
    publish(private)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    clocked = topic.add_child(
        instance=SchemePage(title="Runde", slug="runde", summary="Runde", status="closed")
    )
    ApplicationRound.objects.create(
        page=clocked, deadline=timezone.now() + datetime.timedelta(days=30)
    )
    clocked.municipalities.set([skjervoy])
    publish(clocked)


def add_schemes(finder, count):  # noqa: F811
    """``count`` more published schemes over both municipalities, topics, regions, statuses."""
    topic = finder["bredband"].get_parent()
    municipalities = list(Municipality.objects.order_by("pk"))
    topics = list(Topic.objects.order_by("pk"))
    regions = list(Region.objects.order_by("pk"))
    applicants = list(ApplicantType.objects.order_by("pk"))
    statuses = ["open", "continuous", "closed", "under_evaluation"]
    for number in range(count):
        page = topic.add_child(
            instance=SchemePage(
                title=f"Ordning {number:03d} {'ÆØÅ'[number % 3]}",
                slug=f"ordning-{number}",
                summary="Tilskudd",
                status=statuses[number % len(statuses)],
            )
        )
        page.municipalities.set(municipalities[: 1 + number % 2])
        page.topics.set([topics[number % len(topics)]])
        page.regions.set([regions[number % len(regions)]])
        page.eligible_applicants.set(applicants[number % 2 :])
        publish(page)


def expected_answer(query):
    """The finder's count and title order for a few queries, from every public page by hand."""
    pages = public_pages().type(SchemePage, ProgrammePage).specific()
    if "municipality=skjervoy" in query:
        skjervoy = Municipality.objects.get(slug="skjervoy")
        pages = [page for page in pages if skjervoy in page.municipalities.all()]
    titles = sorted((page.title for page in pages), key=norwegian_key)
    return len(titles), titles


def test_the_finder_costs_the_same_queries_on_a_site_of_many_more_schemes(api_client, finder):  # noqa: F811
    add_hidden_and_clocked(finder)
    small = {query: count_queries(api_client, query)[0] for query in QUERIES}
    add_schemes(finder, 60)
    large = {}
    for query in QUERIES:
        large[query], body = count_queries(api_client, query)
        if query in ("", "?municipality=skjervoy"):
            total, titles = expected_answer(query)
            assert body["meta"]["total_count"] == total
            assert [item["title"] for item in body["items"]] == titles[:20]
    assert large == small


def test_the_unfiltered_finder_counts_like_counting_every_page(api_client, finder):  # noqa: F811
    add_hidden_and_clocked(finder)
    add_schemes(finder, 12)
    unfiltered = count_queries(api_client, "")[1]
    # The same selection through a filter that every public page passes (a page has a status)
    # is counted the general way, page by page.
    every_status = "?" + "&".join(
        f"status={value}" for value in ("open", "closed", "continuous", "under_evaluation")
    )
    by_page = count_queries(api_client, every_status)[1]
    assert unfiltered["meta"] == by_page["meta"]
    assert unfiltered["items"] == by_page["items"]
    statuses = {value["value"]: value["count"] for value in unfiltered["meta"]["facets"]["status"]}
    # The round open now rules the clocked scheme, whose own status says closed.
    assert statuses["open"] == 1 + 3 + 1  # butikk, every fourth new scheme, the clocked one
    skjervoy = next(
        value
        for value in unfiltered["meta"]["facets"]["municipality"]
        if value["value"] == "skjervoy"
    )
    # The draft and the private scheme are not counted.
    assert skjervoy["count"] == 3 + 12 + 1


def query_plan(queryset):
    """The database's plan of ``queryset``, as text, with sequential scans discouraged on
    PostgreSQL (whose planner scans a test's few rows rather than read an index)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_the_hidden_pages_are_found_on_the_publication_index(finder):  # noqa: F811
    site = Site.objects.get(is_default_site=True)
    query = FinderAPIViewSet.hidden_pages_query(site, (SchemePage, ProgrammePage))
    plan = query_plan(query)
    if connection.vendor == "sqlite":
        # Every column it tests is in the index: no page row is read.
        assert "COVERING INDEX schemes_finder_publication" in plan
    else:
        # PostgreSQL picks among the indexes by the statistics it has of a test's few rows,
        # which depend on whether autovacuum has seen them yet; it must not need the table.
        assert "Seq Scan" not in plan
        assert "Index Only Scan using" in plan or "Index Scan using" in plan


def test_a_page_of_results_is_read_off_the_title_indexes(finder):  # noqa: F811
    hidden = [Page.objects.type(SchemePage).first().pk]
    for descending in (False, True):
        query = FinderAPIViewSet.title_order_query(
            (SchemePage, ProgrammePage), hidden, descending, upto=60
        )
        plan = query_plan(query[40:60])
        assert "schemes_schemepage_title" in plan
        assert "schemes_programmepage_title" in plan
        if connection.vendor == "sqlite":
            assert "TEMP B-TREE" not in plan
        else:
            assert "Merge Append" in plan
            assert "Sort  (" not in plan


def counting_statement(client, query):
    """The SQL of the statement that counts a filtered request's matches, and the request's
    number of queries."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v2/schemes/{query}").status_code == 200
    counting = [entry["sql"] for entry in queries if "finder_matching" in entry["sql"]]
    assert len(counting) == 1, "every count of a filtered request comes from one statement"
    return counting[0], len(queries)


def sql_plan(sql):
    """``query_plan`` of a statement given as SQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "query", ["?municipality=skjervoy", "?region=nord-troms&topic=omstilling", "?status=open"]
)
def test_a_filtered_finder_finds_its_matches_once_and_counts_them_off_indexes(
    api_client,
    finder,  # noqa: F811
    query,
):
    add_hidden_and_clocked(finder)
    add_schemes(finder, 8)
    sql, _queries = counting_statement(api_client, query)
    plan = sql_plan(sql)
    if connection.vendor == "sqlite":
        assert plan.count("MATERIALIZE finder_matching") == 1
        # Each link table is counted off its (page, term) index, with no row read.
        for table in ("topics", "regions", "municipalities", "eligible_applicants"):
            assert f"COVERING INDEX schemes_schemepage_{table}_schemepage_id_" in plan
    else:
        assert plan.count("CTE finder_matching") == 1
        # Statuses are read by index: off the (status, page) index, or, for a few matches and
        # tables the planner has no statistics of yet, each matching page by its key.
        assert "Seq Scan" not in plan
        assert (
            "Index Only Scan using schemes_schemepage_bystatus" in plan
            or "Index Scan using schemes_schemepage_pkey on schemes_schemepage" in plan
        )


def test_a_filtered_finder_costs_the_same_statements_on_a_site_of_many_more_schemes(
    api_client,
    finder,  # noqa: F811
):
    add_hidden_and_clocked(finder)
    queries = ["?municipality=skjervoy", "?region=nord-troms&topic=omstilling"]
    small = [counting_statement(api_client, query)[1] for query in queries]
    add_schemes(finder, 40)
    large = [counting_statement(api_client, query)[1] for query in queries]
    assert large == small
    # The content version (the response cache's key), the site, its view restrictions, the
    # counts with the page of results, the facet values' names and the documents.
    assert small == [6, 6]
    body = api_client.get("/api/v2/schemes/?municipality=skjervoy").json()
    total, titles = expected_answer("?municipality=skjervoy")
    assert body["meta"]["total_count"] == total
    assert [item["title"] for item in body["items"]] == titles[:20]
