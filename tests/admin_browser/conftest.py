"""Editors' flows through the Norwegian admin in a real Chromium, driven by Playwright.

Each step leaves a screenshot in test-artifacts/<database>/admin_browser/, named by test and
step, for a person to look at.
"""

import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections

ARTIFACTS = settings.TEST_ARTIFACTS_DIR / "admin_browser"
PASSWORD = "Ei lang og god passordsetning 7"  # noqa: S105
# Waits for the admin's own work (saving, a modal opening); a flow as a whole stays well under.
TIMEOUT_MS = 15_000


@pytest.fixture
def content(transactional_db):
    """The Troms tree with the writers' and editors' groups and the approval workflow."""
    call_command("load_troms_content", stdout=io.StringIO())


def make_user(username, group_name, **fields):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.no", **fields
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def writer(content):
    return make_user("skribent", "Skribent", first_name="Siri", last_name="Skribent")


@pytest.fixture
def editor(content):
    return make_user("redaktor", "Redaktør", first_name="Rolf", last_name="Redaktør")


class Steps:
    """Screenshots of a test's steps, numbered in order: ``<test>-<nn>-<step>.png``."""

    def __init__(self, test_name):
        self.prefix = re.sub(r"[^\w-]+", "-", test_name).strip("-")
        self.count = 0

    def __call__(self, page, step):
        self.count += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.prefix}-{self.count:02d}-{step}.png"
        # Menus and messages slide in: the picture shows where they end up.
        page.screenshot(path=str(path), full_page=True, animations="disabled")


@pytest.fixture
def database():
    """Runs ORM code while the browser is open.

    Django refuses database calls from a thread with a running event loop, which Playwright's
    synchronous API keeps in the test's thread; a thread of its own has none.
    """

    def run(function, *args, **kwargs):
        def call():
            try:
                return function(*args, **kwargs)
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(call).result()

    return run


@pytest.fixture
def screenshot(request):
    return Steps(request.node.name)


@pytest.fixture
def log_in(browser, live_server):
    """A new browser session in which ``user`` has logged in through the login form."""

    def log_in(user):
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(live_server.url + "/admin/login/")
        page.locator("input[name=username]").fill(user.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(live_server.url + "/admin/")
        return page

    return log_in


@pytest.fixture
def anonymous(browser):
    """An HTTP client with no session: what the county site sees of the API."""
    context = browser.new_context()
    yield context.request
    context.close()
