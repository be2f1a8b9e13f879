"""An editor changes a person who is shown on published pages: the admin lists the pages and
saves only once the editor confirms. Screenshots in test-artifacts/<database>/admin_browser/."""

import re

from playwright.sync_api import expect

from people.models import Person
from tests.browser import BROWSER_TEST

pytestmark = BROWSER_TEST


def test_a_change_to_a_person_on_published_pages_is_saved_once_confirmed(
    live_server, editor, log_in, database, screenshot
):
    def shown_person():
        from people.views import published_pages_showing

        return next(
            (person.pk, person.job_title)
            for person in Person.objects.order_by("name")
            if published_pages_showing(person)
        )

    person_id, job_title = database(shown_person)
    page = log_in(editor)
    page.goto(f"{live_server.url}/admin/snippets/people/person/edit/{person_id}/")
    page.get_by_role("textbox", name="Stillingstittel").fill("Spesialrådgiver")
    page.get_by_role("button", name="Lagre", exact=True).click()

    notice = page.get_by_role("alert").filter(has_text="Ingenting er lagret ennå")
    expect(notice).to_be_visible()
    expect(notice.get_by_role("listitem").first).to_be_visible()
    screenshot(page, "confirm")
    assert database(lambda: Person.objects.get(pk=person_id).job_title) == job_title

    notice.get_by_role("button", name=re.compile("^Lagre og endre den? publiserte siden")).click()

    page.wait_for_url("**/admin/snippets/people/person/")
    screenshot(page, "saved")
    assert database(lambda: Person.objects.get(pk=person_id).job_title) == "Spesialrådgiver"
