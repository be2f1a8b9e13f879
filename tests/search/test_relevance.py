"""Relevance on the real Troms content: the judged set, and Norwegian language features."""

import pytest
from django.db import connection

from search import engine, norwegian
from search.models import SearchEntry

from .relevance import (
    FORGIVING_JUDGEMENTS,
    JUDGEMENTS,
    KINDS,
    REPORTED,
    evaluate,
    evaluate_by_kind,
)

pytestmark = pytest.mark.django_db

# What the judged set must reach on every database; the issue asks for 90 % in the top 3.
MIN_HIT_AT_3 = 0.95
MIN_MRR = 0.9


def titles(query):
    return [hit.title for hit in engine.search(query)]


def test_judged_queries_find_their_page_in_the_top_three(troms):
    evaluation = evaluate(titles)
    REPORTED.append(evaluation.summary(connection.vendor))
    assert len(JUDGEMENTS) >= 40
    # Every plain query lands in the top three.
    assert evaluation.hit_at_3 == 1.0, evaluation.misses
    assert evaluation.mrr >= MIN_MRR, evaluation.misses


def test_queries_as_people_type_them_find_their_page_in_the_top_three(troms):
    """Misspellings, missing æøå, questions, English, agencies and nynorsk: 95 % in the top 3."""
    queries = [(query, expected) for query, expected, _ in FORGIVING_JUDGEMENTS]
    assert len(queries) >= 60
    assert len(set(queries)) == len(queries)
    assert set(KINDS) == {kind for _, _, kind in FORGIVING_JUDGEMENTS}
    evaluation = evaluate(titles, queries)
    REPORTED.append("forgiving set: " + evaluation.summary(connection.vendor))
    for kind, by_kind in evaluate_by_kind(titles).items():
        REPORTED.append(f"  {kind}: " + by_kind.summary(connection.vendor))
    assert evaluation.hit_at_3 >= MIN_HIT_AT_3, evaluation.misses
    assert evaluation.mrr >= MIN_MRR, evaluation.misses


def test_norwegian_forms_find_the_same_pages(troms):
    def top(query):
        return titles(query)[0]

    # Inflections, compounds and spellings of the examples.
    assert top("bredbånd") == top("bredbåndet") == top("bredband") == top("bredbaand") == "Bredbånd"
    assert top("bredbåndsutbygging") == "Bredbånd"
    assert top("avtalene") in {"Bygdevekstavtaler", "Regionvekstavtaler", "Tromsvekstavtaler"}
    assert top("dagligvarebutikken") == "Støtte til dagligvarebutikker i utkantstrøk"
    assert top("tilskudd til butikker") == "Støtte til dagligvarebutikker i utkantstrøk"
    assert top("bygdevekstavtale Skjervøy") == "Bygdevekstavtaler"
    # Synonyms that editors keep: nynorsk, and an abbreviation for a phrase.
    assert top("breiband") == "Bredbånd"
    assert top("bedriftsintern opplæring") == top("BIO") == "BIO-midler"
    # A word only in the body is found, ranked below the page whose title it is.
    assert titles("utbygging")[0] == "Bredbånd"
    # Words that carry no meaning alone find nothing rather than everything.
    assert titles("og til for det") == []
    # Title and summary above body text: every page mentions the county, one is titled for it.
    assert top("Attraktive samfunn") == "Attraktive samfunn"
    # People by name and by what they answer for.
    found = engine.search("dagligvarestøtte")
    assert "Fredrik Dalsbøe" in [hit.title for hit in found[:3]]
    assert [hit.type for hit in found if hit.title == "Fredrik Dalsbøe"] == ["person"]


def test_snippets_mark_inflected_and_compound_matches(troms):
    hit = engine.search("butikk")[0]
    assert engine.snippet(hit).startswith("<mark>Lokalbutikkene</mark> er viktige i distriktene")
    hit = next(hit for hit in engine.search("bredbåndet") if hit.title == "Bredbånd")
    assert "<mark>bredbånd</mark>" in engine.snippet(hit)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's stems")
def test_postgresql_stems_the_content_as_snowball_does_here(troms):
    words = set()
    for entry in SearchEntry.objects.all():
        words.update(f"{entry.title_words} {entry.summary_words} {entry.body_words}".split())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, (SELECT string_agg(lexeme, ' ') FROM unnest(to_tsvector("
            "'norwegian', word))) FROM unnest(%s::text[]) AS word",
            [sorted(words)],
        )
        postgres = dict(cursor.fetchall())
    different = {
        word: (postgres[word], norwegian.stem(word))
        for word in words
        if postgres[word] != norwegian.stem(word)
    }
    assert len(words) > 300
    assert different == {}
