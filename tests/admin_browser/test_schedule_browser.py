"""The schedule dialog: its date picker leaves the save button free, and an invalid schedule
says why where the error is shown, without opening the dialog again."""

from playwright.sync_api import expect

from schemes.models import SchemePage
from tests.browser import BROWSER_TEST

pytestmark = BROWSER_TEST

REASON = "Tidspunkt for publisering må være før tidspunkt for avpublisering"


def test_an_invalid_schedule_says_why_in_the_status_panel(
    live_server, editor, log_in, database, screenshot
):
    scheme_id = database(lambda: SchemePage.objects.get(slug="bredband").pk)
    revisions = database(lambda: SchemePage.objects.get(pk=scheme_id).revisions.count())
    page = log_in(editor)
    page.goto(f"{live_server.url}/admin/pages/{scheme_id}/edit/")
    page.locator('[data-side-panel-toggle="status"]').click()
    page.get_by_role("button", name="Angi publiseringsplan").click()
    dialog = page.get_by_role("dialog", name="Angi publiseringsplan")
    expect(dialog).to_be_visible()

    dialog.locator("#id_go_live_at").click()
    dialog.locator("#id_go_live_at").press_sequentially("2027-03-01 10:00")
    dialog.locator("#id_expire_at").click()
    dialog.locator("#id_expire_at").press_sequentially("01.02.2027 10:00")
    screenshot(page, "picker-open")
    # With the expiry's picker still open, the save button takes the click: nothing covers it.
    dialog.get_by_role("button", name="Lagre publiseringsplan").click()
    page.wait_for_load_state()

    # The status panel opens again by itself (Wagtail remembers it); the red counter on its
    # toggle marks the error.
    status = page.locator("[data-side-panel='status']")
    expect(status.get_by_text("Ugyldig publiseringsplan")).to_be_visible()
    # The reason, beside the error, once; the dialog stays closed.
    expect(status.get_by_text(REASON)).to_have_count(1)
    expect(status.get_by_text(REASON)).to_be_visible()
    expect(page.get_by_role("dialog", name="Angi publiseringsplan")).to_be_hidden()
    screenshot(page, "reason-shown")
    assert database(lambda: SchemePage.objects.get(pk=scheme_id).revisions.count()) == revisions
