"""Citizen search costs the same on a site with many more matching pages: the same queries, the
best matches found through an index rather than by ranking every match, and a count that says
when it is only a lower bound."""

import gc
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page

from headless.models import MediaSettings
from schemes.models import SchemePage
from search import backends, engine
from search.choices import EntryKind
from search.models import SearchEntry, SearchPosting
from search.ranking import collection_paused

from .conftest import publish

pytestmark = pytest.mark.django_db


def add_schemes(topic, count, first=0):
    """``count`` published schemes that mention kaianlegg only in their summaries."""
    for number in range(first, first + count):
        publish(
            topic.add_child(
                instance=SchemePage(
                    title=f"Havneordning {number:03d}",
                    slug=f"havneordning-{number}",
                    summary="Tilskudd til kaianlegg og havner i distriktene.",
                )
            )
        )


def add_best_match(topic):
    """A scheme named for the word sought, indexed after every other match."""
    return publish(
        topic.add_child(
            instance=SchemePage(
                title="Kaianlegg", slug="kaianlegg", summary="Tilskudd til nye kaianlegg."
            )
        )
    )


def count_queries(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


PATHS = ["/api/v2/search/?q=kaianlegg", "/sok/?q=kaianlegg", "/api/v2/search/?q=bredbånd"]


@pytest.mark.parametrize("cap", [engine.MAX_CANDIDATES, 20])
def test_a_search_runs_the_same_queries_on_a_site_of_many_more_matching_pages(
    api_client, tree, monkeypatch, cap
):
    monkeypatch.setattr(engine, "MAX_CANDIDATES", cap)
    add_schemes(tree["topic"], 2)
    small = {path: count_queries(api_client, path)[0] for path in PATHS}
    add_schemes(tree["topic"], 60, first=2)
    large = {}
    for path in PATHS:
        large[path], response = count_queries(api_client, path)
        if path.startswith("/api/") and "kaianlegg" in path:
            meta = response.json()["meta"]
            assert meta["total_count"] == min(62, cap)
            assert meta["total_count_is_lower_bound"] is (cap < 62)
    assert large == small


def add_documents():
    """A public document and one in a restricted collection, both about kaianlegg."""
    root = MediaSettings.load().public_collection
    internal = root.add_child(name="Interne dokumenter")
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    model = get_document_model()
    public = model.objects.create(
        title="Søknadsskjema kaianlegg", file=ContentFile(b"x", name="a.pdf"), collection=root
    )
    hidden = model.objects.create(
        title="Intern vurdering kaianlegg",
        file=ContentFile(b"x", name="b.pdf"),
        collection=internal,
    )
    return public, hidden


def test_a_search_that_finds_documents_runs_the_same_queries_on_a_bigger_site(api_client, tree):
    public, hidden = add_documents()
    add_schemes(tree["topic"], 2)
    path = "/api/v2/search/?q=kaianlegg"
    small, response = count_queries(api_client, path)
    documents = [item["id"] for item in response.json()["items"] if item["type"] == "document"]
    assert documents == [public.pk]
    add_schemes(tree["topic"], 40, first=2)
    large, response = count_queries(api_client, path)
    assert large == small
    documents = [item["id"] for item in response.json()["items"] if item["type"] == "document"]
    assert documents == [public.pk]
    assert hidden.pk not in documents


def test_ranking_leaves_the_garbage_collector_running(api_client, tree):
    add_schemes(tree["topic"], 3)
    assert gc.isenabled()
    assert api_client.get("/api/v2/search/?q=kaianlegg").json()["meta"]["total_count"] == 3
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        # Whoever turned it off turns it on again.
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_more_matches_than_are_ranked_rank_the_best_and_say_the_count_is_a_lower_bound(
    api_client, tree, monkeypatch
):
    add_schemes(tree["topic"], 30)
    best = add_best_match(tree["topic"])
    whole = api_client.get("/api/v2/search/?q=kaianlegg&limit=1").json()
    assert whole["meta"]["total_count"] == 31
    assert whole["meta"]["total_count_is_lower_bound"] is False
    assert whole["items"][0]["id"] == best.pk

    cache.clear()
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 10)
    capped = api_client.get("/api/v2/search/?q=kaianlegg&limit=1").json()
    assert capped["meta"]["total_count"] == 10
    assert capped["meta"]["total_count_is_lower_bound"] is True
    # Indexed last, the scheme named for the word is still among those ranked, and first.
    assert capped["items"][0]["id"] == best.pk
    assert capped["meta"]["counts"]["scheme"] == 10

    page = api_client.get("/sok/?q=kaianlegg")
    assert "Minst 10 treff" in page.content.decode()


def test_the_candidates_are_bounded_by_the_cap_whatever_the_number_of_matches(tree):
    add_schemes(tree["topic"], 12)
    best = add_best_match(tree["topic"])
    concepts = engine.parse("kaianlegg").concepts
    terms = engine._terms(concepts)
    stems = {stem for concept in concepts for stem in concept.alternatives[0]}
    entry = SearchEntry.objects.get(kind=EntryKind.PAGE, object_id=best.pk)

    ids, total, capped = backends.candidates(terms, 5, stems)
    assert len(ids) == 5
    assert capped is True
    assert ids[0] == entry.pk
    assert total == SearchEntry.objects.count()

    ids, _total, capped = backends.candidates(terms, 13, stems)
    assert len(ids) == 13
    assert capped is False


