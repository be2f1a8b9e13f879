"""The production profile beyond its required variables: derived addresses, limits, static files."""

import json

import pytest

from tests.headers import csp_directives

from .test_settings import SETUP, last_line, production_environment, run_python

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in ("
    "'WAGTAILADMIN_BASE_URL', 'API_BASE_URL', 'MEDIA_BASE_URL', 'CORS_ALLOWED_ORIGINS', "
    "'WAGTAILIMAGES_MAX_UPLOAD_SIZE', 'WAGTAILIMAGES_MAX_IMAGE_PIXELS', "
    "'WAGTAILDOCS_MAX_UPLOAD_SIZE', 'DATA_UPLOAD_MAX_MEMORY_SIZE', 'AXES_FAILURE_LIMIT', "
    "'SECURE_REFERRER_POLICY', 'SECURE_CONTENT_TYPE_NOSNIFF', 'MIDDLEWARE', 'EMAIL_HOST', "
    "'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_USE_TLS', 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL', "
    "'FRONTEND_PREVIEW_URL', 'WAGTAIL_HEADLESS_PREVIEW', 'WAGTAILAPI_BASE_URL')}, "
    "default=str)); "
    "print(int(s.AXES_COOLOFF_TIME.total_seconds()), s.STORAGES['staticfiles']['BACKEND'])"
)

MEGABYTE = 1024 * 1024

# Runs in a production process: a static file and the admin's login page, as a browser asks.
FETCH_STATIC_AND_LOGIN = """
import json, django
django.setup()
from django.templatetags.static import static
from django.test import Client

client = Client()
url = static("wagtailadmin/css/core.css")
css = client.get(url, secure=True, HTTP_HOST="cms.example.org", HTTP_ACCEPT_ENCODING="gzip")
login = client.get("/admin/login/", secure=True, HTTP_HOST="cms.example.org")
print(json.dumps({
    "url": url,
    "css_status": css.status_code,
    "css_class": type(css).__name__,
    "css_headers": dict(css.headers),
    "login_status": login.status_code,
    "login_headers": dict(login.headers),
    "login_html": login.content.decode(),
}))
"""


