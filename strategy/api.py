"""``/api/v2/forms/{id}/``: the public definition of a feedback box, and submissions to it.

Submissions are stored as Wagtail form submissions with a status (``FeedbackSubmission``), so
editors read, export and process them in the admin's Forms section and its "Innspill" overview,
and mailed to the page's ``to_address`` when it has one. Every refusal
is a 4xx with a JSON body ``{"message": ...}``, and nothing is stored on any of them.
"""

import contextlib
import hashlib
import ipaddress
import json
import math
import time
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import path
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Site

from base.publication import public_pages
from headless.api import StrictParametersMixin, parse_id
from headless.clients import client_ip
from headless.openapi import ERRORS, component, json_response, obj, path_id, ref

from .models import FeedbackFormPage
from .serializers import (
    CONSENT_FIELD,
    HONEYPOT_FIELD,
    bind_form,
    form_definition,
    honeypot_filled,
    state_message,
    thank_you_message,
)

MAX_BODY_BYTES = 64 * 1024
DEFAULT_RATE_LIMIT = "5/600"


class Refusal(APIException):
    """A client error with its own status, answered as ``{"message": ..., "errors": ...}``."""

    def __init__(self, message, status_code=status.HTTP_400_BAD_REQUEST, errors=None, wait=None):
        detail = {"message": message}
        if errors:
            detail["errors"] = errors
        super().__init__(detail)
        self.status_code = status_code
        # Read by REST framework's exception handler, which sends it as Retry-After.
        self.wait = wait


