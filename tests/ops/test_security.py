import json
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from cms.security import NON_HTML_POLICY, ContentSecurityPolicyMiddleware
from headless.clients import client_ip
from tests.cms.test_settings import run_python
from tests.headers import csp_directives

from .conftest import EDITOR_PASSWORD as PASSWORD

pytestmark = pytest.mark.django_db

COUNTY_SITE = "https://www.tromsfylke.no"
ELSEWHERE = "https://evil.example.com"


def policy(response):
    return csp_directives(response["Content-Security-Policy"])


def linked_resources(html):
    """Every script, stylesheet, image and frame address a page loads."""
    return re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]+)"', html) + re.findall(
        r'<link[^>]*\shref="([^"]+)"', html
    )


def is_same_origin(address):
    return address.startswith("/") and not address.startswith("//")


# Content-Security-Policy


def test_admin_login_page_gets_the_html_policy_and_loads_only_its_own_files(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    html = response.content.decode()
    resources = linked_resources(html)
    assert resources
    assert [address for address in resources if not is_same_origin(address)] == []


def test_admin_pages_a_signed_in_editor_uses_load_only_their_own_files(tree, editor_client):
    for url in ["/admin/", f"/admin/pages/{tree['scheme'].pk}/edit/", "/admin/images/"]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert policy(response)["script-src"] == ["'self'", "'unsafe-inline'"], url
        outside = [a for a in linked_resources(response.content.decode()) if not is_same_origin(a)]
        assert outside == [], url


def test_api_responses_get_the_strict_policy_whether_cached_or_not(api_client, tree):
    url = f"/api/v2/pages/{tree['scheme'].pk}/"

    first = api_client.get(url)
    cached = api_client.get(url)
    not_modified = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Content-Security-Policy"] == NON_HTML_POLICY
    assert cached["Content-Security-Policy"] == NON_HTML_POLICY
    assert not_modified.status_code == 304
    assert not_modified["Content-Security-Policy"] == NON_HTML_POLICY
    assert policy(first) == {
        "default-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }


def test_api_errors_and_the_openapi_document_get_the_strict_policy(api_client, tree):
    assert api_client.get("/api/v2/pages/?nope=1")["Content-Security-Policy"] == NON_HTML_POLICY
    assert api_client.get("/api/openapi.json")["Content-Security-Policy"] == NON_HTML_POLICY


def test_the_api_reader_page_gets_the_html_policy(api_client):
    response = api_client.get("/api/docs/")

    assert response.status_code == 200
    assert policy(response)["default-src"] == ["'self'"]
    outside = [a for a in linked_resources(response.content.decode()) if not is_same_origin(a)]
    assert outside == []


# Each response's policy as the middleware writes it: the search page's, the admin's (which adds
# a source to script-src) and one whose view replaced a directive and added another.
PRINT_POLICIES = """
import json, django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from cms.security import ContentSecurityPolicyMiddleware

def policy(path, **replace):
    def view(request):
        response = HttpResponse("<p>Hei</p>")
        if replace:
            response._csp_replace = replace
        return response
    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get(path))
    return response["Content-Security-Policy"]

print(json.dumps([
    policy("/sok/"),
    policy("/admin/"),
    policy("/sok/", **{"img-src": ["'self'", "https://kart.example.no"], "media-src": ["'self'"]}),
]))
"""


def test_the_policy_lists_its_directives_in_the_same_order_in_every_process():
    printed = [
        run_python("cms.settings.test", "-c", PRINT_POLICIES, PYTHONHASHSEED=seed)
        for seed in ("1", "2")
    ]
    assert [result.returncode for result in printed] == [0, 0], printed[0].stderr
    first, second = (json.loads(result.stdout) for result in printed)
    assert first == second
    search, admin, replaced = first
    in_settings = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    assert list(csp_directives(search)) == in_settings
    assert list(csp_directives(admin)) == in_settings
    assert list(csp_directives(replaced)) == [*in_settings, "media-src"]
    # Only the order is fixed: every directive keeps its sources.
    assert csp_directives(search) == settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert csp_directives(admin)["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp_directives(replaced)["img-src"] == ["'self'", "https://kart.example.no"]


def test_a_policy_a_view_set_itself_is_left_as_it_is(rf):
    def view(request):
        response = HttpResponse("<p>Hei</p>")
        response["Content-Security-Policy"] = "script-src 'none'; default-src 'self'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/sok/"))

    assert response["Content-Security-Policy"] == "script-src 'none'; default-src 'self'"


def test_responses_forbid_sniffing_and_limit_referrers(api_client, tree):
    for url in ["/api/v2/pages/", "/admin/login/"]:
        response = api_client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")


# CORS


@pytest.fixture
def county_site_allowed(settings):
    settings.CORS_ALLOWED_ORIGINS = [COUNTY_SITE]


def test_an_allowed_origin_may_read_the_api(api_client, tree, county_site_allowed):
    response = api_client.get("/api/v2/pages/", HTTP_ORIGIN=COUNTY_SITE)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == COUNTY_SITE
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "origin" in response["Vary"].lower()
    assert "Access-Control-Allow-Credentials" not in response


def test_an_allowed_origin_gets_cors_headers_on_cached_answers_too(
    api_client, tree, county_site_allowed
):
    api_client.get("/api/v2/pages/")

    response = api_client.get("/api/v2/pages/", HTTP_ORIGIN=COUNTY_SITE)

    assert response["Access-Control-Allow-Origin"] == COUNTY_SITE


def test_another_origin_is_refused(api_client, tree, county_site_allowed):
    response = api_client.get("/api/v2/pages/", HTTP_ORIGIN=ELSEWHERE)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_by_default(api_client, tree):
    assert settings.CORS_ALLOWED_ORIGINS == []

    response = api_client.get("/api/v2/pages/", HTTP_ORIGIN=COUNTY_SITE)

    assert "Access-Control-Allow-Origin" not in response


def preflight(client, url, method, origin=COUNTY_SITE):
    return client.options(
        url,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


def test_preflight_allows_reading_the_api(api_client, county_site_allowed):
    response = preflight(api_client, "/api/v2/pages/", "GET")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == COUNTY_SITE
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_preflight_allows_posting_only_to_the_form_endpoint(api_client, county_site_allowed):
    forms = preflight(api_client, "/api/v2/forms/12/", "POST")
    pages = preflight(api_client, "/api/v2/pages/", "POST")
    delete = preflight(api_client, "/api/v2/forms/12/", "DELETE")

    assert forms["Access-Control-Allow-Origin"] == COUNTY_SITE
    assert forms["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS, POST"
    assert "Access-Control-Allow-Origin" not in pages
    assert "Access-Control-Allow-Origin" not in delete


def test_preflight_from_another_origin_is_refused(api_client, county_site_allowed):
    response = preflight(api_client, "/api/v2/forms/12/", "POST", origin=ELSEWHERE)

    assert "Access-Control-Allow-Origin" not in response


def test_the_admin_is_never_shared_across_origins(client, county_site_allowed):
    response = client.get("/admin/login/", HTTP_ORIGIN=COUNTY_SITE)

    assert "Access-Control-Allow-Origin" not in response


# Admin login lockout


def log_in(client, password, username="redaktor", **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def fail_until_locked(client, **extra):
    responses = [log_in(client, "feil", **extra) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    return responses[-1]


def test_the_lockout_defaults_to_five_failures_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_the_admin_login_works_with_the_right_password(client, editor):
    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_repeated_failures_lock_the_admin_login_even_with_the_right_password(client, editor):
    last_failure = fail_until_locked(client)

    assert last_failure.status_code == 429
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    message = response.content.decode()
    # In bokmål, with the cool-off in it.
    assert message == str(settings.AXES_COOLOFF_MESSAGE)
    assert "30" in message
    assert "Too many" not in message
    assert not is_signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail_until_locked(client)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_lockout_holds_only_for_that_username_from_that_address(
    client, editor, django_user_model
):
    django_user_model.objects.create_user("kollega", password=PASSWORD, is_staff=True)
    fail_until_locked(client)

    colleague = log_in(Client(), PASSWORD, username="kollega")
    elsewhere = Client(REMOTE_ADDR="192.0.2.10")
    same_user_elsewhere = log_in(elsewhere, PASSWORD)

    assert colleague.status_code == 302
    assert same_user_elsewhere.status_code == 302
    assert is_signed_in(elsewhere)


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "feil")
    log_in(client, PASSWORD)
    client.logout()

    assert log_in(client, "feil").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302


def test_force_login_is_not_affected_by_a_lockout(client, editor):
    fail_until_locked(client)

    client.force_login(editor)

    assert client.get("/admin/").status_code == 200


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_the_lockout_counts_the_socket_address_when_no_proxy_is_trusted(settings):
    settings.FEEDBACK_TRUSTED_PROXY_COUNT = 0

    assert client_ip(FakeRequest("192.0.2.1", "198.51.100.7")) == "192.0.2.1"


def test_the_lockout_reads_the_address_a_trusted_proxy_added(settings):
    settings.FEEDBACK_TRUSTED_PROXY_COUNT = 1

    assert client_ip(FakeRequest("10.0.0.1", "203.0.113.9, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(FakeRequest("10.0.0.1", "not-an-address")) == "10.0.0.1"
    assert client_ip(FakeRequest("10.0.0.1", "")) == "10.0.0.1"
    assert client_ip(FakeRequest("")) is None
