"""Headings pasted from Word keep being headings, at the levels the field offers."""

import re

from playwright.sync_api import expect

from schemes.models import SchemePage
from tests.browser import BROWSER_TEST

pytestmark = BROWSER_TEST

# What Word puts on the clipboard for a document with headings, reduced to its elements.
WORD_HTML = (
    '<h1 class="MsoTitle">Slik søker du</h1>'
    '<p class="MsoNormal">Søk innen fristen.</p>'
    '<h2 class="MsoHeading2">Frister</h2>'
    '<h5 class="MsoHeading5">Unntak</h5>'
)


def paste_html(editor, html):
    """Pastes ``html`` into a rich text editor as the browser does from the clipboard."""
    editor.click()
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", html.replace(/<[^>]+>/g, "\\n"));
            element.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true,
            }));
        }""",
        html,
    )


def test_pasted_word_headings_become_the_heading_levels_the_field_offers(
    live_server, editor, log_in, database, screenshot
):
    scheme_id = database(lambda: SchemePage.objects.get(slug="bredband").pk)
    page = log_in(editor)
    page.goto(f"{live_server.url}/admin/pages/{scheme_id}/edit/")
    # Draftail puts its editor beside the field's hidden input.
    how_to_apply = (
        page.locator("#id_how_to_apply").locator("xpath=..").locator("[contenteditable=true]")
    )
    how_to_apply.scroll_into_view_if_needed()
    how_to_apply.press("Control+A")
    how_to_apply.press("Delete")
    paste_html(how_to_apply, WORD_HTML)
    # The field offers h3 and h4: h1 and h2 become h3, h5 becomes h4.
    expect(how_to_apply.locator("h3")).to_have_count(2)
    expect(how_to_apply.locator("h4")).to_have_text("Unntak")
    screenshot(page, "pasted")
    # Draftail writes its content to the form's field a moment after a change, as a person's
    # pause before saving allows.
    expect(page.locator("#id_how_to_apply")).to_have_value(re.compile("Unntak"))

    page.get_by_role("button", name="Lagre kladd").click()
    expect(page.get_by_text("er oppdatert")).to_be_visible()

    def saved():
        draft = SchemePage.objects.get(pk=scheme_id).get_latest_revision_as_object()
        return re.sub(r' data-block-key="[^"]*"', "", draft.how_to_apply)

    assert database(saved) == (
        "<h3>Slik søker du</h3><p>Søk innen fristen.</p><h3>Frister</h3><h4>Unntak</h4>"
    )
