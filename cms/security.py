"""Security headers: CORS per path and the CSP per kind of response. The client address that
admin login lockouts count against is headless.clients.client_ip."""

from corsheaders import middleware as cors
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import patch_vary_headers

# What a response that is not HTML may load: nothing. JSON, iCalendar and redirects are read by
# programs; a browser that is tricked into rendering one runs no script and shows no frame.
NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# What the Wagtail admin's pages add to the policy's script sources: its own inline scripts.
ADMIN_SCRIPT_SOURCES = ["'unsafe-inline'"]


def allowed_cors_methods(path):
    """Cross-origin scripts may read the API; they may only post to the form endpoint."""
    if path.startswith(tuple(settings.CORS_POST_URL_PREFIXES)):
        return (*SAFE_METHODS, "POST")
    return SAFE_METHODS


class CorsMiddleware(cors.CorsMiddleware):
    """django-cors-headers, with the allowed methods depending on the path.

    A preflight or request with a method the path does not allow gets no CORS headers at all,
    so the browser refuses it whatever the origin.
    """

    def add_response_headers(self, request, response):
        methods = allowed_cors_methods(request.path_info)
        method = request.method
        if method == "OPTIONS":
            method = request.headers.get("access-control-request-method", method)
        if method.upper() not in methods:
            if getattr(request, "_cors_enabled", False):
                patch_vary_headers(response, ("origin",))
            return response
        response = super().add_response_headers(request, response)
        if cors.ACCESS_CONTROL_ALLOW_METHODS in response:
            response[cors.ACCESS_CONTROL_ALLOW_METHODS] = ", ".join(methods)
        return response


def in_fixed_order(policy, setting):
    """The directives of ``policy`` in the order that ``setting`` (``CONTENT_SECURITY_POLICY``
    or its report-only twin) lists them, then any others by name, report-uri last of those.

    django-csp writes them in an order that depends on Python's string hashing, which differs
    between worker processes: the same page would then get a different header from each, which
    defeats caches and comparisons. Only the order changes; no directive's sources do.
    """
    order = {
        name: index
        for index, name in enumerate((getattr(settings, setting, None) or {}).get("DIRECTIVES", {}))
    }

    def position(directive):
        name = directive.split(maxsplit=1)[0].lower()
        return order.get(name, len(order)), name == "report-uri", name

    directives = [part.strip() for part in policy.split(";") if part.strip()]
    return "; ".join(sorted(directives, key=position))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy for HTML, its directives in a fixed order; NON_HTML_POLICY for
    everything else.

    The API's answers are the bulk of the traffic, so their fixed policy is set as it is rather
    than built anew for every response.
    """

    HEADER_SETTINGS = {
        HEADER: "CONTENT_SECURITY_POLICY",
        HEADER_REPORT_ONLY: "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    }

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            # Only the Wagtail admin runs inline scripts; every other page runs none.
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), *ADMIN_SCRIPT_SOURCES]
            parts.update = update
        return parts

    def process_response(self, request, response):
        if "text/html" in response.get("Content-Type", ""):
            # Only the headers built here: one a view set itself stays as it is.
            built = [header for header in self.HEADER_SETTINGS if header not in response]
            response = super().process_response(request, response)
            for header in built:
                if header in response:
                    response[header] = in_fixed_order(
                        response[header], self.HEADER_SETTINGS[header]
                    )
            return response
        if HEADER not in response:
            response[HEADER] = NON_HTML_POLICY
        return response
