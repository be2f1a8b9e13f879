"""Each page type's preview, as the editor sees it in the admin, in a real Chromium: axe-core
finds no WCAG 2.1 A or AA violations, wide or narrow, and the page has one h1.

Screenshots are kept in test-artifacts/<database>/admin_browser/.
"""

import pytest

from home.models import HomePage, TopicPage
from schemes.models import ProgrammePage, SchemeIndexPage, SchemePage
from strategy.models import FeedbackFormPage, StrategyPage
from tests.browser import BROWSER_TEST
from tests.search.test_browser import violations

pytestmark = BROWSER_TEST

PAGE_TYPES = [
    HomePage,
    TopicPage,
    SchemeIndexPage,
    SchemePage,
    ProgrammePage,
    StrategyPage,
    FeedbackFormPage,
]


def document(page):
    return getattr(getattr(page, "api_document", None), "payload", "")


def add_finder():
    topic = TopicPage.objects.get(slug="attraktive-samfunn")
    finder = topic.add_child(
        instance=SchemeIndexPage(
            title="Finn tilskudd",
            slug="finn-tilskudd",
            lead="Alle ordningene fylkeskommunen og staten har for næringsliv og lokalsamfunn.",
            intro="<p>Velg tema, kommune eller hvem som kan søke.</p>",
        )
    )
    finder.save_revision().publish()
    return finder


@pytest.mark.parametrize("model", PAGE_TYPES, ids=[model.__name__ for model in PAGE_TYPES])
def test_the_preview_of_each_page_type_has_no_accessibility_violations(
    live_server, editor, log_in, database, screenshot, model
):
    # The page of the type with the most to show: the longest public representation. The
    # loaded tree has no finder page, which an editor adds where the county site wants one.
    def fullest_page():
        pages = list(model.objects.live()) or [add_finder()]
        return max(pages, key=lambda page: len(document(page))).pk

    page_id = database(fullest_page)
    page = log_in(editor)

    response = page.goto(f"{live_server.url}/admin/pages/{page_id}/view_draft/")

    assert response.status == 200
    assert page.locator("h1").count() == 1
    screenshot(page, "wide")
    assert violations(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, "narrow")
    assert violations(page) == []
