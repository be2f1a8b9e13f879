"""What writers and editors do in the Norwegian admin, step by step as a new user would.

Selectors are the names, labels and roles that Wagtail renders for people (and screen readers),
not CSS classes; the tests wait for pages and states, never for a fixed time.
"""

import re

from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from home.models import TopicPage
from schemes.models import SchemePage
from strategy.models import Meeting, StrategyPage
from tests.browser import BROWSER_TEST

pytestmark = BROWSER_TEST

SCHEME_TITLE = "Tilskudd til grendehus"
SCHEMES_IN_API = "/api/v2/pages/?type=schemes.SchemePage&fields=title&limit=50"


def api_scheme_titles(anonymous, live_server):
    response = anonymous.get(live_server.url + SCHEMES_IN_API)
    assert response.status == 200
    return [item["title"] for item in response.json()["items"]]


def open_more_actions(page):
    """The footer's menu of the page editor, where publishing and workflow actions are."""
    page.get_by_role("button", name="Flere handlinger").click()


def test_a_writers_new_scheme_is_published_when_an_editor_approves_it(
    live_server, writer, editor, log_in, anonymous, database, screenshot
):
    topic_id = database(lambda: TopicPage.objects.get(slug="attraktive-samfunn").pk)

    # The writer adds a scheme below the topic page.
    page = log_in(writer)
    screenshot(page, "writer-logged-in")
    page.goto(f"{live_server.url}/admin/pages/{topic_id}/")
    page.get_by_role("link", name="Legg til underside").click()
    page.get_by_role("link", name="Tilskuddsordning", exact=True).click()
    expect(page.get_by_role("heading", name="Ny: Tilskuddsordning")).to_be_attached()

    page.get_by_role("textbox", name="Tittel*").fill(SCHEME_TITLE)
    page.get_by_role("textbox", name="Sammendrag*").fill(
        "Støtte til oppussing av grendehus i distriktene."
    )
    # Taxonomies are ticked, one checkbox per term.
    page.get_by_role("checkbox", name="Skjervøy", exact=True).check()
    page.get_by_role("checkbox", name="Nordreisa", exact=True).check()
    # A contact: a person from the people register, chosen in the chooser.
    contacts = page.get_by_role("region", name="Kontaktpersoner")
    contacts.get_by_title("Sett inn en blokk").click()
    contacts.get_by_role("button", name="Velg person").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name="Kjetil Helstad").click()
    expect(chooser).to_be_hidden()
    expect(contacts.get_by_text("Kjetil Helstad")).to_be_visible()
    contacts.scroll_into_view_if_needed()
    screenshot(page, "writer-filled-in")

    page.get_by_role("button", name="Lagre kladd").click()
    page.wait_for_url("**/edit/")
    scheme_id = database(lambda: SchemePage.objects.get(title=SCHEME_TITLE).pk)
    screenshot(page, "writer-saved-draft")

    # A writer cannot publish; the menu offers to send the page for approval instead.
    open_more_actions(page)
    submit = page.get_by_role("button", name="Send til godkjenning")
    expect(submit).to_be_visible()
    expect(page.get_by_role("button", name="Publiser", exact=True)).to_have_count(0)
    screenshot(page, "writer-more-actions")
    submit.click()
    expect(page.get_by_text(f'Siden "{SCHEME_TITLE}" er sendt til godkjenning.')).to_be_visible()
    screenshot(page, "writer-submitted")

    # Saved and waiting: not public yet.
    assert SCHEME_TITLE not in api_scheme_titles(anonymous, live_server)
    response = anonymous.get(f"{live_server.url}/api/v2/pages/{scheme_id}/")
    assert response.status == 404

    # The editor finds the page waiting on the dashboard, and approves it.
    page = log_in(editor)
    waiting = page.get_by_role("region", name="Venter på din godkjenning")
    expect(waiting.get_by_text(SCHEME_TITLE)).to_be_visible()
    screenshot(page, "editor-dashboard")
    waiting.get_by_role("link", name=SCHEME_TITLE).first.click()
    page.wait_for_url(f"**/admin/pages/{scheme_id}/edit/")
    screenshot(page, "editor-reviews")
    open_more_actions(page)
    approve = page.get_by_role("button", name="Godkjenn og Publiser", exact=True)
    expect(approve).to_be_visible()
    screenshot(page, "editor-more-actions")
    approve.click()
    # Back in the topic page's listing, where the page is now published.
    page.wait_for_url(f"**/admin/pages/{topic_id}/")
    expect(page.get_by_text(f'Siden "{SCHEME_TITLE}" er oppdatert.')).to_be_visible()
    expect(
        page.get_by_text(f"Du godkjente «{SCHEME_TITLE}», og siden er publisert.")
    ).to_be_visible()
    screenshot(page, "editor-approved")

    # Now the county site gets it, with its contact and municipalities.
    assert SCHEME_TITLE in api_scheme_titles(anonymous, live_server)
    detail = anonymous.get(f"{live_server.url}/api/v2/pages/{scheme_id}/").json()
    assert detail["title"] == SCHEME_TITLE
    assert [contact["value"]["person"]["name"] for contact in detail["contacts"]] == [
        "Kjetil Helstad"
    ]
    assert sorted(municipality["name"] for municipality in detail["municipalities"]) == [
        "Nordreisa",
        "Skjervøy",
    ]


