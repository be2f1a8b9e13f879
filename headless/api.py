"""Shared parts of the public API: strict parameters, JSON errors, and the pages endpoint.

Stock Wagtail answers several malformed parameters with a 500; here every parameter is checked
where it enters, and every error a client can cause is a 4xx with a JSON body
``{"message": ...}`` that explains it in Norwegian bokmål (Wagtail's own explanations are in
English, so its checks are made first here, or its messages translated). Faults of the server
itself are not caught: they stay logged 500s.
"""

import json
import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from modelcluster.fields import ParentalManyToManyField
from rest_framework import status
from rest_framework.exceptions import APIException, NotAcceptable
from rest_framework.fields import Field
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from taggit.managers import TaggableManager, _TaggableManager
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2 import views as wagtail_views
from wagtail.api.v2.utils import (
    BadRequestError,
    page_models_from_string,
    parse_fields_parameter,
)
from wagtail.api.validators import SiteFilterValidator
from wagtail.contrib.redirects.api import v2 as redirects_views
from wagtail.documents.api.v2 import views as documents_views
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.v2 import views as images_views
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from base.blocks import IMAGE_RENDITIONS, absolute_media_url
from base.publication import absolute_addresses, public_pages, subtree

from . import documents
from .media import public_media
from .models import PageDocument

# The largest primary key the databases can store (signed 64-bit); larger ids can only be absent.
MAX_ID = 2**63 - 1
MAX_PARAMETER_LENGTH = 1000
# Columns that exist on a model but cannot be compared with a value from a query string.
UNFILTERABLE_FIELD_TYPES = (
    StreamField,
    RichTextField,
    ParentalManyToManyField,
    models.ManyToManyField,
)
NOT_FOUND = _("not found")
# What an image's download_url links: its largest rendition, never the uploaded original.
DOWNLOAD_RENDITION = IMAGE_RENDITIONS["large"]
# Wagtail's parser of ?fields= explains a syntax error in English; each of its explanations,
# and what the client reads instead. One that is not here gets the general message.
FIELDS_SYNTAX_ERRORS = [
    (
        r"unexpected char '(?P<char>.)' at position (?P<position>\d+)",
        _("fields: unexpected character '%(char)s' at position %(position)s"),
    ),
    (
        r"unexpected whitespace at position (?P<position>\d+)",
        _("fields: unexpected whitespace at position %(position)s"),
    ),
    (r"'(?P<name>.)' must be in the first position", _("fields: '%(name)s' must come first")),
    (r"'(?P<name>.)' cannot be negated", _("fields: '%(name)s' cannot be negated")),
    (
        r"negated fields with '_' doesn't make sense",
        _("fields: '_' cannot be followed by fields to leave out"),
    ),
    (
        r"additional fields with '\*' doesn't make sense",
        _("fields: '*' already includes every field; only fields to leave out may follow"),
    ),
    (
        r"unexpected end of input.*",
        _("fields: unexpected end (is a closing bracket missing?)"),
    ),
]


class FilterError(BadRequestError):
    """A client error with details per parameter, e.g. the errors of a FilterSet's form."""

    def __init__(self, message, errors=None):
        self.errors = errors
        super().__init__(message)


def filtered(filterset):
    """The queryset of a django-filter FilterSet, or a 400 with its errors per parameter."""
    if not filterset.is_valid():
        errors = {
            name: [error["message"] for error in field_errors]
            for name, field_errors in filterset.errors.get_json_data().items()
        }
        raise FilterError(_("invalid filter values"), errors)
    return filterset.qs


def parse_id(value, name):
    """A positive database id, or a 400 naming the parameter."""
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        raise BadRequestError(_("%(name)s must be a positive integer") % {"name": name})
    number = int(value)
    if number < 1 or number > MAX_ID:
        raise BadRequestError(
            _("%(name)s must be a positive integer no larger than %(maximum)d")
            % {"name": name, "maximum": MAX_ID}
        )
    return number


