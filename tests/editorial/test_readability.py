"""LIX readability: counting Norwegian text, and showing the score to the editor."""

import re

import pytest
from django.urls import reverse
from wagtail.models import get_page_models
from wagtail.rich_text import RichText

from editorial.panels import ReadabilityPanel
from editorial.readability import (
    Readability,
    latest_draft_readability,
    measure,
    page_readability,
    readability_of,
    rich_text_units,
)
from schemes.models import SchemePage
from tests.factories import (
    ProgrammePageFactory,
    SchemeIndexPageFactory,
    SchemePageFactory,
    StrategyPageFactory,
    TopicPageFactory,
    site_root,
)


def counts(readability):
    return readability.words, readability.sentences, readability.long_words


def test_words_sentences_and_long_words_are_counted():
    # "ligger" has six letters, which is not long; "distriktene" has eleven.
    text = "Troms ligger i nord. Distriktene har mange små kommuner."

    assert counts(measure(text)) == (9, 2, 2)


def test_norwegian_letters_count_as_letters():
    assert counts(measure("Blåbær")) == (1, 1, 0)
    assert counts(measure("Særøyås")) == (1, 1, 1)
    assert counts(measure("Næringsutvikling på Sør-Troms.")) == (3, 1, 2)


def test_question_and_exclamation_marks_end_sentences():
    assert measure("Hvem kan søke? Alle kommuner! Søk nå.").sentences == 3


def test_dates_abbreviations_and_initials_stay_inside_their_sentence():
    text = "Fristen er 15. mars kl. 12. Kontakt f.eks. A. Andresen om bl.a. bredbånd."

    assert measure(text).sentences == 2


def test_a_full_stop_before_a_capital_ends_a_sentence_even_after_a_number():
    assert measure("Strategien gjelder fra 2022. Den revideres hvert år.").sentences == 2


def test_a_unit_without_punctuation_is_one_sentence():
    assert counts(measure("Hvem kan søke")) == (3, 1, 0)


def test_numbers_count_as_words_and_lone_punctuation_does_not():
    assert counts(measure("Budsjettet er 2 500 000 kroner – i alt.")) == (8, 1, 1)


def test_lix_is_words_per_sentence_plus_the_percentage_of_long_words():
    readability = Readability(words=20, sentences=2, long_words=5)

    assert readability.lix == 20 / 2 + 100 * 5 / 20
    assert readability.score == 35
    assert readability.words_per_sentence == 10
    assert readability.long_word_percentage == 25


@pytest.mark.parametrize(
    ("readability", "band"),
    [
        (Readability(words=10, sentences=1, long_words=1), "svært lett"),
        (Readability(words=10, sentences=1, long_words=2), "lett"),
        (Readability(words=20, sentences=1, long_words=4), "middels"),
        (Readability(words=30, sentences=1, long_words=6), "vanskelig"),
        (Readability(words=40, sentences=1, long_words=8), "svært vanskelig"),
    ],
    ids=["20", "30", "40", "50", "60"],
)
def test_scores_fall_in_the_norwegian_bands_with_boundaries_in_the_harder_band(readability, band):
    assert str(readability.band.label) == band


def test_a_text_without_words_has_no_score():
    readability = readability_of(["", "  – ", "..."])

    assert readability.lix is None
    assert readability.score is None
    assert readability.band is None


def test_rich_text_is_split_into_paragraphs_headings_and_list_items():
    html = (
        "<h3>Hvem kan søke</h3><p>Kommunene&nbsp;søker.<br/>Fristen er <b>15.</b> mars.</p>"
        '<ul><li>Skjema</li><li>Budsjett</li></ul><embed alt="Et kart" embedtype="image" id="1"/>'
    )

    assert rich_text_units(html) == [
        "Hvem kan søke",
        "Kommunene søker.",
        "Fristen er 15. mars.",
        "Skjema",
        "Budsjett",
    ]


