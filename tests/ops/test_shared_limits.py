"""Production's limits are counted once for every gunicorn worker, not once per worker."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from .test_gunicorn import GUNICORN, PROJECT_ROOT, environment, free_port

OPEN_THE_FEEDBACK_BOX = """
from strategy.choices import FeedbackState
from strategy.models import FeedbackFormPage
page = FeedbackFormPage.objects.get()
page.state = FeedbackState.OPEN
page.save_revision().publish()
print(page.pk)
"""


def manage(variables, *arguments):
    return subprocess.run(  # noqa: S603 -- the project's own manage.py, fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_ROOT,
        env=variables,
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    ).stdout


def submit(url):
    request = urllib.request.Request(  # noqa: S310 -- loopback, our own server
        url,
        data=json.dumps({"innspill": "Mer satsing på reiseliv."}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_serving(url, server, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(log.read_text())


def test_two_workers_without_cache_url_share_the_feedback_rate_limit(tmp_path):
    port = free_port()
    variables = environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        FEEDBACK_RATE_LIMIT="3/600",
    )
    manage(variables, "migrate", "--no-input", "-v0")
    manage(variables, "load_troms_content", "-v0")
    page_id = int(manage(variables, "shell", "-c", OPEN_THE_FEEDBACK_BOX).split()[-1])

    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            [GUNICORN], cwd=PROJECT_ROOT, env=variables, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            wait_until_serving(f"http://127.0.0.1:{port}/api/v2/pages/", server, log)
            url = f"http://127.0.0.1:{port}/api/v2/forms/{page_id}/"
            # At once, so that both workers take submissions and count them concurrently.
            with ThreadPoolExecutor(max_workers=10) as pool:
                statuses = list(pool.map(submit, [url] * 10))
        finally:
            server.terminate()
            server.wait(timeout=30)

    assert sorted(statuses) == [201] * 3 + [429] * 7, log.read_text()
    assert "Booting worker" in log.read_text()
    assert log.read_text().count("Booting worker") == 2
