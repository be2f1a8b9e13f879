"""Norwegian text analysis and query parsing: no database needed."""

import pytest

from search import engine, norwegian, ranking


def test_spellings_of_ae_oe_aa_fold_to_one():
    assert norwegian.fold("Bredbånd") == norwegian.fold("bredbaand") == "bredband"
    assert norwegian.fold("Kåfjord") == norwegian.fold("Kaafjord") == "kafjord"
    assert norwegian.fold("Næring") == norwegian.fold("naering") == "naering"
    assert norwegian.fold("Østrem") == norwegian.fold("Östrem") == "ostrem"
    assert norwegian.fold("kafé") == "kafe"


def test_inflected_forms_have_one_stem():
    assert norwegian.stems("bredbåndet") == norwegian.stems("bredbånd") == ["bredband"]
    assert norwegian.stems("avtalene") == norwegian.stems("avtale") == ["avtal"]
    assert norwegian.stems("dagligvarebutikken") == norwegian.stems("dagligvarebutikker")
    assert norwegian.stems("søknader") == norwegian.stems("søknad")


def test_stop_words_and_single_letters_are_not_indexed():
    assert norwegian.stems("og til for det i å") == []
    assert norwegian.stems("pa sa") == []  # på and så typed without å
    assert norwegian.folded_words("x 5542 2022") == ["5542", "2022"]


def test_hyphenated_words_give_their_parts_and_the_whole():
    assert norwegian.folded_words("BIO-midler") == ["bio", "midler", "biomidler"]
    assert norwegian.folded_words("nærings- og samfunnsutvikling") == [
        "naerings",
        "samfunnsutvikling",
    ]


def test_compound_parts_are_four_or_five_letters_at_least_and_leave_three():
    leading, trailing = norwegian.compound_parts("bredbandsutbygging")
    assert "bredband" in leading and "utbygging" in trailing
    assert min(map(len, leading)) == 4
    assert min(map(len, trailing)) == 5
    assert max(map(len, leading)) == len("bredbandsutbygging") - 3
    # Shorter words are not taken apart: "bredband" is not "bred" and "band".
    assert norwegian.compound_parts("bredband") == ((), ())


@pytest.mark.parametrize(
    ("stem", "token", "expected"),
    [
        ("bredband", "bredband", ranking.EXACT),
        ("butikk", "dagligvarebutikk", ranking.DOCUMENT_HEAD),
        ("bredband", "bredbandsutbygging", ranking.DOCUMENT_MODIFIER),
        ("studiesent", "studiesenter", ranking.INFLECTION),
        ("bredbandsutbygging", "bredband", ranking.QUERY_MODIFIER * 8 / 18),
        ("bredbandsutbygging", "utbygging", ranking.QUERY_HEAD * 9 / 18),
        ("naerbutikk", "lokalbutikk", ranking.SHARED_HEAD),
        ("bil", "bilde", 0.0),
        ("ring", "naering", 0.0),
        ("bredband", "bred", 0.0),
    ],
)
def test_similarity_of_stems(stem, token, expected):
    assert ranking.similarity(stem, token)[0] == pytest.approx(expected)


def test_query_words_become_concepts_with_synonyms_joined():
    groups = [[("bio",), ("bedriftsintern", "opplaering")], [("bredband",), ("breiband",)]]
    # Rules as engine.synonym_groups() makes them: (phrase sought, alternatives, labels).
    rules = [(phrase, tuple(group), ()) for group in groups for phrase in group]
    query = engine.parse("Bedriftsintern opplæring og breibandet", rules)
    assert [concept.text for concept in query.concepts] == [
        "Bedriftsintern opplæring",
        "breibandet",
    ]
    assert query.concepts[0].alternatives == (
        ("bedriftsintern", "opplaering"),
        ("bio",),
    )
    assert query.concepts[1].alternatives == (("breiband",), ("bredband",))
    assert query.normalised == "bedriftsintern opplæring og breibandet"


def test_hyphenated_query_words_may_be_written_together():
    query = engine.parse("BIO-midler", groups=[])
    assert query.concepts[0].alternatives == (("bio", "midl"), ("biomidl",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * (engine.MAX_QUERY_LENGTH + 1), "høyst 200 tegn"),
        ("ord " * (engine.MAX_QUERY_TERMS + 1), "høyst 32 ord"),
        ("a\x00b", "nulltegn"),
    ],
)
def test_queries_over_the_caps_are_refused(text, message):
    with pytest.raises(engine.QueryError, match=message):
        engine.parse(text, groups=[])


def test_operators_and_quotes_are_only_separators():
    query = engine.parse('"bredbånd" AND -fiber* NEAR(x) {title}: ^a', groups=[])
    assert query.words == ["bredbånd", "AND", "fiber", "NEAR", "x", "title", "a"]
