"""What the browser tests share: Debian's Chromium, driven by Playwright, and how they are marked.

Chromium comes from Debian (``apt-get install chromium``, as ``.ci/run`` does); Playwright's own
browser downloads are never used. Without it the browser tests are skipped.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach Google's services, which a closed
# network refuses; the rest make it run as root in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A browser test: selected with `-m browser`, skipped without Chromium, and on a database that
# the live server's thread sees (committed transactions), restored afterwards.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed: apt-get install chromium"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def browser_test(function):
    """Marks one test function as a browser test (``pytestmark = BROWSER_TEST`` for a module)."""
    for mark in reversed(BROWSER_TEST):
        function = mark(function)
    return function


def launch(playwright):
    """Debian's Chromium, headless, started by ``playwright`` (a ``sync_playwright()``)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
