"""The "Innspill" overview in a real Chromium: an editor ticks submissions and marks them.

Screenshots are kept in test-artifacts/<database>/strategy/ for a person to look at.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from strategy.models import FeedbackFormField, FeedbackFormPage, FeedbackSubmission
from tests.browser import BROWSER_TEST, launch
from tests.factories import StrategyPageFactory, site_root

ARTIFACTS = settings.TEST_ARTIFACTS_DIR / "strategy"
PASSWORD = "et-passord-for-testen"

pytestmark = BROWSER_TEST


@pytest.fixture
def submissions(transactional_db):
    strategy = StrategyPageFactory(parent=site_root(), title="Næringsstrategi for Troms")
    page = FeedbackFormPage(
        title="Digital innspillkasse",
        form_fields=[
            FeedbackFormField(label="Navn", field_type="singleline"),
            FeedbackFormField(label="Innspill", field_type="multiline"),
        ],
    )
    strategy.add_child(instance=page)
    return [
        FeedbackSubmission.objects.create(
            page=page, form_data={"navn": name, "innspill": "Mer satsing på reiseliv."}
        )
        for name in ["Kari", "Ola", "Per"]
    ]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(username="redaktor", password=PASSWORD)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_feedbacksubmission", "change_feedbacksubmission"]
        )
    )
    return user


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_editor_ticks_submissions_and_marks_them_processed(live_server, submissions, editor):
    from playwright.sync_api import sync_playwright

    kari, ola, per = submissions
    # The database is read only after the browser has gone: Playwright runs an event loop, in
    # which Django refuses synchronous queries.
    with sync_playwright() as playwright:
        browser = launch(playwright)
        mark_in_browser(browser, live_server.url, editor, [kari, per])
        browser.close()

    statuses = dict(FeedbackSubmission.objects.values_list("pk", "status"))
    assert statuses == {kari.pk: "processed", ola.pk: "new", per.pk: "processed"}


def mark_in_browser(browser, base_url, editor, chosen):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(base_url + "/admin/strategy/feedbacksubmission/")
    screenshot(page, "submissions")
    for submission in chosen:
        page.get_by_label(f"Velg Innspill {submission.pk}", exact=True).check()
    page.get_by_role("button", name="Merk valgte som behandlet").click()
    page.wait_for_load_state()
    screenshot(page, "submissions-marked")

    assert page.get_by_text(f"{len(chosen)} innspill merket som «Behandlet».").is_visible()
    context.close()