@pytest.fixture
def scheme(db):
    finder = SchemeIndexPageFactory(parent=site_root())
    return SchemePageFactory(
        parent=finder,
        # 5 words, 1 sentence, 3 long words (tilskudd, bredbånd, distriktene).
        summary="Tilskudd til bredbånd i distriktene.",
        body=[
            # 3 words, 1 sentence.
            ("heading", "Hvem kan søke"),
            # 6 words, 2 sentences, 2 long; then 1 and 1 word, each its own sentence and long.
            (
                "paragraph",
                RichText(
                    "<p>Kommunene søker. Fristen er 15. mars.</p>"
                    "<ul><li>Søknadsskjema</li><li>Budsjett</li></ul>"
                ),
            ),
            # Navigation, not prose: not counted.
            (
                "links",
                {
                    "heading": "Relevante lenker",
                    "links": [
                        {
                            "title": "Regjeringens nettsider om distriktspolitikk",
                            "url": "https://www.regjeringen.no/",
                        }
                    ],
                },
            ),
        ],
        # 2 words, 1 sentence, 1 long.
        eligibility_note="Ikke enkeltbedrifter.",
        related_links=[
            ("link", {"title": "Søknadsportalen for regional utvikling", "url": "https://x.no/"})
        ],
    )


EXPECTED = (18, 7, 8)


def test_a_page_is_measured_from_its_text_fields_and_blocks(scheme):
    readability = page_readability(scheme)

    assert counts(readability) == EXPECTED
    assert readability.score == round(18 / 7 + 100 * 8 / 18)


def test_a_page_read_from_the_database_measures_the_same(scheme):
    assert counts(page_readability(SchemePage.objects.get(pk=scheme.pk))) == EXPECTED


def test_the_latest_draft_is_measured_from_its_revision_without_a_query(
    scheme, django_assert_num_queries
):
    scheme.eligibility_note = "Ikke enkeltbedrifter. Heller ikke private personer."
    scheme.save_revision()
    page = SchemePage.objects.select_related("latest_revision").get(pk=scheme.pk)

    with django_assert_num_queries(0):
        readability = latest_draft_readability(page)

    assert counts(readability) == (18 + 4, 7 + 1, 8 + 2)
    assert counts(page_readability(page)) == EXPECTED


OUR_PAGE_MODELS = [
    model
    for model in get_page_models()
    if model._meta.app_label in {"home", "people", "strategy", "schemes", "search"}
]


@pytest.mark.parametrize("model", OUR_PAGE_MODELS, ids=lambda model: model._meta.label)
def test_every_page_type_shows_readability_in_its_content_tab(model):
    assert len(OUR_PAGE_MODELS) == 7
    assert any(isinstance(panel, ReadabilityPanel) for panel in model.content_panels)


def edit_page(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_editor_shows_the_score_counts_and_what_lix_means(admin_client, scheme):
    html = edit_page(admin_client, scheme)

    readability = page_readability(scheme)
    assert "Lesbarhet (LIX)" in html
    assert f"LIX {readability.score}: middels" in html
    assert '<dd class="w-m-0" data-readability-words>18</dd>' in html
    assert '<dd class="w-m-0" data-readability-sentences>7</dd>' in html
    assert "LIX (lesbarhetsindeks) måler hvor lett en tekst er å lese" in html
    assert "Under 30: svært lett (barnebøker)" in html
    assert "60 og over: svært vanskelig (faglitteratur og juridisk tekst)" in html


def test_the_editor_shows_the_readability_of_the_latest_draft(admin_client, scheme):
    scheme.summary = "Kort."
    scheme.save_revision()

    html = edit_page(admin_client, scheme)

    assert '<dd class="w-m-0" data-readability-words>14</dd>' in html


@pytest.mark.parametrize(
    "factory", [TopicPageFactory, StrategyPageFactory, SchemeIndexPageFactory, ProgrammePageFactory]
)
def test_the_editor_of_other_page_types_shows_readability(admin_client, db, factory):
    home = site_root()
    parent = SchemeIndexPageFactory(parent=home) if factory is ProgrammePageFactory else home
    page = factory(parent=parent)

    html = edit_page(admin_client, page)

    assert "data-readability" in html
    assert "Lesbarhet (LIX)" in html


def test_a_new_page_has_no_text_to_measure(admin_client, db):
    home = site_root()

    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["home", "topicpage", home.pk])
    )

    assert "Siden har ingen tekst å måle ennå." in response.content.decode()


def test_the_checks_panel_shows_the_readability_panels_figure_and_no_figure_of_its_own(
    admin_client, scheme
):
    html = edit_page(admin_client, scheme)

    # Wagtail's own figure, from the preview's text and other bands ("Krevende"), is gone...
    assert "data-content-readability-score" not in html
    # ...and in its place the slot that the readability panel's script fills with its figure.
    assert "data-readability-checks" in html
    assert "Den samme LIX-verdien som i sidens lesbarhetspanel" in html
    readability = page_readability(scheme)
    assert re.search(rf"data-readability-figure>\s*LIX {readability.score}: middels", html)
