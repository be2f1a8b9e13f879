import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def environment(**variables):
    return {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        **variables,
    }


def printed_config(**variables):
    result = subprocess.run(  # noqa: S603 -- the project's own gunicorn, fixed arguments
        [GUNICORN, "--print-config"],
        cwd=PROJECT_ROOT,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_runs_the_project_preloaded_with_workers_from_the_environment(tmp_path):
    # Preloading loads the project's production settings at once, which need their variables.
    config = printed_config(
        GUNICORN_WORKERS="3", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )

    assert config["wsgi_app"] == "cms.wsgi:application"
    assert config["workers"] == "3"
    assert config["preload_app"] == "True"
    assert config["accesslog"] == "-"
    assert config["bind"] == "['127.0.0.1:8000']"


def test_gunicorn_serves_the_api_with_production_settings_and_logs_to_stdout(tmp_path):
    port = free_port()
    variables = environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        # Plain HTTP on loopback, as the benchmarks run it.
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=PROJECT_ROOT,
        env=variables,
        check=True,
        timeout=300,
    )
    log = tmp_path / "stdout.log"
    with log.open("w") as stdout:
        server = subprocess.Popen(  # noqa: S603
            [GUNICORN], cwd=PROJECT_ROOT, env=variables, stdout=stdout, stderr=subprocess.STDOUT
        )
        try:
            body = None
            deadline = time.monotonic() + 60
            while body is None and time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(  # noqa: S310 -- loopback, our own server
                        f"http://127.0.0.1:{port}/api/v2/pages/", timeout=5
                    ) as response:
                        body = json.load(response)
                        headers = response.headers
                except OSError:
                    time.sleep(0.2)
        finally:
            server.terminate()
            server.wait(timeout=30)

    assert body is not None, log.read_text()
    assert "total_count" in body["meta"]
    assert headers["Cache-Control"].startswith("public")
    assert '"GET /api/v2/pages/ HTTP/1.1" 200' in log.read_text()
