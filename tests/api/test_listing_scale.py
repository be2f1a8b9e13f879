"""The pages listing costs the same deep in a big site as on the first page of a small one:
the same queries, read off one index, with items cut from the stored documents' text."""

import datetime
import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from wagtail.models import Page, PageViewRestriction, Site

from headless.documents import serialise
from headless.models import PageDocument
from home.models import HomePage, TopicPage
from schemes.models import SchemePage

from .conftest import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_response_cache")]

INDEX = "headless_page_listing"


@pytest.fixture
def no_response_cache():
    with override_settings(API_CACHE_PATH_PREFIXES=()):
        yield


def add_schemes(parent, count, start=0):
    for number in range(start, start + count):
        publish(
            parent.add_child(
                instance=SchemePage(
                    title=f"Ordning {number}", slug=f"ordning-{number}", summary="Kort."
                )
            )
        )


def add_hidden_pages(tree):
    """A draft, a private page, an expired one and a page of another site."""
    topic = tree["topic"]
    topic.add_child(instance=SchemePage(title="Utkast", slug="utkast", summary="x", live=False))
    private = publish(
        topic.add_child(instance=SchemePage(title="Privat", slug="privat", summary="x"))
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    publish(
        topic.add_child(
            instance=SchemePage(
                title="Utløpt",
                slug="utlopt",
                summary="x",
                expire_at=timezone.now() + datetime.timedelta(seconds=1),
            )
        )
    )
    Page.objects.filter(slug="utlopt").update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    other = Page.get_first_root_node().add_child(
        instance=HomePage(title="Et annet nettsted", slug="annet")
    )
    Site.objects.create(hostname="annet.example", port=80, root_page=other)
    publish(other)
    publish(other.add_child(instance=TopicPage(title="Annet tema", slug="tema", lead="x")))


def listing(client, query, **headers):
    response = client.get(f"/api/v2/pages/?{query}", **headers)
    assert response.status_code == 200, response.content
    return response


def ids_and_total(client, query):
    data = listing(client, query).json()
    return [item["id"] for item in data["items"]], data["meta"]["total_count"]


def queries_of(client, query):
    listing(client, query)  # once first, so that what a process reads once is read
    with CaptureQueriesContext(connection) as queries:
        listing(client, query)
    return [entry["sql"] for entry in queries.captured_queries]


def deep_queries(client, position):
    """The queries of each way to read the page of the listing at ``position``."""
    everything, _total = ids_and_total(client, "fields=_&limit=100")
    return {
        "offset 0": queries_of(client, "fields=*&limit=2"),
        "offset": queries_of(client, f"fields=*&limit=2&offset={position}"),
        "after_id": queries_of(client, f"fields=*&limit=2&after_id={everything[position - 1]}"),
    }


def test_the_listing_makes_the_same_queries_on_a_small_site_and_a_bigger_one(api_client, tree):
    add_schemes(tree["topic"], 3)
    small = deep_queries(api_client, position=3)
    add_schemes(tree["topic"], 30, start=3)
    add_hidden_pages(tree)
    big = deep_queries(api_client, position=30)
    for way, queries in small.items():
        assert len(big[way]) == len(queries), way
    # Keyset paging reads no more than an offset does: the anchor is found in the query that
    # counts the listing.
    assert len(big["after_id"]) == len(big["offset"]) == len(big["offset 0"])


def test_hidden_pages_are_neither_listed_nor_counted_whichever_way_it_is_paged(api_client, tree):
    add_schemes(tree["topic"], 5)
    add_hidden_pages(tree)
    public = {"Troms næringsportal", "Attraktive samfunn", "Bredbånd"} | {
        f"Ordning {number}" for number in range(5)
    }
    data = listing(api_client, "limit=20").json()
    assert {item["title"] for item in data["items"]} == public
    assert data["meta"]["total_count"] == len(public)
    everything = [item["id"] for item in data["items"]]
    paged, position = [], None
    while True:
        after = f"&after_id={position}" if position else ""
        ids, total = ids_and_total(api_client, f"limit=3{after}")
        assert total == len(public)
        if not ids:
            break
        paged.extend(ids)
        position = ids[-1]
    assert paged == everything
    offset_ids, offset_total = ids_and_total(api_client, "limit=3&offset=6")
    assert offset_ids == everything[6:] and offset_total == len(public)
    hidden = Page.objects.filter(slug__in=["utkast", "privat", "utlopt", "tema"])
    for page in hidden:
        response = api_client.get(f"/api/v2/pages/?after_id={page.pk}")
        assert response.status_code == 400


QUERIES = [
    "",
    "fields=*",
    "fields=_",
    "fields=_,title,parent,breadcrumbs",
    "fields=*,-breadcrumbs,-title,-locale",
    "fields=title,show_in_menus&limit=2&offset=1",
    "type=schemes.SchemePage&fields=*",
    "type=schemes.SchemePage&fields=_,summary,contacts",
    "type=home.TopicPage&fields=*,-sections",
    "order=-id&fields=*",
    "order=title&fields=*",
    "offset=100",
]


def stock(content):
    """What REST framework writes for the data in ``content``, as Wagtail's v2 asks it to."""
    return JSONRenderer().render(json.loads(content), "application/json", {"indent": 4})


@pytest.mark.parametrize("query", QUERIES)
def test_a_listing_is_encoded_byte_for_byte_as_stock_v2_encodes_it(api_client, tree, query):
    response = listing(api_client, query)
    assert response.content == stock(response.content)
    # The same data, key for key and in the same order, as the items parsed and shaped.
    other = listing(api_client, query, HTTP_ACCEPT="application/json; indent=2")
    assert other.content != response.content
    assert json.dumps(json.loads(other.content)) == json.dumps(json.loads(response.content))


@pytest.mark.parametrize("fields", ["", "?fields=_,title", "?fields=*,-breadcrumbs,-parent"])
def test_a_detail_is_encoded_byte_for_byte_as_stock_v2_encodes_it(api_client, tree, fields):
    for page in (tree["home"], tree["topic"], tree["scheme"]):
        response = api_client.get(f"/api/v2/pages/{page.pk}/{fields}")
        assert response.status_code == 200
        assert response.content == stock(response.content)
        other = api_client.get(
            f"/api/v2/pages/{page.pk}/{fields}", HTTP_ACCEPT="application/json; indent=2"
        )
        assert json.dumps(json.loads(other.content)) == json.dumps(json.loads(response.content))


def test_line_and_paragraph_separators_are_escaped_as_stock_v2_escapes_them(api_client, tree):
    scheme = tree["scheme"]
    scheme.summary = "Første\u2028andre\u2029tredje"
    publish(scheme)
    response = listing(api_client, "type=schemes.SchemePage&fields=summary")
    assert b"\\u2028" in response.content and "\u2028".encode() not in response.content
    assert response.content == stock(response.content)


def test_a_document_stored_in_the_earlier_compact_layout_answers_the_same(api_client, tree):
    before = {
        "listing": listing(api_client, "fields=*").content,
        "detail": api_client.get(f"/api/v2/pages/{tree['scheme'].pk}/").content,
    }
    for page_id, payload in PageDocument.objects.values_list("page_id", "payload"):
        compact = json.dumps(json.loads(payload), ensure_ascii=False, separators=(",", ":"))
        PageDocument.objects.filter(page_id=page_id).update(payload=compact)
    assert listing(api_client, "fields=*").content == before["listing"]
    assert api_client.get(f"/api/v2/pages/{tree['scheme'].pk}/").content == before["detail"]


def test_documents_are_stored_as_the_api_encodes_them():
    payload = {"id": 1, "meta": {"type": "x", "parent": None}, "title": "Æ\u2028"}
    assert serialise(payload) == stock(json.dumps(payload)).decode().replace("\\u2028", "\u2028")


def explain(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's few rows are scanned rather than read off an index unless told not to.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_count_offset_and_after_id_read_the_listing_index_alone(api_client, tree):
    add_schemes(tree["topic"], 6)
    for way, queries in deep_queries(api_client, position=5).items():
        pages = [sql for sql in queries if 'FROM "wagtailcore_page" WHERE' in sql]
        assert pages, way
        for sql in pages:
            plan = explain(sql)
            if connection.vendor == "sqlite":
                # Every column tested is in the index: no page row is read for a skipped item.
                assert f"COVERING INDEX {INDEX}" in plan, (way, sql, plan)
                assert "TEMP B-TREE" not in plan, (way, sql, plan)
            else:
                # PostgreSQL reads the index alone once VACUUM has marked the table's pages
                # all-visible, which a test's transaction cannot; it must at least walk an index
                # in the listing's order rather than scan the table and sort it.
                assert "Index" in plan and "Seq Scan" not in plan, (way, sql, plan)
                assert "Sort" not in plan, (way, sql, plan)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual machine steps")
def test_after_id_seeks_to_its_anchor_rather_than_walking_past_the_pages_before_it(
    api_client, tree
):
    add_schemes(tree["topic"], 60)
    everything, _total = ids_and_total(api_client, "fields=_&limit=100")

    def steps_of_the_page_query(after_id):
        queries = queries_of(api_client, f"fields=_&limit=2&after_id={after_id}")
        (page_query,) = [sql for sql in queries if sql.startswith('SELECT "wagtailcore_page"."id"')]
        steps = [0]

        def count():
            steps[0] += 1

        raw = connection.connection
        raw.set_progress_handler(count, 1)
        try:
            raw.execute(page_query).fetchall()
        finally:
            raw.set_progress_handler(None, 1)
        return steps[0]

    assert steps_of_the_page_query(everything[-3]) == steps_of_the_page_query(everything[1])
