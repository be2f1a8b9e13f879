"""The readability panel follows the editor's text as it is written, before anything is saved."""

import re

from playwright.sync_api import expect

from schemes.models import SchemePage
from tests.browser import BROWSER_TEST

pytestmark = BROWSER_TEST

HARD_SUMMARY = (
    "Distriktskommunenes næringsutviklingsarbeid forutsetter fylkeskommunens "
    "medfinansieringsordninger, kompetansehevingstiltak og infrastrukturinvesteringer."
)


def test_the_score_follows_the_summary_as_it_is_typed(
    live_server, editor, log_in, database, screenshot
):
    def scheme_state():
        scheme = SchemePage.objects.get(slug="bredband")
        return scheme.pk, scheme.summary, scheme.revisions.count()

    scheme_id, summary, revisions = database(scheme_state)
    page = log_in(editor)
    page.goto(f"{live_server.url}/admin/pages/{scheme_id}/edit/")
    score = page.locator("[data-readability-content] p").first
    expect(score).to_contain_text("LIX")
    before = score.inner_text()

    page.locator("#id_summary").fill(HARD_SUMMARY)

    # Long words in one sentence: a higher score, shown without saving.
    expect(score).not_to_have_text(before)
    expect(score).to_have_text(re.compile(r"LIX \d+: svært vanskelig"))
    score.scroll_into_view_if_needed()
    screenshot(page, "score-after-typing")
    assert database(scheme_state) == (scheme_id, summary, revisions)


def test_the_checks_panel_shows_the_same_lix_figure_as_the_readability_panel(
    live_server, editor, log_in, database, screenshot
):
    scheme_id = database(lambda: SchemePage.objects.get(slug="bredband").pk)
    page = log_in(editor)
    page.goto(f"{live_server.url}/admin/pages/{scheme_id}/edit/")
    figure = page.locator("[data-readability-content] [data-readability-figure]")
    expect(figure).to_contain_text("LIX")
    page.locator('[data-side-panel-toggle="checks"]').click()
    checks = page.locator("[data-readability-checks]")
    expect(checks).to_be_visible()
    expect(checks).to_have_text(figure.inner_text())
    screenshot(page, "checks-before-typing")

    # Typed, and measured again: the checks panel follows, with the very same figure.
    page.locator("#id_summary").fill(HARD_SUMMARY)
    expect(figure).to_have_text(re.compile(r"LIX \d+: svært vanskelig"))
    expect(checks).to_have_text(figure.inner_text())
    # Wagtail's own verdict, from other text and other bands, is not shown beside it.
    expect(page.get_by_text("Krevende", exact=True)).to_have_count(0)
    screenshot(page, "checks-after-typing")