def parse_count(value, name, maximum):
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        raise BadRequestError(_("%(name)s must be a positive integer") % {"name": name})
    number = int(value)
    if number > maximum:
        raise BadRequestError(
            _("%(name)s cannot be higher than %(maximum)d") % {"name": name, "maximum": maximum}
        )
    return number


def limit_maximum():
    """The largest page a listing gives, as Wagtail's pagination reads it (none: unlimited)."""
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_ID


def parse_fields(value):
    """``?fields=`` parsed by Wagtail, or a 400 that says in Norwegian what is wrong with it."""
    try:
        return parse_fields_parameter(value)
    except ValueError as error:
        for pattern, message in FIELDS_SYNTAX_ERRORS:
            match = re.fullmatch(pattern, str(error), flags=re.DOTALL)
            if match:
                raise BadRequestError(message % match.groupdict()) from error
        raise BadRequestError(_("fields: the value is not valid")) from error


def check_field_names(config, available):
    """A 400 for nested fields, which no endpoint offers, or for names not in ``available``."""
    if config and config[0][0] in ("*", "_"):
        config = config[1:]
    unknown = []
    for name, _negated, sub_fields in config:
        if sub_fields:
            raise BadRequestError(
                _("fields: '%(name)s' does not support nested fields") % {"name": name}
            )
        if name not in available:
            unknown.append(name)
    if unknown:
        raise BadRequestError(
            _("unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )


class StrictParametersMixin:
    """Checks every query parameter before a view runs and turns client errors into JSON."""

    # Parameters that may be given more than once, e.g. ?topic=a&topic=b.
    repeatable_parameters = frozenset()
    # Parameters a detail (or other non-listing) view takes; None: the same as the listing.
    detail_query_parameters = None
    # Whether ?<model field>=value filters listings (Wagtail's field filters).
    field_filters = True
    # Only JSON, errors included: Wagtail would also offer REST framework's HTML browsable API.
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        # Checked before REST framework's content negotiation, which answers an unknown
        # ?format= with a bare 404. The format suffix is set first, as the error response's
        # own negotiation reads it.
        self.format_kwarg = self.get_format_suffix(**kwargs)
        self.check_parameter_values(request)
        super().initial(request, *args, **kwargs)

    def check_parameter_values(self, request):
        if request.GET.get("format", "json") != "json":
            raise BadRequestError(_("format: only 'json' is supported"))
        self.check_limits(request)
        search_operator = request.GET.get("search_operator")
        if search_operator is not None and search_operator not in ("and", "or"):
            raise BadRequestError(_("search_operator must be 'and' or 'or'"))
        if request.GET.get("rich_text_format", "html") != "html":
            raise BadRequestError(_("rich_text_format: only 'html' is supported"))
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError(
                    _("%(name)s: null characters are not allowed") % {"name": repr(name)}
                )
            if len(values) > 1 and name not in self.repeatable_parameters:
                raise BadRequestError(_("%(name)s may be given only once") % {"name": name})
            if any(len(value) > MAX_PARAMETER_LENGTH for value in values):
                raise BadRequestError(
                    _("%(name)s is longer than %(length)d characters")
                    % {"name": name, "length": MAX_PARAMETER_LENGTH}
                )

    def check_limits(self, request):
        # Also the largest limit, which Wagtail's pagination would refuse in English.
        maximums = {"limit": limit_maximum(), "offset": MAX_ID}
        for name, maximum in maximums.items():
            if name in request.GET:
                parse_count(request.GET[name], name, maximum=maximum)

    @classmethod
    def filterable_fields(cls, model):
        """Concrete columns that a query-string value can be compared with."""
        names = []
        for name in cls.get_available_fields(model, db_fields_only=True):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # meta names such as "type" are not model fields
                continue
            if field.concrete and not isinstance(field, UNFILTERABLE_FIELD_TYPES):
                names.append(name)
        return names

    @classmethod
    def orderable_fields(cls, model):
        # Not tags or another many-valued field: ordering by one repeats a row once per value.
        return [
            name
            for name in cls.filterable_fields(model)
            if name != "locale" and not model._meta.get_field(name).many_to_many
        ] + ["id"]

    def check_query_parameters(self, queryset=None):
        """Refuse parameters that are neither operations nor, where allowed, field filters."""
        if self.action != "listing_view" and self.detail_query_parameters is not None:
            allowed = set(self.detail_query_parameters)
        else:
            allowed = set(self.known_query_parameters)
            if self.field_filters and queryset is not None:
                allowed |= set(self.filterable_fields(queryset.model))
        unknown = set(self.request.GET) - allowed
        if unknown:
            raise BadRequestError(
                _("query parameter is not an operation or a recognised field: %(names)s")
                % {"names": ", ".join(sorted(unknown))}
            )

    def get_object(self):
        pk = parse_id(str(self.kwargs["pk"]), "id")
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    def get_serializer_class(self):
        # Wagtail's serializers check ?fields= too, in English; these checks come first.
        if "fields" in self.request.GET:
            if self.action == "listing_view":
                model = self.get_queryset().model
                hidden = set(self.detail_only_fields)
            else:
                model = type(self.get_object())
                hidden = set()
            available = set(self.get_available_fields(model)) - hidden
            check_field_names(parse_fields(self.request.GET["fields"]), available)
        return super().get_serializer_class()

    def find_object(self, queryset, request):
        if "id" in request.GET:
            return queryset.filter(pk=parse_id(request.GET["id"], "id")).first()
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": str(NOT_FOUND)}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, NotAcceptable):
            exc = NotAcceptable(_("the API answers only in JSON: accept application/json"))
        if isinstance(exc, BadRequestError):
            data = {"message": str(exc)}
            if getattr(exc, "errors", None):
                data["errors"] = exc.errors
            return Response(data, status=status.HTTP_400_BAD_REQUEST)
        response = super().handle_exception(exc)
        if isinstance(exc, APIException) and isinstance(response.data, dict):
            detail = response.data.pop("detail", None)
            if detail is not None:
                response.data = {"message": str(detail), **response.data}
        return response


class StrictFieldsFilter(BaseFilterBackend):
    """Filters on model fields (?slug=...), converting each value before it reaches the database."""

    def filter_queryset(self, request, queryset, view):
        for name in view.filterable_fields(queryset.model):
            if name not in request.GET:
                continue
            field = queryset.model._meta.get_field(name)
            raw = request.GET[name]
            if isinstance(field, TaggableManager):
                # As in Wagtail: ?tags=a,b means tagged with both a and b.
                for tag in filter(None, (tag.strip() for tag in raw.split(","))):
                    queryset = queryset.filter(tags__name=tag)
                continue
            try:
                value = self.convert(field, raw)
            except (ValidationError, ValueError) as error:
                raise BadRequestError(
                    _("%(value)s is not a valid value for %(name)s")
                    % {"value": repr(raw), "name": name}
                ) from error
            # A model may compute what the API shows from a column (a status that follows the
            # clock); it then filters by what it shows.
            api_filter = getattr(queryset.model, "filter_api_field", None)
            if api_filter is not None:
                queryset = api_filter(queryset, field.attname, value)
            else:
                queryset = queryset.filter(**{field.attname: value})
        return queryset

    @staticmethod
    def convert(field, raw):
        if isinstance(field, models.BooleanField):
            return wagtail_filters.parse_boolean(raw)
        if isinstance(field, models.ForeignKey):
            return parse_id(raw, field.name)
        if isinstance(field, models.IntegerField | models.AutoField):
            return parse_id(raw, field.name)
        value = field.to_python(raw)
        if isinstance(field, models.CharField) and field.choices:
            field.run_validators(value)
            if value not in dict(field.flatchoices):
                raise ValidationError("not a choice")
        return value


def search_orderable_fields(model):
    """Columns that search results can be ordered by: those the search index keeps as filters."""
    return {field.get_attname(model) for field in model.get_filterable_search_fields()}


class StrictOrderingFilter(BaseFilterBackend):
    """?order=field,-field on plain columns only; random ordering as in Wagtail."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if not order:
            return queryset
        names = order.split(",")
        if "random" in names:
            if len(names) > 1:
                raise BadRequestError(_("random ordering cannot be combined with other fields"))
            if "offset" in request.GET:
                raise BadRequestError(_("random ordering with offset is not supported"))
            if "search" in request.GET:
                raise BadRequestError(_("random ordering cannot be combined with search"))
            return queryset.order_by("?")
        allowed = view.orderable_fields(queryset.model)
        for name in names:
            if name.lstrip("-") not in allowed or name.startswith("--"):
                raise BadRequestError(
                    _("cannot order by %(name)s (unknown field)") % {"name": repr(name)}
                )
        if "search" in request.GET:
            # The search backend orders its results only by the columns its index keeps.
            indexed = search_orderable_fields(queryset.model)
            for name in names:
                if name.lstrip("-") not in indexed:
                    raise BadRequestError(
                        _("cannot order search results by %(name)s; choose one of %(choices)s")
                        % {
                            "name": repr(name),
                            "choices": ", ".join(dict.fromkeys(n for n in allowed if n in indexed)),
                        }
                    )
        # The id breaks ties (two pages with one title): without it the database may return
        # tied rows in any order, and a client paging with offset could see one twice.
        if not {"id", "-id"} & set(names):
            names.append("id")
        return queryset.order_by(*names)


class PageTreeFilter(BaseFilterBackend):
    """child_of, descendant_of and ancestor_of, with ids checked before any query."""

    def filter_queryset(self, request, queryset, view):
        if "child_of" in request.GET and "descendant_of" in request.GET:
            raise BadRequestError(_("filtering by descendant_of with child_of is not supported"))
        for name in ("child_of", "descendant_of", "ancestor_of"):
            if name not in request.GET:
                continue
            raw = request.GET[name]
            if raw == "root" and name != "ancestor_of":
                page = view.get_root_page()
            else:
                page = view.get_base_queryset().filter(pk=parse_id(raw, name)).first()
                if page is None:
                    raise BadRequestError(
                        _("%(name)s: page %(id)s does not exist") % {"name": name, "id": raw}
                    )
            if name == "child_of":
                queryset = queryset.child_of(page)
            elif name == "descendant_of":
                queryset = queryset.descendant_of(page)
            else:
                queryset = queryset.ancestor_of(page)
        return queryset


class LocaleFilter(BaseFilterBackend):
    """?locale= (a language code, e.g. nb) and ?translation_of= (a page id or root), as in
    Wagtail's v2, with unknown values a 400 that says which are known."""

    def filter_queryset(self, request, queryset, view):
        if "translation_of" in request.GET:
            raw = request.GET["translation_of"]
            if raw == "root":
                page = view.get_root_page()
            else:
                page = view.get_base_queryset().filter(pk=parse_id(raw, "translation_of")).first()
                if page is None:
                    raise BadRequestError(
                        _("%(name)s: page %(id)s does not exist")
                        % {"name": "translation_of", "id": raw}
                    )
            queryset = queryset.translation_of(page)
        if "locale" in request.GET:
            code = request.GET["locale"]
            locale = Locale.objects.filter(language_code=code).first()
            if locale is None:
                known = Locale.objects.order_by("language_code").values_list(
                    "language_code", flat=True
                )
                raise BadRequestError(
                    _("locale: %(code)s is not a language of this site; choose one of %(codes)s")
                    % {"code": repr(code), "codes": ", ".join(known)}
                )
            queryset = queryset.filter(locale=locale)
        return queryset


MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 32


def search_terms(raw):
    """The words of a search text; quotes and operators are not syntax, only separators."""
    if len(raw) > MAX_SEARCH_LENGTH:
        raise BadRequestError(
            _("%(name)s may be at most %(length)d characters")
            % {"name": "search", "length": MAX_SEARCH_LENGTH}
        )
    terms = re.findall(r"\w+", raw)
    if len(terms) > MAX_SEARCH_TERMS:
        raise BadRequestError(
            _("%(name)s may contain at most %(count)d words")
            % {"name": "search", "count": MAX_SEARCH_TERMS}
        )
    return terms


class StrictSearchFilter(BaseFilterBackend):
    """?search= over what the other filters left, ranked by relevance unless ordered."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        terms = search_terms(request.GET["search"])
        if not terms:
            return queryset.none()
        # The search backend filters only on indexed columns, so it gets the matching ids.
        candidates = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        if request.GET.get("order"):
            # The order the ordering filter, which runs first, checked and completed with the id.
            candidates = candidates.order_by(*queryset.query.order_by)
        return get_search_backend().search(
            " ".join(terms),
            candidates,
            operator=request.GET.get("search_operator"),
            order_by_relevance="order" not in request.GET,
        )


class EncodedItems:
    """An answer whose items the view has encoded already, as Wagtail's v2 encodes them
    (indented by four spaces, every item at the depth the answer puts it).

    ``envelope`` is the answer around the items, whose ``items`` (an empty list) they fill; None
    when the one item is the answer. ``shaped()`` gives the whole answer as data, for a client
    that asks for other JSON (``Accept: application/json; indent=2``)."""

    def __init__(self, envelope, items, shaped):
        self.envelope = envelope
        self.items = items
        self.shaped = shaped


class PagesJSONRenderer(JSONRenderer):
    """REST framework's JSON renderer, which puts already encoded items in their place."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, EncodedItems):
            return super().render(data, accepted_media_type, renderer_context)
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent != documents.INDENT or self.ensure_ascii:
            return super().render(data.shaped(), accepted_media_type, renderer_context)
        if data.envelope is None:
            text = data.items[0]
        else:
            envelope = super().render(data.envelope, accepted_media_type, renderer_context)
            before, empty, after = envelope.decode().rpartition('"items": []')
            if not empty:
                raise ValueError("the answer has no empty list of items to fill")
            if data.items:
                inner = "\n" + " " * 2 * indent
                outer = "\n" + " " * indent
                empty = f'"items": [{inner}{("," + inner).join(data.items)}{outer}]'
            text = before + empty + after
        # As REST framework's renderer does: the answer stays a strict subset of JavaScript.
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


class RowCount(Subquery):
    """How many rows a queryset has, as a value another query can select."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = models.BigIntegerField()


class PagesAPIViewSet(StrictParametersMixin, wagtail_views.PagesAPIViewSet):
    """Wagtail's pages endpoint, answered from the document store.

    Every page's full representation is built when it is published (see ``headless.documents``), so
    a detail or a listing with all fields costs the same few queries whatever the page type or
    the page size, and nothing private can leak through a reference.
    """

    filter_backends = [
        StrictFieldsFilter,
        PageTreeFilter,
        LocaleFilter,
        StrictOrderingFilter,
        StrictSearchFilter,
    ]
    renderer_classes = [PagesJSONRenderer]
    known_query_parameters = frozenset(
        [
            "limit",
            "offset",
            "fields",
            "order",
            "search",
            "search_operator",
            "rich_text_format",
            "type",
            "child_of",
            "ancestor_of",
            "descendant_of",
            "translation_of",
            "locale",
            "site",
            "format",
            "after_id",
        ]
    )
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "html_url",
        "slug",
        "first_published_at",
    ]
    detail_excluded_fields = ["locale"]

    @classmethod
    def filterable_fields(cls, model):
        # ?locale= is a language code (see LocaleFilter), not the id the column holds.
        return [name for name in super().filterable_fields(model) if name != "locale"]

    def get_base_queryset(self):
        # Made once per request: public_pages() reads the view restrictions each time.
        if getattr(self, "_base_queryset", None) is None:
            site = self.requested_site()
            if site is None:
                self._base_queryset = public_pages().none()
            else:
                self._base_queryset = subtree(public_pages(), site.root_page)
        return self._base_queryset

    def requested_site(self):
        """The site of ``?site=`` or of the request's host, or None when none matches."""
        requested = self.request.GET.get("site")
        if requested and ":" in requested:
            port = requested.partition(":")[2]
            if not port.isascii() or not port.isdigit() or len(port) > 5:
                raise BadRequestError(
                    _("site must be a host name with an optional port number, e.g. localhost:8000")
                )
        try:
            site = SiteFilterValidator(site=requested, request=self.request).site_obj
        except ValueError as error:
            # The one error left: the host name alone matches sites on several ports.
            raise BadRequestError(
                _("site %(site)s matches more than one site; add its port number")
                % {"site": requested}
            ) from error
        return site

    def get_queryset(self):
        model_string = self.request.GET.get("type")
        if model_string:
            for part in model_string.split(","):
                if part.count(".") != 1 or not all(part.split(".")):
                    raise BadRequestError(
                        _("type must be app_label.ModelName, e.g. schemes.SchemePage")
                    )
                try:
                    page_models_from_string(part)
                except (LookupError, ValueError) as error:
                    # Checked here because Wagtail's own answer is in English.
                    raise BadRequestError(
                        _("type: %(type)s is not a page type") % {"type": part}
                    ) from error
        return super().get_queryset()

    # Field bookkeeping ---------------------------------------------------------------------

    @classmethod
    def body_field_names(cls, model):
        return cls.get_body_fields_names(model)

    def selected_fields(self, model, detail):
        """The body and meta field names to output, from the defaults and ?fields=."""
        body_names = self.body_field_names(model)
        meta_names = list(documents.META_FIELDS)
        available = body_names + meta_names
        if detail:
            chosen = {name for name in available if name not in self.detail_excluded_fields}
        else:
            chosen = set(self.listing_default_fields)
        if "fields" in self.request.GET:
            config = parse_fields(self.request.GET["fields"])
            check_field_names(config, available)
            if config and config[0][0] == "*":
                chosen, config = set(available), config[1:]
            elif config and config[0][0] == "_":
                chosen, config = set(), config[1:]
            for name, negated, _sub_fields in config:
                if negated:
                    chosen.discard(name)
                else:
                    chosen.add(name)
        return (
            [name for name in body_names if name in chosen],
            [name for name in meta_names if name in chosen],
        )

    # Documents -----------------------------------------------------------------------------

    def load_documents(self, page_ids):
        """Payloads of the given pages, in one query; rebuilt first where missing or stale."""
        return {page_id: json.loads(text) for page_id, text in self.load_texts(page_ids).items()}

    def load_texts(self, page_ids):
        """The stored JSON text of the given pages' payloads, with absolute addresses, in one
        query; rebuilt first where missing or stale."""
        now = timezone.now()
        rows = (
            PageDocument.objects.filter(page_id__in=page_ids)
            .annotate(withheld=documents.withheld(OuterRef("page_id")))
            .values_list("page_id", "payload", "valid_until", "withheld")
        )
        payloads = {}
        withheld = []
        for page_id, payload, valid_until, is_withheld in rows:
            if is_withheld:
                withheld.append(page_id)
            elif valid_until is None or valid_until > now:
                payloads[page_id] = payload
        if withheld:
            # It may name a page hidden since it was built; built afresh until the worker has
            # rebuilt it (see headless.documents).
            payloads.update(documents.build_unstored(withheld))
        missing = [
            page_id for page_id in page_ids if page_id not in payloads and page_id not in withheld
        ]
        if missing:
            # Built on read only when a document is missing or has gone stale by the clock;
            # nothing changed in the database, so there is nothing to announce.
            documents.rebuild_many(missing, announce=False)
            payloads.update(
                PageDocument.objects.filter(page_id__in=missing).values_list("page_id", "payload")
            )
        # Addresses are made absolute now, from the settings, rather than when stored.
        return {page_id: absolute_addresses(text) for page_id, text in payloads.items()}

    def shape(self, payload, body_names, meta_names):
        """Cut a document down to the chosen fields."""
        item = {"id": payload["id"]}
        source_meta = payload["meta"]
        meta = {name: source_meta.get(name) for name in meta_names}
        if meta:
            item["meta"] = meta
        for name in body_names:
            if name != "id" and name in payload:
                item[name] = payload[name]
        return item

    def shaped_text(self, text, body_names, meta_names, depth):
        """A stored document's text cut down to the chosen fields, encoded as the API encodes
        a value ``depth`` levels deep in an answer."""
        document = documents.StoredDocument.parse(text)
        if document is not None:
            return document.render(body_names, meta_names, depth)
        # Stored before documents kept the API's layout: parsed, shaped and encoded.
        item = json.dumps(
            self.shape(json.loads(text), body_names, meta_names),
            ensure_ascii=False,
            indent=documents.INDENT,
        )
        return item.replace("\n", "\n" + " " * documents.INDENT * depth)

    # Views ---------------------------------------------------------------------------------

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        body_names, meta_names = self.selected_fields(queryset.model, detail=False)
        queryset = self.filter_queryset(queryset)
        pages = self.paginate_queryset(queryset)
        page_ids = [page.pk for page in pages]
        found = self.load_texts(page_ids)
        texts = [found[page_id] for page_id in page_ids if page_id in found]
        # Each item is cut from its stored text, already encoded: a listing of any length
        # neither parses its documents nor encodes them again.
        return Response(
            EncodedItems(
                envelope=self.get_paginated_response([]).data,
                items=[self.shaped_text(text, body_names, meta_names, 2) for text in texts],
                shaped=lambda: (
                    self.get_paginated_response(
                        [self.shape(json.loads(text), body_names, meta_names) for text in texts]
                    ).data
                ),
            )
        )

    def paginate_queryset(self, queryset):
        if isinstance(queryset, models.QuerySet):
            queryset = queryset.only("pk")
        if "after_id" not in self.request.GET:
            return super().paginate_queryset(queryset)
        # Keyset paging, an addition to stock v2: the page after a given item costs the same
        # wherever it is in the listing, where an offset makes the database walk past every
        # item before it. total_count is still that of the whole listing.
        after, total = self.after_filter(
            queryset, parse_id(self.request.GET["after_id"], "after_id")
        )
        paginator = self.paginator
        paginator.view = self
        paginator.total_count = queryset.count() if total is None else total
        return after[: self.listing_limit()]

    def listing_limit(self):
        maximum = limit_maximum()
        default = 20 if not maximum else min(20, maximum)
        if "limit" not in self.request.GET:
            return default
        return parse_count(self.request.GET["limit"], "limit", maximum=maximum or MAX_ID)

    def after_filter(self, queryset, after_id):
        """The items of ``queryset`` that come after page ``after_id`` in its order, and the
        number of items in ``queryset`` when it was read on the way (else None)."""
        for name in ("offset", "search"):
            if name in self.request.GET:
                raise BadRequestError(
                    _("after_id cannot be combined with %(name)s") % {"name": name}
                )
        order = self.request.GET.get("order", "")
        if order == "id":
            return queryset.filter(pk__gt=after_id), None
        if order == "-id":
            return queryset.filter(pk__lt=after_id), None
        if order:
            raise BadRequestError(
                _("after_id works with the default order (the tree's) or with order=id or -id")
            )
        # The anchor's place and the listing's total in one query: no row, no public anchor.
        anchor = (
            self.get_base_queryset()
            .filter(pk=after_id)
            .annotate(total=RowCount(queryset.order_by().values("pk")))
            .order_by()
            .values_list("path", "total")[:1]
        )
        anchor = next(iter(anchor), None)
        if anchor is None:
            raise BadRequestError(
                _("after_id: no public page has the id %(id)d; start again without after_id")
                % {"id": after_id}
            )
        path, total = anchor
        # SQLite seeks on the first bound of the path that the query names and tests the
        # others row by row, so the anchor's bound comes before the site's.
        after = queryset.model.objects.filter(path__gt=path) & queryset
        return after.only("pk").order_by("path"), total

    def get_object(self):
        pk = parse_id(str(self.kwargs["pk"]), "id")
        page = self.get_base_queryset().filter(pk=pk).only("pk", "content_type").first()
        if page is None:
            raise Http404
        return page

    def detail_view(self, request, pk):
        page = self.get_object()
        body_names, meta_names = self.selected_fields(page.specific_class, detail=True)
        text = self.load_texts([page.pk]).get(page.pk)
        if text is None:
            raise Http404
        return Response(
            EncodedItems(
                envelope=None,
                items=[self.shaped_text(text, body_names, meta_names, 0)],
                shaped=lambda: self.shape(json.loads(text), body_names, meta_names),
            )
        )

    def find_object(self, queryset, request):
        if "id" in request.GET:
            return queryset.filter(pk=parse_id(request.GET["id"], "id")).first()
        return super().find_object(queryset, request)


class ImageDownloadUrlField(Field):
    """An image's largest rendition: the original file keeps whatever the upload held."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return absolute_media_url(image.get_rendition(DOWNLOAD_RENDITION).url)


class PrefetchedTagsField(Field):
    """Tag names as Wagtail lists them, read from tags prefetched with the listing."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PrefetchedTagsMixin:
    def build_property_field(self, field_name, model_class):
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return PrefetchedTagsField, {}
        return super().build_property_field(field_name, model_class)


class PublicImageSerializer(PrefetchedTagsMixin, ImageSerializer):
    download_url = ImageDownloadUrlField(read_only=True)


class PublicDocumentSerializer(PrefetchedTagsMixin, DocumentSerializer):
    """Wagtail's document serialiser, with the tags of a listing read in one query."""


class ImagesAPIViewSet(StrictParametersMixin, images_views.ImagesAPIViewSet):
    """Wagtail's images endpoint with strict parameters: only images that are public (see
    ``headless.media``), each linked by a rendition rather than its original."""

    base_serializer_class = PublicImageSerializer
    filter_backends = [StrictFieldsFilter, StrictOrderingFilter, StrictSearchFilter]

    def get_queryset(self):
        # headless.media also leaves out restricted collections, in the same statement.
        queryset = (
            self.model.objects.order_by("id")
            .prefetch_related("tags")
            .prefetch_renditions(DOWNLOAD_RENDITION)
        )
        return public_media(queryset)


class DocumentsAPIViewSet(StrictParametersMixin, documents_views.DocumentsAPIViewSet):
    """Wagtail's documents endpoint with strict parameters: only documents that are public
    (see ``headless.media``)."""

    base_serializer_class = PublicDocumentSerializer
    filter_backends = [StrictFieldsFilter, StrictOrderingFilter, StrictSearchFilter]

    def get_queryset(self):
        return public_media(self.model.objects.order_by("id").prefetch_related("tags"))


class RedirectsAPIViewSet(StrictParametersMixin, redirects_views.RedirectsAPIViewSet):
    """Wagtail's redirects endpoint with strict parameters; none leads to a hidden page."""

    filter_backends = [StrictFieldsFilter, StrictOrderingFilter]
    # Redirects are not in the search index, so there is no ?search= here.
    known_query_parameters = redirects_views.RedirectsAPIViewSet.known_query_parameters - {
        "search",
        "search_operator",
    }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(Q(redirect_page__isnull=True) | Q(redirect_page__in=public_pages()))
        )

    def find_object(self, queryset, request):
        found = super().find_object(queryset, request)
        if found is not None and not queryset.filter(pk=found.pk).exists():
            return None
        return found


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown addresses under /api/ answer in JSON like the endpoints do."""
    return JsonResponse({"message": str(NOT_FOUND)}, status=404)