def test_a_meeting_that_ends_before_it_starts_is_refused_and_nothing_is_saved(
    live_server, writer, log_in, database, screenshot
):
    def saved_state():
        strategy = StrategyPage.objects.get(slug="naeringsstrategi-for-troms")
        return {
            "meetings": Meeting.objects.filter(page=strategy).count(),
            "revisions": strategy.revisions.count(),
            "latest_revision": strategy.latest_revision_id,
            "has_unpublished_changes": strategy.has_unpublished_changes,
        }

    strategy_id = database(lambda: StrategyPage.objects.get(slug="naeringsstrategi-for-troms").pk)
    before = database(saved_state)

    page = log_in(writer)
    page.goto(f"{live_server.url}/admin/pages/{strategy_id}/edit/")
    meetings = page.get_by_role("region", name="Innspillsmøter")
    new = int(page.locator("#id_meetings-TOTAL_FORMS").input_value())
    meetings.get_by_role("button", name="Legg til Møte").click()

    # The new meeting's fields, by the ids Wagtail gives each form of the inline panel.
    meeting = page.locator(f"#inline_child_meetings-{new}")
    meeting.get_by_role("button", name="Velg region").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name="Nord-Troms").click()
    expect(chooser).to_be_hidden()
    page.locator(f"#id_meetings-{new}-start").fill("12.10.2022 14:00")
    page.locator(f"#id_meetings-{new}-end").fill("12.10.2022 10:00")
    page.locator(f"#id_meetings-{new}-venue").fill("Skjervøy kulturhus")
    page.locator(f"#id_meetings-{new}-place").fill("Skjervøy")
    # Close the date picker that the last date field opened.
    page.keyboard.press("Escape")
    meeting.scroll_into_view_if_needed()
    screenshot(page, "meeting-filled-in")

    page.get_by_role("button", name="Lagre kladd").click()
    page.wait_for_load_state()
    error = page.locator(f"#inline_child_meetings-{new}").get_by_text(
        "Møtet må slutte etter at det starter."
    )
    expect(error).to_be_visible()
    expect(page.get_by_text("Siden kunne ikke lagres på grunn av valideringsfeil.")).to_be_visible()
    error.scroll_into_view_if_needed()
    screenshot(page, "meeting-refused")

    # What the writer typed is still in the form, to correct; nothing reached the database.
    expect(page.locator(f"#id_meetings-{new}-venue")).to_have_value("Skjervøy kulturhus")
    assert database(saved_state) == before


