"""``/sok/``: the citizens' search page, in Norwegian, without JavaScript."""

import re

import pytest
from django.core.paginator import Paginator
from wagtail.contrib.search_promotions.models import Query

from search.models import QueryWithoutResults
from tests.factories import SchemePageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def page(client, status=200, **parameters):
    response = client.get("/sok/", parameters)
    assert response.status_code == status
    return response.content.decode()


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_empty_page_offers_a_labelled_search_form(client, tree):
    html = page(client)
    assert '<html lang="nb">' in html
    assert '<label for="search-query">Hva leter du etter?</label>' in html
    assert 'role="search"' in html and 'name="q"' in html
    assert "<h1>Søk</h1>" in html
    assert "results-heading" not in html


def test_results_are_labelled_by_type_with_highlighted_snippets(client, tree):
    html = page(client, q="bredbåndet")
    assert "<title>Søkeresultater for «bredbåndet» – Troms næringsportal</title>" in html
    assert "3 treff for «bredbåndet»" in text(html)
    labels = re.findall(r'<span class="result-type">(\w+)</span>', html)
    assert labels == ["Ordning", "Person", "Side"]
    assert '<a href="https://www.tromsfylke.no/attraktive-samfunn/bredband/">Bredbånd</a>' in html
    assert "Tilskudd til utbygging av <mark>bredbånd</mark>." in html
    assert 'href="mailto:kjetil@example.no"' in html
    # The filter links keep the query and mark the current choice.
    assert '<a href="?q=bredb%C3%A5ndet" aria-current="true">Alle (3)</a>' in html
    filtered = page(client, q="bredbåndet", type="person")
    assert re.findall(r'<span class="result-type">(\w+)</span>', filtered) == ["Person"]
    assert 'aria-current="true">Personer (1)</a>' in filtered


def test_many_results_are_paginated(client, tree):
    for number in range(24):
        publish(
            SchemePageFactory(
                parent=tree["topic"], title=f"Ordning {number:02}", summary="Tilskudd til fiskeri."
            )
        )
    first = page(client, q="fiskeri")
    assert "Side 1 av 3" in text(first)
    assert '<ol class="results" start="1">' in first
    assert len(re.findall(r'<li class="result">', first)) == 10
    assert 'href="?q=fiskeri&amp;page=2" rel="next">Neste</a>' in first
    assert 'aria-label="Sider med søkeresultater"' in first
    second = page(client, q="fiskeri", page=2)
    assert '<ol class="results" start="11">' in second
    assert 'rel="prev">Forrige</a>' in second
    assert 'aria-current="page"><span class="visually-hidden">Side </span>2</a>' in second
    # Page numbers out of range or not numbers show the nearest page.
    assert '<ol class="results" start="21">' in page(client, q="fiskeri", page=99)
    assert '<ol class="results" start="1">' in page(client, q="fiskeri", page="x")


@pytest.mark.parametrize("number", ["", "2", "99", "x"])
def test_a_page_of_results_is_built_once(client, tree, monkeypatch, number):
    for count in range(12):
        publish(SchemePageFactory(parent=tree["topic"], title=f"Ordning {count:02}"))
    built = []
    original = Paginator._get_page

    def counted(paginator, *args, **kwargs):
        built.append(args[1])
        return original(paginator, *args, **kwargs)

    monkeypatch.setattr(Paginator, "_get_page", counted)
    html = page(client, q="ordning", page=number)
    assert built == [2 if number in ("2", "99") else 1]
    assert len(re.findall(r'<li class="result">', html)) == (2 if built == [2] else 10)


def test_nothing_found_gives_advice_and_a_spelling(client, tree):
    html = page(client, q="fjellski")
    assert "Ingen treff for «fjellski»" in text(html)
    assert "Sjekk stavemåten." in text(html)
    assert '<a href="https://www.tromsfylke.no/attraktive-samfunn/">Attraktive samfunn</a>' in html
    assert "Mente du" not in html


def test_the_query_is_escaped(client, tree):
    html = page(client, q='<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize("query", ["x" * 201, "ord " * 5_000, "a\x00b"])
def test_queries_over_the_caps_are_a_400_with_an_explanation(client, tree, query):
    html = page(client, status=400, q=query)
    assert 'role="alert"' in html
    assert "Søket er for langt. Bruk høyst 200 tegn og 32 ord." in text(html)


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "{title_stems}: x", "*", "og til"])
def test_odd_queries_are_answered(client, tree, query):
    page(client, q=query)


def test_searches_are_logged_from_the_first_page_only(client, tree):
    page(client, q="bredbånd")
    page(client, q="bredbånd")
    page(client, q="bredbånd", page=2)
    page(client, q="fjellski")
    assert Query.objects.get(query_string="bredbånd").hits == 2
    assert list(QueryWithoutResults.objects.values_list("query__query_string", "hits")) == [
        ("fjellski", 1)
    ]


def test_only_get_and_head_are_allowed(client, tree):
    assert client.head("/sok/?q=bredbånd").status_code == 200
    assert client.post("/sok/", {"q": "bredbånd"}).status_code == 405


def test_a_count_of_only_the_best_matches_is_called_a_lower_bound(client, tree, monkeypatch):
    from search import engine

    assert "Minst" not in page(client, q="bredbånd")
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 1)

    assert "Minst 1 treff for «bredbånd»" in page(client, q="bredbånd")