def production_settings(**variables):
    variables = {**production_environment(), **variables}
    result = run_python("cms.settings.production", "-c", PRINT_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    values, extra = result.stdout.strip().splitlines()
    cooloff, static_storage = extra.split()
    return {**json.loads(values), "cooloff_seconds": int(cooloff), "static": static_storage}


def test_production_derives_its_addresses_from_the_first_allowed_host():
    values = production_settings()

    assert values["WAGTAILADMIN_BASE_URL"] == "https://cms.example.org"
    assert values["API_BASE_URL"] == "https://cms.example.org"
    assert values["WAGTAILAPI_BASE_URL"] == "https://cms.example.org"
    assert values["MEDIA_BASE_URL"] == "https://cms.example.org"


def test_a_subdomain_wildcard_host_gives_its_domain_as_the_address():
    values = production_settings(ALLOWED_HOSTS=".example.org")

    assert values["WAGTAILADMIN_BASE_URL"] == "https://example.org"


def test_production_addresses_set_in_the_environment_win():
    values = production_settings(
        WAGTAILADMIN_BASE_URL="https://admin.example.org/",
        MEDIA_BASE_URL="https://media.example-cdn.net",
    )

    assert values["WAGTAILADMIN_BASE_URL"] == "https://admin.example.org"
    assert values["API_BASE_URL"] == "https://admin.example.org"
    assert values["MEDIA_BASE_URL"] == "https://media.example-cdn.net"


def test_a_catch_all_first_host_needs_an_explicit_address():
    variables = {**production_environment(), "ALLOWED_HOSTS": "*"}

    result = run_python("cms.settings.production", "-c", PRINT_SETTINGS, **variables)

    assert result.returncode != 0
    assert "set the environment variable WAGTAILADMIN_BASE_URL" in last_line(result.stderr)
    values = production_settings(ALLOWED_HOSTS="*", WAGTAILADMIN_BASE_URL="https://cms.example.org")
    assert values["MEDIA_BASE_URL"] == "https://cms.example.org"


def test_production_has_safe_defaults_for_everything_else():
    values = production_settings()

    assert values["CORS_ALLOWED_ORIGINS"] == []
    assert values["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] == 10 * MEGABYTE
    assert values["WAGTAILIMAGES_MAX_IMAGE_PIXELS"] == 24_000_000
    assert values["WAGTAILDOCS_MAX_UPLOAD_SIZE"] == 10 * MEGABYTE
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 2_621_440
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["cooloff_seconds"] == 30 * 60
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["EMAIL_HOST"] == "localhost"
    assert values["EMAIL_TIMEOUT"] == 10
    assert values["DEFAULT_FROM_EMAIL"] == f"noreply@{values['WAGTAILADMIN_BASE_URL'][8:]}"
    middleware = values["MIDDLEWARE"]
    # WhiteNoise answers right after the security middleware, before any other work is done.
    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"


def test_production_reads_origins_limits_and_lockout_from_the_environment():
    values = production_settings(
        CORS_ALLOWED_ORIGINS="https://www.tromsfylke.no, https://test.tromsfylke.no",
        WAGTAILIMAGES_MAX_UPLOAD_SIZE="1000",
        WAGTAILIMAGES_MAX_IMAGE_PIXELS="2000",
        WAGTAILDOCS_MAX_UPLOAD_SIZE="3000",
        DATA_UPLOAD_MAX_MEMORY_SIZE="4000",
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="10",
    )

    assert values["CORS_ALLOWED_ORIGINS"] == [
        "https://www.tromsfylke.no",
        "https://test.tromsfylke.no",
    ]
    assert values["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] == 1000
    assert values["WAGTAILIMAGES_MAX_IMAGE_PIXELS"] == 2000
    assert values["WAGTAILDOCS_MAX_UPLOAD_SIZE"] == 3000
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 4000
    assert values["AXES_FAILURE_LIMIT"] == 3
    assert values["cooloff_seconds"] == 600


def test_production_serves_collected_static_files_and_the_admin_through_whitenoise(tmp_path):
    variables = {
        **production_environment(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for command in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        result = run_python("cms.settings.production", "manage.py", *command, "-v0", **variables)
        assert result.returncode == 0, result.stderr

    result = run_python("cms.settings.production", "-c", FETCH_STATIC_AND_LOGIN, **variables)

    assert result.returncode == 0, result.stderr
    fetched = json.loads(result.stdout)
    # A content-hashed name, kept by browsers and the CDN for good, compressed once beforehand.
    assert fetched["url"].startswith("/static/wagtailadmin/css/core.")
    assert fetched["url"] != "/static/wagtailadmin/css/core.css"
    assert fetched["css_status"] == 200
    assert fetched["css_class"] == "WhiteNoiseFileResponse"
    assert "immutable" in fetched["css_headers"]["Cache-Control"]
    assert fetched["css_headers"]["Content-Encoding"] == "gzip"
    assert fetched["login_status"] == 200
    headers = fetched["login_headers"]
    policy = csp_directives(headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert fetched["url"] in fetched["login_html"]


def test_production_reads_its_mail_server_from_the_environment():
    values = production_settings(
        EMAIL_HOST="smtp.tromsfylke.no",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="cms",
        EMAIL_HOST_PASSWORD="hemmelig",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="naeringsportal@tromsfylke.no",
    )

    assert values["EMAIL_HOST"] == "smtp.tromsfylke.no"
    assert values["EMAIL_PORT"] == 587
    assert values["EMAIL_HOST_USER"] == "cms"
    assert values["EMAIL_USE_TLS"] is True
    assert values["DEFAULT_FROM_EMAIL"] == "naeringsportal@tromsfylke.no"


def test_production_refuses_tls_and_ssl_together():
    variables = {**production_environment(), "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}
    result = run_python("cms.settings.production", "-c", PRINT_SETTINGS, **variables)

    assert result.returncode != 0
    assert "Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL." in last_line(result.stderr)


@pytest.mark.parametrize("name", ["FRONTEND_PREVIEW_URL", "FRONTEND_BASE_URL"])
@pytest.mark.parametrize(
    "url",
    [
        "http://www.tromsfylke.no/preview/",
        "www.tromsfylke.no/preview/",
        "https:///preview/",
        "https://editor:secret@www.tromsfylke.no/preview/",
        "javascript:alert(1)",
    ],
)
def test_production_refuses_a_county_site_address_that_cannot_be_framed_safely(name, url):
    result = run_python(
        "cms.settings.production", "-c", SETUP, **production_environment(), **{name: url}
    )

    assert result.returncode != 0
    assert f"{name} must be an https:// address" in last_line(result.stderr)


def test_production_takes_the_county_sites_preview_address_from_the_environment():
    url = "https://forhandsvisning.tromsfylke.no/preview/"
    values = production_settings(FRONTEND_PREVIEW_URL=url)

    assert values["FRONTEND_PREVIEW_URL"] == url
    assert values["WAGTAIL_HEADLESS_PREVIEW"] == {"CLIENT_URLS": {"default": url}}


def test_wagtails_api_urls_use_the_apis_own_address():
    values = production_settings(API_BASE_URL="https://api.example.org/")

    assert values["API_BASE_URL"] == "https://api.example.org"
    assert values["WAGTAILAPI_BASE_URL"] == "https://api.example.org"
