"""``/sok/`` in a real Chromium: axe-core finds no WCAG 2.1 A/AA violations, and it works
without JavaScript. Screenshots are kept in test-artifacts/<database>/search/ for a person to
look at."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from search.models import Synonym
from search.synonyms import create_default_synonyms, create_english_synonyms
from tests.browser import BROWSER_TEST

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = settings.TEST_ARTIFACTS_DIR / "search"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = BROWSER_TEST


@pytest.fixture
def content(transactional_db):
    create_default_synonyms(Synonym)
    create_english_synonyms(Synonym)
    call_command("load_troms_content", stdout=io.StringIO())


def violations(page):
    """axe-core's violations of WCAG 2.1 A and AA on the page, as (rule, targets) pairs."""
    # Evaluated through the browser's debugging protocol, not as a <script> element, which the
    # page's script policy rightly refuses: the policy stays on for the page's own scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("name", "address", "status"),
    [
        ("empty", "/sok/", 200),
        ("results", "/sok/?q=bredb%C3%A5ndet", 200),
        ("filtered", "/sok/?q=tilskudd&type=scheme", 200),
        ("second-page", "/sok/?q=troms&page=2", 200),
        ("no-results", "/sok/?q=fjellski", 200),
        ("suggestion", "/sok/?q=bredbnd", 200),
        ("english", "/sok/?q=broadband", 200),
        ("other-spellings", "/sok/?q=Skjervxyzq", 200),
        ("too-long", "/sok/?q=" + "x" * 201, 400),
    ],
)
def test_search_page_has_no_accessibility_violations(
    live_server, content, browser, name, address, status
):
    page = browser.new_page()
    response = page.goto(live_server.url + address)
    assert response.status == status
    screenshot(page, name)
    assert violations(page) == []
    # Small screens, where the form and the filters wrap.
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, f"{name}-narrow")
    assert violations(page) == []


def test_search_works_with_the_keyboard_and_without_javascript(live_server, content, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/sok/")
    # The first Tab reaches the skip link, which is then visible.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hopp til hovedinnholdet")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible()

    page.get_by_label("Hva leter du etter?").fill("dagligvarebutikken")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sok/?q=dagligvarebutikken")
    first = page.locator(".result").first
    assert first.locator(".result-type").inner_text() == "Ordning"
    assert first.get_by_role("heading").inner_text() == (
        "Støtte til dagligvarebutikker i utkantstrøk"
    )
    screenshot(page, "without-javascript")
    context.close()


def test_suggestions_are_an_accessible_combobox(live_server, content, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/sok/")
    field = page.get_by_role("combobox", name="Hva leter du etter?")
    assert field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("bredb", delay=30)
    listbox = page.get_by_role("listbox", name="Forslag")
    listbox.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert field.get_attribute("aria-controls") == listbox.get_attribute("id")
    options = listbox.get_by_role("option")
    assert options.first.inner_text() == "Bredbånd"
    status = page.get_by_role("status")
    assert "forslag" in status.inner_text()
    screenshot(page, "suggestions")
    assert violations(page) == []

    # Arrow keys move the active option, which the field points to; Escape closes the list.
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    field.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None

    # Enter on an option searches for it.
    field.press("ArrowDown")
    field.press("Enter")
    page.wait_for_url("**/sok/?q=Bredb%C3%A5nd")
    assert page.locator(".result").first.get_by_role("heading").inner_text() == "Bredbånd"


def test_a_misspelt_search_says_what_it_showed(live_server, content, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/sok/?q=kvenangen")
    assert "Viser treff for «Kvænangen»." in page.locator(".correction").inner_text()
    screenshot(page, "corrected")
    assert violations(page) == []
    page.get_by_role("link", name="Søk etter «kvenangen» akkurat slik det er skrevet").click()
    page.wait_for_url("**/sok/?q=kvenangen&exact=1")
    assert page.get_by_role("heading", level=2).first.inner_text() == "Ingen treff for «kvenangen»"