def test_an_image_without_alt_text_is_not_stored(
    live_server, writer, log_in, database, screenshot, tmp_path
):
    photo = tmp_path / "kai-i-skjervoy.png"
    PILImage.new("RGB", (48, 32), (20, 90, 160)).save(photo)
    images = get_image_model()

    page = log_in(writer)
    page.get_by_role("link", name="Bilder", exact=True).click()
    page.get_by_role("link", name="Legg til et bilde").click()
    page.wait_for_url("**/admin/images/multiple/add/")
    page.locator("input[type=file]").set_input_files(str(photo))
    # The upload is kept aside until its details, the alt text among them, are filled in.
    alt_text = page.get_by_role("textbox", name="Alternativ tekst*")
    expect(alt_text).to_be_visible()
    expect(page.get_by_role("textbox", name="Tittel*")).to_have_value("kai-i-skjervoy.png")
    screenshot(page, "uploaded")

    page.get_by_role("button", name="Oppdatér").click()
    expect(page.get_by_text("Skriv en alternativ tekst som sier hva bildet viser.")).to_be_visible()
    screenshot(page, "refused-without-alt-text")
    assert database(images.objects.count) == 0

    # With alt text it is stored, and the alt text with it.
    page.get_by_role("textbox", name="Alternativ tekst*").fill("Fiskebåter ved kaia i Skjervøy")
    page.get_by_role("button", name="Oppdatér").click()
    expect(page.get_by_role("status").get_by_text("Bildet er oppdatert.")).to_be_visible()
    screenshot(page, "stored-with-alt-text")
    stored = database(lambda: list(images.objects.values_list("title", "description")))
    assert stored == [("kai-i-skjervoy.png", "Fiskebåter ved kaia i Skjervøy")]
    assert database(UploadedFile.objects.count) == 0


def test_the_writer_reads_the_editors_request_for_changes_where_they_work(
    live_server, writer, editor, log_in, database, screenshot
):
    comment = "Skriv søknadsfristen i sammendraget."

    def submitted_draft():
        topic = TopicPage.objects.get(slug="attraktive-samfunn")
        scheme = SchemePage(title=SCHEME_TITLE, summary="Støtte til grendehus.", live=False)
        topic.add_child(instance=scheme)
        scheme.save_revision(user=writer)
        scheme.get_workflow().start(scheme, writer)
        return scheme.pk

    scheme_id = database(submitted_draft)

    # The editor asks for changes, with a comment, from the page's editor.
    page = log_in(editor)
    page.goto(f"{live_server.url}/admin/pages/{scheme_id}/edit/")
    open_more_actions(page)
    page.get_by_role("button", name="Be om endringer").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox").fill(comment)
    screenshot(page, "editor-comment")
    dialog.get_by_role("button", name="Be om endringer").click()
    expect(page.get_by_text(f"Du ba om endringer på «{SCHEME_TITLE}».")).to_be_visible()
    screenshot(page, "editor-asked-for-changes")

    # The writer finds the comment, and who asked, on the dashboard...
    page = log_in(writer)
    expect(page.get_by_text(comment)).to_be_visible()
    expect(page.get_by_text("Rolf Redaktør ba om endringer")).to_be_visible()
    screenshot(page, "writer-dashboard")

    # ...and at the top of the page's edit form.
    page.goto(f"{live_server.url}/admin/pages/{scheme_id}/edit/")
    expect(page.get_by_text(comment, exact=True)).to_be_visible()
    expect(
        page.get_by_text("Gjør endringene, og send siden til godkjenning igjen.")
    ).to_be_visible()
    screenshot(page, "writer-edit-form")

    # One action sends the page back; Wagtail's restart, which does the same, is not offered.
    open_more_actions(page)
    send_again = page.get_by_role("button", name="Send til godkjenning igjen")
    expect(send_again).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("på nytt|arbeidsflyt"))).to_have_count(0)
    screenshot(page, "writer-one-way-to-send")
    send_again.click()
    expect(page.get_by_text(f'Siden "{SCHEME_TITLE}" er sendt til godkjenning.')).to_be_visible()
