import importlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cms.env import env, env_bool, env_int, env_list

PROJECT_ROOT = Path(__file__).resolve().parents[2]

REQUIRED_IN_PRODUCTION = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"]

SETUP = "import django; django.setup()"

PRINT_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({key: db[key] for key in ('ENGINE', 'NAME', 'HOST', 'PORT', 'USER')}))"
)

PRINT_SECURITY = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in ("
    "'DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_HSTS_SECONDS', 'ALLOWED_HOSTS')}))"
)


def production_environment():
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "cms.example.org, www.example.org",
        "DATABASE_URL": "postgres://troms:secret@db.example.org:5432/troms",
    }


def run_python(settings_module, *args, **variables):
    # A bare environment, so that the one the suite runs in (CI sets DATABASE_URL for its
    # PostgreSQL run) cannot decide an outcome.
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": settings_module,
        **variables,
    }
    return subprocess.run(  # noqa: S603 -- the project's own interpreter and fixed arguments
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def last_line(text):
    return text.strip().splitlines()[-1]


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_production_refuses_to_start_without_a_required_variable(missing):
    variables = production_environment()
    del variables[missing]

    result = run_python("cms.settings.production", "-c", SETUP, **variables)

    assert result.returncode != 0
    message = last_line(result.stderr)
    assert message.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert f"environment variable {missing} " in message


def test_production_refuses_an_allowed_hosts_list_of_blanks():
    variables = {**production_environment(), "ALLOWED_HOSTS": " , "}

    result = run_python("cms.settings.production", "-c", SETUP, **variables)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list at least one host" in last_line(result.stderr)


def test_production_refuses_a_security_switch_that_is_not_a_boolean():
    variables = {**production_environment(), "SECURE_SSL_REDIRECT": "maybe"}

    result = run_python("cms.settings.production", "-c", SETUP, **variables)

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be a boolean" in last_line(result.stderr)


def test_production_with_its_variables_set_starts_with_https_defaults():
    result = run_python("cms.settings.production", "-c", PRINT_SECURITY, **production_environment())

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["ALLOWED_HOSTS"] == ["cms.example.org", "www.example.org"]


PRINT_CACHE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION', ''))"
)


def test_production_shares_a_redis_cache_when_cache_url_is_set():
    variables = {**production_environment(), "CACHE_URL": "redis://cache.example.org:6379/1"}

    result = run_python("cms.settings.production", "-c", PRINT_CACHE, **variables)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "redis://cache.example.org:6379/1",
    ]


def test_production_bounds_the_time_a_dead_redis_may_cost():
    variables = {
        **production_environment(),
        "CACHE_URL": "redis://cache.example.org:6379/1",
        "CACHE_TIMEOUT_MS": "250",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "options = settings.CACHES['default']['OPTIONS']; "
        "print(options['IGNORE_EXCEPTIONS'], options['SOCKET_CONNECT_TIMEOUT'], "
        "options['SOCKET_TIMEOUT'], options['REDIS_CLIENT_CLASS'])"
    )

    result = run_python("cms.settings.production", "-c", script, **variables)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "0.25", "0.25", "cms.caches.PausingRedis"]


def test_production_refuses_a_cache_url_that_is_not_redis():
    variables = {**production_environment(), "CACHE_URL": "memcached://cache.example.org"}

    result = run_python("cms.settings.production", "-c", SETUP, **variables)

    assert result.returncode != 0
    assert "CACHE_URL must be a Redis URL" in last_line(result.stderr)


