"""Dates typed the way people type them reach the database as typed, or are refused in Norwegian.

Wagtail's date picker used to replace whatever did not match its one display format
(``dd.mm.yyyy HH:MM``) with the current time when the field lost focus, before the form was sent.
"""

import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from strategy.models import Meeting, Milestone, StrategyPage
from tests.browser import BROWSER_TEST

pytestmark = BROWSER_TEST

OSLO = ZoneInfo("Europe/Oslo")


def type_date(page, selector, text):
    """Types into a date field as a person does, and leaves it with Tab, which closes the picker."""
    field = page.locator(selector)
    field.click()
    field.press("Control+A")
    field.press_sequentially(text)
    field.press("Tab")


def test_dates_typed_in_iso_and_norwegian_forms_are_saved_as_typed(
    live_server, writer, log_in, database, screenshot
):
    strategy_id = database(lambda: StrategyPage.objects.get(slug="naeringsstrategi-for-troms").pk)
    page = log_in(writer)
    page.goto(f"{live_server.url}/admin/pages/{strategy_id}/edit/")

    new = int(page.locator("#id_meetings-TOTAL_FORMS").input_value())
    page.get_by_role("region", name="Innspillsmøter").get_by_role(
        "button", name="Legg til Møte"
    ).click()
    meeting = page.locator(f"#inline_child_meetings-{new}")
    meeting.get_by_role("button", name="Velg region").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name="Nord-Troms").click()
    expect(chooser).to_be_hidden()
    type_date(page, f"#id_meetings-{new}-start", "2027-03-01 10:00")
    type_date(page, f"#id_meetings-{new}-end", "01.03.2027 12:30")
    page.locator(f"#id_meetings-{new}-venue").fill("Skjervøy kulturhus")
    page.locator(f"#id_meetings-{new}-place").fill("Skjervøy")
    # Left as typed: the picker no longer writes over what it does not recognise.
    expect(page.locator(f"#id_meetings-{new}-start")).to_have_value("2027-03-01 10:00")

    new_step = int(page.locator("#id_milestones-TOTAL_FORMS").input_value())
    page.get_by_role("button", name="Legg til Milepæl").click()
    page.locator(f"#id_milestones-{new_step}-title").fill("Høring")
    type_date(page, f"#id_milestones-{new_step}-start", "1.3.2027")
    type_date(page, f"#id_milestones-{new_step}-end", "2027-05-01")
    screenshot(page, "typed")

    page.get_by_role("button", name="Lagre kladd").click()
    expect(page.get_by_text("er oppdatert")).to_be_visible()
    screenshot(page, "saved")

    def saved():
        strategy = StrategyPage.objects.get(pk=strategy_id).get_latest_revision_as_object()
        meeting = next(m for m in strategy.meetings.all() if m.venue == "Skjervøy kulturhus")
        step = next(m for m in strategy.milestones.all() if m.title == "Høring")
        return meeting.start, meeting.end, step.start, step.end

    start, end, step_start, step_end = database(saved)
    assert start == datetime.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
    assert end == datetime.datetime(2027, 3, 1, 12, 30, tzinfo=OSLO)
    assert (step_start, step_end) == (datetime.date(2027, 3, 1), datetime.date(2027, 5, 1))
    # Drafts only: nothing reached the live tables.
    assert database(Meeting.objects.filter(venue="Skjervøy kulturhus").count) == 0
    assert database(Milestone.objects.filter(title="Høring").count) == 0


def test_a_date_that_cannot_be_read_is_refused_in_norwegian_and_kept_as_typed(
    live_server, writer, log_in, database, screenshot
):
    strategy_id = database(lambda: StrategyPage.objects.get(slug="naeringsstrategi-for-troms").pk)
    revisions = database(lambda: StrategyPage.objects.get(pk=strategy_id).revisions.count())
    page = log_in(writer)
    page.goto(f"{live_server.url}/admin/pages/{strategy_id}/edit/")

    type_date(page, "#id_meetings-0-start", "neste tirsdag")
    expect(page.locator("#id_meetings-0-start")).to_have_value("neste tirsdag")
    page.get_by_role("button", name="Lagre kladd").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Skriv dato og klokkeslett som 01.03.2027 10:00")).to_be_visible()
    expect(page.locator("#id_meetings-0-start")).to_have_value("neste tirsdag")
    screenshot(page, "refused")
    assert database(lambda: StrategyPage.objects.get(pk=strategy_id).revisions.count()) == revisions
