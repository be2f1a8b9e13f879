"""Wagtail's accessibility checker runs on our previews, set up for headless content."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from editorial.wagtail_hooks import CONTENT_CHECKER_RULES
from tests.browser import browser_test, launch
from tests.factories import TopicPageFactory, site_root

pytestmark = pytest.mark.django_db

CONFIGURATION = re.compile(
    r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', re.S
)


def axe_configuration(html):
    found = CONFIGURATION.search(html)
    assert found, "no accessibility checker configuration"
    return json.loads(found.group(1))


@pytest.fixture
def topic_page():
    page = TopicPageFactory(parent=site_root(), title="Attraktive samfunn", slug="attraktive")
    page.save_revision().publish()
    return page


def preview(client, page, **params):
    """The admin's preview of the page as the editor has it in the form, as the panel loads it."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": "En ingress som bare finnes i skjemaet.",
            "intro": rich_text("<h4>Hoppet over</h4><p>Innledning.</p>"),
            "sections": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    posted = client.post(url, data)
    assert posted.json() == {"is_valid": True, "is_available": True}
    return client.get(url, params)


def assert_is_our_configuration(configuration):
    assert configuration["context"]["include"] == ["main"]
    assert configuration["options"]["runOnly"] == CONTENT_CHECKER_RULES
    assert [rule["id"] for rule in configuration["spec"]["rules"]] == ["alt-text-quality"]
    messages = configuration["messages"]
    assert set(messages) == set(CONTENT_CHECKER_RULES)
    assert messages["heading-order"] == {
        "error_name": "Overskriftsnivåer hoppes over",
        "help_text": "Bruk overskrift 3 før overskrift 4, uten å hoppe over et nivå.",
    }


@pytest.mark.parametrize("params", [{}, {"in_preview_panel": "true"}], ids=["window", "panel"])
def test_the_preview_carries_the_userbar_with_our_checker(admin_client, topic_page, params):
    response = preview(admin_client, topic_page, **params)

    assert response.status_code == 200
    html = response.content.decode()
    assert "En ingress som bare finnes i skjemaet." in html
    assert "<wagtail-userbar>" in html
    assert "wagtailadmin/js/userbar.js" in html
    assert_is_our_configuration(axe_configuration(html))


def test_the_checks_panel_of_the_editor_uses_our_checker(admin_client, topic_page):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[topic_page.pk]))

    assert_is_our_configuration(axe_configuration(response.content.decode()))


def test_a_signed_in_editor_viewing_a_page_gets_the_userbar(admin_client, topic_page):
    response = admin_client.get(topic_page.url)

    assert response.status_code == 200
    assert "<wagtail-userbar>" in response.content.decode()


def test_an_anonymous_reader_gets_no_userbar(topic_page):
    response = Client().get(topic_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Attraktive samfunn" in html
    assert "wagtail-userbar" not in html
    assert "checker-axe-configuration" not in html
    assert "userbar.js" not in html


def test_the_search_page_shows_no_userbar_to_anonymous_readers(topic_page):
    html = Client().get(reverse("search")).content.decode()

    assert "wagtail-userbar" not in html


EDITOR_PASSWORD = "Riktig-passord-for-redaktør-1"


@browser_test
def test_the_checks_panel_reports_a_skipped_heading_in_norwegian(live_server, django_user_model):
    from playwright.sync_api import expect, sync_playwright

    django_user_model.objects.create_superuser("redaktor", "redaktor@example.no", EDITOR_PASSWORD)
    page = TopicPageFactory(
        parent=site_root(),
        title="Attraktive samfunn",
        intro="<h4>Et hopp fra nivå 2 til 4</h4><p>Innledning.</p>",
    )
    page.save_revision()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            tab = browser.new_page()
            tab.goto(f"{live_server.url}/admin/login/")
            tab.fill("input[name=username]", "redaktor")
            tab.fill("input[name=password]", EDITOR_PASSWORD)
            tab.click("button[type=submit]")
            tab.wait_for_url(f"{live_server.url}/admin/")

            tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
            tab.click("[data-side-panel-toggle='checks']")

            panel = tab.locator("[data-checks-panel]")
            expect(panel).to_contain_text("Overskriftsnivåer hoppes over", timeout=30_000)
            expect(panel).to_contain_text("Bruk overskrift 3 før overskrift 4")
        finally:
            browser.close()