def rate_limit():
    """(submissions, seconds) from FEEDBACK_RATE_LIMIT, written "5/600" or as two integers."""
    value = getattr(settings, "FEEDBACK_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    try:
        if isinstance(value, str):
            count, period = value.split("/")
        else:
            count, period = value
        count, period = int(count), int(period)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(
            f"FEEDBACK_RATE_LIMIT must be submissions/seconds, e.g. '5/600', not {value!r}."
        ) from error
    if count < 1 or period < 1:
        raise ImproperlyConfigured("FEEDBACK_RATE_LIMIT must be positive.")
    return count, period


def client_address(request):
    """The address the rate limit counts against: the client's (``headless.clients.client_ip``),
    where an IPv6 client is its whole /64 network."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        # One IPv6 subscriber is usually given a whole /64, so the network is the client.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address


# Seconds a client is asked to wait while the rate limit's shared cache is unreachable.
UNAVAILABLE_RETRY_AFTER = 60


class SubmissionLimit:
    """A client's submissions in the current fixed window, counted in the shared cache.

    Each window has its own key, so the count is right even on cache backends whose ``incr``
    resets the expiry, and stale counts simply expire. ``incr`` is atomic on Redis, Memcached
    and production's database cache (``cms.caches.DatabaseCache``), so concurrent requests
    cannot slip past the limit together.
    """

    def __init__(self, client, count, period):
        now = time.time()
        window = int(now // period)
        digest = hashlib.sha256(client.encode()).hexdigest()[:32]
        self.key = f"strategy:feedback-limit:{digest}:{window}"
        self.count = count
        self.period = period
        self.retry_after = max(1, math.ceil((window + 1) * period - now))

    @classmethod
    def for_request(cls, request):
        return cls(client_address(request), *rate_limit())

    def acquire(self):
        cache.add(self.key, 0, timeout=self.period)
        try:
            used = cache.incr(self.key)
        except ValueError:  # expired between add and incr
            cache.set(self.key, 1, timeout=self.period)
            used = 1
        if used is None:
            # The shared cache is unreachable (production's backend then answers None, and
            # cms.caches logs the outage). Uncounted submissions would leave the box open to
            # floods, so none is taken until the count can be kept again.
            raise Refusal(
                _("Submissions cannot be received just now. Please try again in a minute."),
                status.HTTP_503_SERVICE_UNAVAILABLE,
                wait=UNAVAILABLE_RETRY_AFTER,
            )
        if used > self.count:
            raise Refusal(
                _("Too many submissions from your address. Please try again later."),
                status.HTTP_429_TOO_MANY_REQUESTS,
                wait=self.retry_after,
            )

    def release(self):
        # A window that has already expired has nothing left to give back.
        with contextlib.suppress(ValueError):
            cache.decr(self.key)


def reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def has_bad_characters(value):
    """True when any string in ``value`` holds a NUL or a lone surrogate.

    Neither can be stored in PostgreSQL's jsonb nor sent by mail. The walk is iterative, as
    the nesting is as deep as the parser allowed.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                return True
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def read_json_object(request):
    """The body as a JSON object, or a 4xx saying what is wrong with it."""
    content_type, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    charset = params.get("charset", "utf-8").lower()
    if content_type != "application/json" or charset not in ("utf-8", "utf8"):
        raise Refusal(
            _("Send the submission as JSON, with the content type application/json."),
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        )
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isascii() or not length.isdigit():
        raise Refusal(_("The length of the request is not valid."))
    # Checked before reading, so a large body is never taken into memory.
    if len(length) > 10 or int(length) > MAX_BODY_BYTES:
        raise Refusal(
            _("The submission is too large; at most %(size)d kB is accepted.")
            % {"size": MAX_BODY_BYTES // 1024},
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    body = request.body
    if not body.strip():
        raise Refusal(_("The request body is empty."))
    try:
        payload = json.loads(
            body.decode("utf-8"), parse_float=Decimal, parse_constant=reject_constant
        )
    except (ValueError, RecursionError) as error:
        raise Refusal(_("The request body is not valid JSON.")) from error
    if not isinstance(payload, dict):
        raise Refusal(_("The submission must be a JSON object."))
    if has_bad_characters(payload):
        raise Refusal(_("The submission contains characters that are not allowed."))
    return payload


class FormSubmissionAPIViewSet(StrictParametersMixin, GenericViewSet):
    """Submissions to a published feedback box (digital innspillkasse), and its definition."""

    name = "forms"
    # The router looks endpoints up by model; the pages endpoint, registered first, still
    # answers for every page type.
    model = FeedbackFormPage
    renderer_classes = [JSONRenderer]
    # The body is read and checked by read_json_object, never by REST framework's parsers.
    parser_classes = []
    # REST framework's OPTIONS answer would describe a serializer this view does not have.
    metadata_class = None
    known_query_parameters = frozenset()

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("<int:pk>/", cls.as_view({"get": "retrieve", "post": "create"}), name="submit")
        ]

    def initial(self, request, *args, **kwargs):
        # Checked before content negotiation, which answers an unknown ?format= with a bare 404.
        self.format_kwarg = None
        self.check_parameter_values(request)
        super().initial(request, *args, **kwargs)

    def check_parameter_values(self, request):
        if request.GET:
            raise BadRequestError(_("This address takes no query parameters."))

    def get_object(self):
        """The live, public feedback box of this site with the id in the URL, or a 404."""
        not_found = Refusal(_("Form not found."), status.HTTP_404_NOT_FOUND)
        try:
            # An id too large for the database cannot name a form either.
            pk = parse_id(str(self.kwargs["pk"]), "id")
        except BadRequestError as error:
            raise not_found from error
        site = Site.find_for_request(self.request)
        if site is None:
            raise not_found
        page = (
            public_pages()
            .descendant_of(site.root_page, inclusive=True)
            .exact_type(FeedbackFormPage)
            .filter(pk=pk)
            .specific()
            .first()
        )
        if page is None:
            raise not_found
        return page

    def retrieve(self, request, pk):
        return Response(form_definition(self.get_object(), MAX_BODY_BYTES))

    def create(self, request, pk):
        page = self.get_object()
        if not page.is_open:
            raise Refusal(state_message(page), status.HTTP_409_CONFLICT)
        payload = read_json_object(request)

        limit = SubmissionLimit.for_request(request)
        limit.acquire()
        if honeypot_filled(payload):
            # Robots keep their place in the count, so one that keeps trying is slowed down.
            raise Refusal(_("The submission could not be received."))
        try:
            form, errors = bind_form(page, payload)
            if errors:
                raise Refusal(_("The submission has errors."), errors=errors)
            # Stored and mailed together: when the mail cannot be sent nothing is kept, and
            # the sender can try again without leaving a duplicate.
            with transaction.atomic():
                submission = page.process_form_submission(form)
        except BaseException:
            # Only submissions that were received count against the sender.
            limit.release()
            raise
        return Response(
            {"id": submission.pk, "message": thank_you_message(page)},
            status=status.HTTP_201_CREATED,
        )

    @classmethod
    def openapi_paths(cls, prefix, page_detail):
        field = obj(
            {
                "name": {"type": "string"},
                "label": {"type": "string"},
                "field_type": {"type": "string"},
                "required": {"type": "boolean"},
                "choices": {"type": "array", "items": {"type": "string"}},
                "default_value": {"type": "string"},
                "help_text": {"type": "string"},
                "value_type": {"enum": ["string", "boolean", "array", "number"]},
            }
        )
        definition = obj(
            {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "state": {"enum": ["open", "closed", "coming"]},
                "is_open": {"type": "boolean"},
                "state_message": {
                    "type": "string",
                    "description": "Why the box takes no submissions now; empty while open.",
                },
                "intro": {"type": "string", "contentMediaType": "text/html"},
                "fields": {"type": "array", "items": field},
                "consent": obj(
                    {
                        "name": {"const": CONSENT_FIELD},
                        "text": {"type": "string"},
                        "required_with": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Fields that, when filled in, require consent: true.",
                        },
                    }
                ),
                "honeypot": obj({"name": {"const": HONEYPOT_FIELD}}),
                "thank_you_text": {"type": "string", "contentMediaType": "text/html"},
                "max_body_bytes": {"type": "integer"},
            }
        )
        submission = {
            "type": "object",
            "description": (
                "One key per form field, by its `name`: a string, or a boolean for "
                "`checkbox`, a list of strings for `checkboxes` and `multiselect`, a number or "
                f"string for `number`. `{CONSENT_FIELD}` must be true when an email field is "
                f"filled in. `{HONEYPOT_FIELD}` must be left out or empty."
            ),
            "properties": {
                CONSENT_FIELD: {"type": "boolean"},
                HONEYPOT_FIELD: {"type": ["string", "null"], "maxLength": 0},
            },
            "additionalProperties": {
                "anyOf": [
                    {"type": ["string", "number", "boolean", "null"]},
                    {"type": "array", "items": {"type": "string"}},
                ]
            },
        }
        error = {"content": {"application/json": {"schema": ref("Error")}}}
        return {
            f"/api/v2/{prefix}/{{id}}/": {
                "get": {
                    "summary": "The definition of a feedback box: fields, state and rules",
                    "operationId": "getForm",
                    "parameters": [path_id("Id of a published feedback form page")],
                    "responses": {
                        "200": json_response(component("FormDefinition", definition)),
                        **ERRORS,
                    },
                },
                "post": {
                    "summary": "Submit to a feedback box (digital innspillkasse)",
                    "operationId": "submitForm",
                    "parameters": [path_id("Id of a published feedback form page")],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": submission}},
                    },
                    "responses": {
                        "201": json_response(
                            obj({"id": {"type": "integer"}, "message": {"type": "string"}}),
                            "Received and stored",
                        ),
                        **ERRORS,
                        "409": {"description": "The box is closed or not open yet.", **error},
                        "413": {"description": "The body is larger than 64 KiB.", **error},
                        "415": {"description": "The body is not sent as JSON.", **error},
                        "429": {
                            "description": "Too many submissions from this client.",
                            "headers": {
                                "Retry-After": {
                                    "description": "Seconds until the client may submit again.",
                                    "schema": {"type": "integer", "minimum": 1},
                                }
                            },
                            **error,
                        },
                    },
                },
            }
        }
