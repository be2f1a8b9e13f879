"""Search that forgives: misspellings, English and other words people use, and suggestions as
people type, through the API and on /sok/. Run on SQLite and on PostgreSQL."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from search import engine, vocabulary
from search.models import SearchEntry, Synonym
from search.ranking import Concept, Ranker
from search.synonyms import create_english_synonyms
from tests.factories import SchemePageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(tree):
    create_english_synonyms(Synonym)


def api(client, path="/api/v2/search/", status=200, **parameters):
    response = client.get(path, parameters)
    assert response.status_code == status, response.content
    return response.json()


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_misspelt_place_is_corrected_and_the_api_says_so(api_client, tree):
    data = api(api_client, q="Skjervy")
    assert data["meta"]["corrected_query"] == "Skjervøy"
    assert data["meta"]["query"] == "skjervy"
    assert data["items"][0]["title"] == "Bredbånd"
    # The words as typed, on request: nothing, and nothing corrected.
    exact = api(api_client, q="Skjervy", exact="true")
    assert exact["meta"]["corrected_query"] is None
    assert exact["items"] == []
    # A word the index has is not corrected.
    assert api(api_client, q="Skjervøy")["meta"]["corrected_query"] is None


def test_missing_aeoa_and_a_typo_together_are_forgiven(api_client, tree):
    assert api(api_client, q="bredbnd")["items"][0]["title"] == "Bredbånd"
    assert api(api_client, q="bredband")["meta"]["corrected_query"] is None


def test_an_empty_result_offers_spellings_that_find_something(api_client, tree):
    data = api(api_client, q="Skjervxyzq")
    assert data["items"] == []
    assert data["meta"]["suggestions"] == ["Skjervøy"]
    nothing = api(api_client, q="fjellski")
    assert nothing["meta"]["suggestions"] == []
    assert nothing["meta"]["corrected_query"] is None


@pytest.mark.parametrize("value", ["yes", "", "2", "TRUE!"])
def test_exact_takes_only_true_or_false(api_client, tree, value):
    assert api(api_client, status=400, q="bredbånd", exact=value)["message"]


def test_english_words_find_norwegian_pages_one_way(api_client, english):
    data = api(api_client, q="broadband")
    assert data["items"][0]["title"] == "Bredbånd"
    assert data["meta"]["synonyms"] == [{"query": "broadband", "synonyms": ["bredbånd"]}]
    # A Norwegian search does not also look for the English word.
    widened = api(api_client, q="bredbånd")["meta"]["synonyms"]
    assert "broadband" not in str(widened)
    assert api(api_client, q="grocery store")["meta"]["synonyms"] == [
        {"query": "grocery store", "synonyms": ["dagligvarebutikk"]}
    ]


def test_a_one_way_synonym_needs_a_word_to_lead_to(db):
    synonym = Synonym(terms="og", one_way_terms="broadband")
    with pytest.raises(ValidationError, match="minst to ord|at least two words"):
        synonym.full_clean()
    Synonym(terms="bredbånd", one_way_terms="broadband").full_clean()


def test_words_as_typed_rank_above_corrections_whatever_the_score():
    def entry(pk, title, body):
        return SearchEntry(pk=pk, title=title, title_stems=title, body_stems=body)

    concept = Concept("kvenang", (("kvenang",),), corrections=(("kvaenang",),))
    typed_in_body = entry(1, "annet", "kvenang")
    corrected_in_title = entry(2, "kvaenang", "")
    ranked = Ranker([concept], [corrected_in_title, typed_in_body], 10).rank()
    assert [row[1].pk for row in ranked] == [1, 2]
    assert ranked[0][0] < ranked[1][0]


def test_corrections_are_the_same_on_every_database(tree):
    publish(SchemePageFactory(parent=tree["topic"], title="Kvænangen", summary="Omstilling."))
    assert [word.display for word in vocabulary.corrections("kvenangen")] == ["Kvænangen"]
    assert [word.display for word in vocabulary.corrections("Kvanangen")] == ["Kvænangen"]
    assert vocabulary.corrections("gnsit") == []
    assert vocabulary.corrections("bredbånd") == []
    assert [word.word for word in vocabulary.corrections("bredbnd")] == ["bredband"]


def test_the_vocabulary_follows_the_index(tree):
    scheme = SchemePageFactory(parent=tree["topic"], title="Lavangen", summary="Omstilling.")
    publish(scheme)
    assert engine.run("lavngen").corrected == "Lavangen"
    scheme.unpublish()
    assert engine.run("lavngen").corrected == ""


def test_suggestions_complete_titles_and_words_whatever_the_case_and_accents(api_client, tree):
    expected = {"type": "title", "text": "Bredbånd", "result_type": "scheme"}
    for prefix in ("bredb", "BREDB", "Bredbå", "bredbaa"):
        first = api(api_client, "/api/v2/search/suggest/", q=prefix)["items"][0]
        assert {key: first[key] for key in expected} == expected, prefix
        assert first["url"] == "https://www.tromsfylke.no/attraktive-samfunn/bredband/"
    words = api(api_client, "/api/v2/search/suggest/", q="skjerv")["items"]
    assert {"type": "term", "text": "Skjervøy", "result_type": None, "url": None} in words
    assert api(api_client, "/api/v2/search/suggest/", q="b")["items"] == []
    assert api(api_client, "/api/v2/search/suggest/", q="")["items"] == []


def test_suggestions_are_at_most_eight_and_cheap(api_client, tree, django_assert_max_num_queries):
    for number in range(12):
        publish(SchemePageFactory(parent=tree["topic"], title=f"Tilskudd {number}"))
    api(api_client, "/api/v2/search/suggest/", q="tilsk")
    with django_assert_max_num_queries(1):
        items = api(api_client, "/api/v2/search/suggest/", q="tilsk")["items"]
    assert len(items) == 8


@pytest.mark.parametrize(
    "parameters", [{"q": "x" * 201}, {"q": "bredb", "type": "scheme"}, {"q": "a\x00"}]
)
def test_bad_suggestion_requests_are_a_json_400(api_client, tree, parameters):
    assert api(api_client, "/api/v2/search/suggest/", status=400, **parameters)["message"]


def test_suggestions_are_documented(api_client):
    document = api_client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/v2/search/suggest/"]["get"]
    assert [parameter["name"] for parameter in operation["parameters"]] == ["format", "q"]
    meta = document["paths"]["/api/v2/search/"]["get"]["responses"]["200"]
    assert "corrected_query" in str(meta)


def test_the_search_page_says_what_it_searched_for(client, english):
    html = client.get("/sok/", {"q": "Skjervy"}).content.decode()
    assert "Viser treff for «Skjervøy»." in text(html)
    assert '<a href="?q=Skjervy&amp;exact=1">' in html
    assert "Søk etter «Skjervy» akkurat slik det er skrevet" in text(html)
    exact = client.get("/sok/", {"q": "Skjervy", "exact": "1"}).content.decode()
    assert "Ingen treff for «Skjervy»" in text(exact)
    assert "Viser treff for" not in exact
    english_html = client.get("/sok/", {"q": "broadband"}).content.decode()
    assert "Søket tok også med synonymer for «broadband»: bredbånd." in text(english_html)
    empty = client.get("/sok/", {"q": "Skjervxyzq"}).content.decode()
    assert "Mente du et av disse?" in text(empty)
    assert '<a href="?q=Skjerv%C3%B8y">Skjervøy</a>' in empty


def test_the_search_page_loads_its_suggestions_script_from_a_file(client, tree):
    html = client.get("/sok/").content.decode()
    assert re.search(r'<script src="/static/search/suggest\.js[^"]*" defer></script>', html)
    assert 'data-suggest-url="/api/v2/search/suggest/"' in html
    assert "<script>" not in html
    assert connection.vendor in ("sqlite", "postgresql")