def test_production_passes_the_deployment_checks_without_warnings():
    result = run_python(
        "cms.settings.production",
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production_environment(),
        CACHE_URL="redis://cache.example.org:6379/1",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_cache_url_shares_a_database_cache_and_warns():
    cache = run_python("cms.settings.production", "-c", PRINT_CACHE, **production_environment())
    check = run_python(
        "cms.settings.production", "manage.py", "check", "--deploy", **production_environment()
    )

    assert cache.returncode == 0, cache.stderr
    assert cache.stdout.split() == ["cms.caches.DatabaseCache", "troms_cache"]
    assert check.returncode == 0, check.stdout + check.stderr
    assert "(cms.W001) CACHE_URL is not set" in check.stderr


PRINT_CONNECTIONS = (
    "import django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES['default']; print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
)


def test_production_keeps_database_connections_with_health_checks():
    kept = run_python(
        "cms.settings.production", "-c", PRINT_CONNECTIONS, **production_environment()
    )
    set_ = run_python(
        "cms.settings.production",
        "-c",
        PRINT_CONNECTIONS,
        **production_environment(),
        DB_CONN_MAX_AGE="0",
    )
    development = run_python("cms.settings.dev", "-c", PRINT_CONNECTIONS)

    assert kept.stdout.split() == ["60", "True"], kept.stderr
    assert set_.stdout.split() == ["0", "True"], set_.stderr
    assert development.stdout.split() == ["0", "True"], development.stderr


def test_database_url_selects_a_sqlite_file(tmp_path):
    database = tmp_path / "x.sqlite3"

    result = run_python(
        "cms.settings.dev", "-c", PRINT_DATABASE, DATABASE_URL=f"sqlite:///{database}"
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(database)


PRINT_JOURNAL = (
    "import django; django.setup(); from django.db import connection; "
    "cursor = connection.cursor(); "
    "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], "
    "cursor.execute('PRAGMA synchronous').fetchone()[0])"
)


@pytest.mark.parametrize("module", ["cms.settings.dev", "cms.settings.production"])
def test_the_embedded_sqlite_file_keeps_a_write_ahead_log(module, tmp_path):
    # Readers are not held up by a writer, and a commit does not sync the whole file.
    database = tmp_path / "x.sqlite3"
    variables = production_environment() if module.endswith("production") else {}
    variables["DATABASE_URL"] = f"sqlite:///{database}"

    result = run_python(module, "-c", PRINT_JOURNAL, **variables)

    assert result.returncode == 0, result.stderr
    # synchronous 1 is NORMAL: a commit is synced at checkpoints, not one by one.
    assert last_line(result.stdout).split() == ["wal", "1"]


def test_database_url_selects_postgresql():
    result = run_python(
        "cms.settings.dev",
        "-c",
        PRINT_DATABASE,
        DATABASE_URL="postgres://troms:secret@127.0.0.1:54321/portal",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "HOST": "127.0.0.1",
        "PORT": 54321,
        "USER": "troms",
    }


def test_without_database_url_the_embedded_sqlite_file_is_used():
    result = run_python("cms.settings.dev", "-c", PRINT_DATABASE)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(PROJECT_ROOT / "db.sqlite3")


@pytest.mark.parametrize("module", ["cms.settings.dev", "cms.settings.test"])
def test_settings_speak_norwegian_bokmal_in_oslo_time(module):
    configuration = importlib.import_module(module)

    assert configuration.LANGUAGE_CODE == "nb"
    assert configuration.TIME_ZONE == "Europe/Oslo"
    assert configuration.USE_TZ is True


def test_the_suite_runs_on_the_test_settings():
    assert settings.SETTINGS_MODULE == "cms.settings.test"
    assert settings.LANGUAGE_CODE == "nb"
    assert settings.TIME_ZONE == "Europe/Oslo"


def test_a_required_variable_that_is_missing_is_named_in_the_error(monkeypatch):
    monkeypatch.delenv("TROMS_EXAMPLE", raising=False)

    with pytest.raises(ImproperlyConfigured, match="TROMS_EXAMPLE"):
        env("TROMS_EXAMPLE")


def test_an_empty_variable_counts_as_missing(monkeypatch):
    monkeypatch.setenv("TROMS_EXAMPLE", "")

    assert env("TROMS_EXAMPLE", "fallback") == "fallback"
    with pytest.raises(ImproperlyConfigured, match="TROMS_EXAMPLE"):
        env("TROMS_EXAMPLE")


def test_a_set_variable_wins_over_the_default(monkeypatch):
    monkeypatch.setenv("TROMS_EXAMPLE", "value")

    assert env("TROMS_EXAMPLE", "fallback") == "value"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
    ],
)
def test_boolean_words_are_read(monkeypatch, raw, expected):
    monkeypatch.setenv("TROMS_EXAMPLE", raw)

    assert env_bool("TROMS_EXAMPLE", not expected) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "ja", "-1"])
def test_a_boolean_that_is_not_one_is_rejected(monkeypatch, raw):
    monkeypatch.setenv("TROMS_EXAMPLE", raw)

    with pytest.raises(ImproperlyConfigured, match="TROMS_EXAMPLE must be a boolean"):
        env_bool("TROMS_EXAMPLE", True)


def test_an_unset_boolean_takes_its_default(monkeypatch):
    monkeypatch.delenv("TROMS_EXAMPLE", raising=False)

    assert env_bool("TROMS_EXAMPLE", True) is True
    assert env_bool("TROMS_EXAMPLE", False) is False


def test_a_whole_number_is_read(monkeypatch):
    monkeypatch.setenv("TROMS_EXAMPLE", " 600 ")

    assert env_int("TROMS_EXAMPLE", 0) == 600


@pytest.mark.parametrize("raw", ["ten", "1.5", "60s"])
def test_a_number_that_is_not_whole_is_rejected(monkeypatch, raw):
    monkeypatch.setenv("TROMS_EXAMPLE", raw)

    with pytest.raises(ImproperlyConfigured, match="TROMS_EXAMPLE must be a whole number"):
        env_int("TROMS_EXAMPLE", 0)


def test_a_list_is_split_on_commas_without_blanks(monkeypatch):
    monkeypatch.setenv("TROMS_EXAMPLE", " a.example.org, ,b.example.org ,")

    assert env_list("TROMS_EXAMPLE") == ["a.example.org", "b.example.org"]


def test_an_unset_list_takes_its_default(monkeypatch):
    monkeypatch.delenv("TROMS_EXAMPLE", raising=False)

    assert env_list("TROMS_EXAMPLE") == []
    assert env_list("TROMS_EXAMPLE", ["localhost"]) == ["localhost"]


# Two requests that read, then write, at the same time: the editor's autosave and its save.
CONCURRENT_WRITES = """
import threading, django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n INTEGER)")
    cursor.execute("INSERT INTO counter VALUES (0)")
both_read = threading.Barrier(2, timeout=5)
failures = []

def request():
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            try:
                both_read.wait()
            except threading.BrokenBarrierError:
                pass  # the other request waited for this one's lock: it comes after it
            cursor.execute("UPDATE counter SET n = n + 1")
    except Exception as error:
        failures.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=request) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print(cursor.fetchone()[0], failures)
"""


def test_concurrent_writes_to_the_sqlite_file_wait_their_turn(tmp_path):
    database = tmp_path / "x.sqlite3"

    result = run_python(
        "cms.settings.dev", "-c", CONCURRENT_WRITES, DATABASE_URL=f"sqlite:///{database}"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 []"