def test_postings_follow_the_index(tree):
    scheme = tree["scheme"]
    entry = SearchEntry.objects.get(kind=EntryKind.PAGE, object_id=scheme.pk)
    postings = dict(SearchPosting.objects.filter(entry=entry).values_list("stem", "score"))
    # In the title, the summary and the keywords (its topic): 10 + 5 + 4, and more for the body.
    assert postings["bredband"] >= 19.0
    # In the summary only.
    assert postings["utbygging"] == pytest.approx(5.0)
    before = postings["bredband"]

    scheme.title = "Fiberutbygging"
    publish(scheme)
    postings = dict(SearchPosting.objects.filter(entry=entry).values_list("stem", "score"))
    assert postings["fiberutbygging"] >= 10.0
    assert postings["bredband"] == pytest.approx(before - 10.0)

    scheme.unpublish()
    assert not SearchPosting.objects.filter(entry__object_id=scheme.pk).exists()


def query_plan(sql, params):
    """The database's plan of a statement, as text, with sequential scans discouraged on
    PostgreSQL (whose planner scans a test's few rows rather than read an index)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_the_best_matches_are_read_off_the_postings_index(tree):
    add_schemes(tree["topic"], 3)
    concepts = engine.parse("kaianlegg tilskudd").concepts
    stems = {stem for concept in concepts for stem in concept.alternatives[0]}
    plan = query_plan(*backends.candidates_statement(engine._terms(concepts), 5, stems))
    if connection.vendor == "postgresql":
        assert "search_posting_best" in plan
        assert "Seq Scan on search_searchposting" not in plan
    else:
        # Each stem's best postings, in the index's order: no table scan, no sort per stem.
        assert plan.count("COVERING INDEX search_posting_best (stem=?)") == len(stems)
        assert "SCAN search_searchposting" not in plan


def test_the_candidates_are_loaded_by_their_ids(tree):
    # As many ids as a search that matches more than it ranks asks for.
    ids = range(1, engine.MAX_CANDIDATES + 1)
    for documents in (True, False):
        queryset = engine.visible_entries(documents=documents).filter(pk__in=ids)
        sql, params = queryset.values_list("pk").query.sql_with_params()
        plan = query_plan(sql, params)
        if connection.vendor == "postgresql":
            assert "search_searchentry_pkey" in plan
        else:
            assert "SEARCH search_searchentry USING INTEGER PRIMARY KEY (rowid=?)" in plan
            # Not every entry of a kind, through the index on (kind, object_id).
            assert "(kind=?)" not in plan


def candidate_statement(ids):
    """SQL and parameters of the statement that reads the candidates ``ids`` for ranking."""
    with CaptureQueriesContext(connection) as queries:
        engine._visible_candidates(ids, None)
    (statement,) = [query["sql"] for query in queries if "search_searchentry" in query["sql"]]
    return statement


def test_each_candidates_page_is_looked_up_by_its_id(tree):
    add_schemes(tree["topic"], 3)
    ids = list(SearchEntry.objects.values_list("pk", flat=True))
    sql = candidate_statement(ids)
    plan = query_plan(sql, None)
    if connection.vendor == "postgresql":
        # A probe per candidate, not a hash of every public page of the site: whichever index
        # on the page table the planner picks, it seeks the candidate's page by its id.
        assert "hashed SubPlan" not in plan
        assert re.search(r"Index (Only )?Scan using \S+ on wagtailcore_page ", plan), plan
        assert re.search(r"Index Cond: .*[( ]id = search_searchentry\.object_id\)", plan), plan
    else:
        assert "CORRELATED SCALAR SUBQUERY" in plan
        assert "SEARCH U0 USING INTEGER PRIMARY KEY (rowid=?)" in plan
        assert "SCAN" not in plan


def test_only_the_candidates_a_reader_may_see_are_ranked(tree):
    scheme = SchemePage.objects.get(slug="bredband")
    hidden = tree["topic"].add_child(
        instance=SchemePage(title="Kladd", slug="kladd", summary="Tilskudd til bredbånd.")
    )
    hidden.unpublish()
    # Entries that a page hidden since it was indexed, and an unknown kind, may leave behind.
    stale = SearchEntry.objects.create(
        kind=EntryKind.PAGE, object_id=hidden.pk, result_type="scheme", title="Kladd"
    )
    unknown = SearchEntry.objects.create(
        kind="unknown", object_id=scheme.pk, result_type="page", title="Ukjent"
    )
    ids = list(SearchEntry.objects.values_list("pk", flat=True))
    candidates = engine._visible_candidates(ids, None)
    kept = {(candidate.kind, candidate.object_id) for candidate in candidates}
    assert (EntryKind.PAGE, scheme.pk) in kept
    assert any(kind == EntryKind.PERSON for kind, _id in kept)
    assert stale.pk not in {candidate.pk for candidate in candidates}
    assert unknown.pk not in {candidate.pk for candidate in candidates}
    # A request for no site (no pages) still finds people.
    kinds = {candidate.kind for candidate in engine._visible_candidates(ids, Page.objects.none())}
    assert kinds == {EntryKind.PERSON}
    # What ranking reads of each: its stems, not the texts a result shows.
    assert set(engine.Candidate._fields) == {*engine.RANKING_FIELDS, "kind", "withheld"}
