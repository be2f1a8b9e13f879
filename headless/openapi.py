"""The OpenAPI 3.1 document of the public API, built from the models, blocks and endpoints.

Page type schemas come from each model's ``api_fields`` and its StreamField block definitions,
and each endpoint's parameters from its ``known_query_parameters``, so the document cannot
silently drift from what the API serves: tests check every payload against it.
"""

import contextvars
import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import BaseTypedTableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from base import blocks as home_blocks

from .api import MAX_ID, PagesAPIViewSet
from .documents import META_FIELDS
from .serializers import OptionalURLField, ReferenceField

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
ID = {"type": "integer", "minimum": 1}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties, required=None, additional=False):
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": additional,
    }


TAXONOMY = {"id": ID, "name": STRING, "slug": STRING}

COMPONENTS = {
    "Error": obj(
        {
            "message": {"type": "string", "description": "What was wrong with the request."},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": STRING},
                "description": "Errors per parameter or per form field.",
            },
        },
        required=["message"],
    ),
    "Region": obj({**TAXONOMY, "alternative_name": STRING}),
    "County": obj({**TAXONOMY, "number": {"type": "string", "pattern": r"^\d{2}$"}}),
    "Municipality": obj(
        {
            **TAXONOMY,
            "number": {"type": "string", "pattern": r"^\d{4}$"},
            "official_name": STRING,
            "region": nullable(ref("Region")),
        }
    ),
    "Organisation": obj({**TAXONOMY, "short_name": STRING, "kind": STRING, "url": NULLABLE_STRING}),
    "Term": obj(TAXONOMY),
    "Rendition": obj({"url": STRING, "width": INTEGER, "height": INTEGER}),
    "Image": obj(
        {
            "id": ID,
            "title": STRING,
            "alt": STRING,
            "renditions": obj({name: ref("Rendition") for name in home_blocks.IMAGE_RENDITIONS}),
        }
    ),
    "Person": obj(
        {
            "id": ID,
            "name": STRING,
            "job_title": STRING,
            "area_of_responsibility": STRING,
            "department": STRING,
            "email": STRING,
            "phone": STRING,
            "photo": nullable(ref("Image")),
        }
    ),
    "PageReference": obj(
        {"id": ID, "title": STRING, "type": STRING, "url": NULLABLE_STRING},
    ),
    "PageSummary": obj(
        {
            "id": ID,
            "title": STRING,
            "type": NULLABLE_STRING,
            "html_url": NULLABLE_STRING,
            "detail_url": STRING,
        }
    ),
    "PageParent": obj(
        {
            "id": ID,
            "meta": obj(
                {"type": NULLABLE_STRING, "html_url": NULLABLE_STRING, "detail_url": STRING},
            ),
            "title": STRING,
        }
    ),
    "Link": obj(
        {
            "title": STRING,
            "url": NULLABLE_STRING,
            "page": nullable(ref("PageReference")),
            "external": {"type": "boolean"},
        }
    ),
    "Contact": obj({"person": ref("Person"), "note": STRING}),
    "Figure": obj({"image": ref("Image"), "caption": STRING}),
    "Meeting": obj(
        {
            "id": ID,
            "region": ref("Region"),
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "venue": STRING,
            "place": STRING,
            "municipality": nullable(ref("Municipality")),
            "signup_url": NULLABLE_STRING,
            "cancelled": {"type": "boolean"},
        }
    ),
    "Milestone": obj(
        {
            "id": ID,
            "title": STRING,
            "start": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
            "end": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
            "period": STRING,
            "status": {"enum": ["planned", "ongoing", "completed"]},
        }
    ),
    "ApplicationRound": obj(
        {
            "opens_at": {"type": ["string", "null"], "format": "date-time"},
            "deadline": {"type": ["string", "null"], "format": "date-time"},
            "note": STRING,
            "is_open": {"type": "boolean"},
        }
    ),
    "FormField": obj(
        {
            "name": STRING,
            "label": STRING,
            "field_type": STRING,
            "required": {"type": "boolean"},
            "choices": {"type": "array", "items": STRING},
            "default_value": STRING,
            "help_text": STRING,
        }
    ),
}


def listing(item, meta=None):
    """A listing's answer: ``meta`` with the total count (and ``meta``'s extras), and items."""
    return obj(
        {
            "meta": obj({"total_count": {"type": "integer", "minimum": 0}, **(meta or {})}),
            "items": {"type": "array", "items": item},
        }
    )


# Schemas of referenced models, by the model label that ReferenceField meets.
MODEL_SCHEMAS = {
    "taxonomy.region": "Region",
    "taxonomy.county": "County",
    "taxonomy.municipality": "Municipality",
    "taxonomy.organisation": "Organisation",
    "taxonomy.industry": "Term",
    "taxonomy.topic": "Term",
    "schemes.applicanttype": "Term",
    "people.person": "Person",
    "strategy.meeting": "Meeting",
    "strategy.milestone": "Milestone",
    "strategy.feedbackformfield": "FormField",
    "schemes.applicationround": "ApplicationRound",
    "wagtailimages.image": "Image",
}

# Computed fields (properties) that have no model field to read a type from.
PROPERTY_SCHEMAS = {
    "kind": {"enum": ["scheme", "programme"]},
    "related_programme_pages": {"type": "array", "items": ref("PageReference")},
    "meetings_calendar_url": STRING,
    "open_now": {"type": "boolean"},
    "next_deadline": {"type": ["string", "null"], "format": "date-time"},
    "deadlines_calendar_url": NULLABLE_STRING,
}

BLOCK_SCHEMAS = {
    home_blocks.LinkBlock: ref("Link"),
    home_blocks.ContactBlock: ref("Contact"),
    home_blocks.FigureBlock: ref("Figure"),
    home_blocks.PageReferenceBlock: ref("PageReference"),
    home_blocks.PersonBlock: ref("Person"),
    home_blocks.ImageBlock: ref("Image"),
}


def table_schema(block):
    """A typed table: its columns' types and headings, and rows of one value per column."""
    cells = []
    for child in block.child_blocks.values():
        schema = block_schema(child)
        if schema not in cells:
            cells.append(schema)
    column = obj({"type": {"enum": list(block.child_blocks)}, "heading": STRING})
    row = obj(
        {"values": {"type": "array", "items": cells[0] if len(cells) == 1 else {"anyOf": cells}}}
    )
    return obj(
        {
            "caption": STRING,
            "columns": {"type": "array", "items": column},
            "rows": {"type": "array", "items": row},
        }
    )


def block_schema(block, in_public_list=False):
    """The JSON shape of a block's API representation."""
    for block_class, schema in BLOCK_SCHEMAS.items():
        if isinstance(block, block_class):
            # Public lists and streams drop what may not be shown; elsewhere a hidden
            # reference stays in place as null.
            return schema if in_public_list else nullable(schema)
    if isinstance(block, blocks.StreamBlock):
        public = isinstance(block, home_blocks.PublicStreamBlock)
        variants = [
            obj(
                {
                    "type": {"const": name},
                    "value": block_schema(child, in_public_list=public),
                    "id": STRING,
                }
            )
            for name, child in block.child_blocks.items()
        ]
        return {"type": "array", "items": {"anyOf": variants}}
    if isinstance(block, blocks.ListBlock):
        public = isinstance(block, home_blocks.PublicListBlock)
        return {"type": "array", "items": block_schema(block.child_block, in_public_list=public)}
    if isinstance(block, blocks.StructBlock):
        return obj({name: block_schema(child) for name, child in block.child_blocks.items()})
    if isinstance(block, BaseTypedTableBlock):
        return table_schema(block)
    if isinstance(block, blocks.BooleanBlock):
        return {"type": "boolean"}
    if isinstance(block, blocks.IntegerBlock | blocks.FloatBlock | blocks.DecimalBlock):
        return {"type": ["number", "null"]}
    return NULLABLE_STRING


def field_schema(model, name, api_field):
    if name == "id":
        return ID
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return PROPERTY_SCHEMAS.get(name, {})
    serializer = api_field.serializer
    if isinstance(serializer, OptionalURLField):
        return {"type": ["string", "null"], "format": "uri"}
    if isinstance(serializer, ReferenceField):
        target = field.related_model
        if issubclass(target, Page):
            schema = ref("PageReference")
        elif target._meta.label_lower in MODEL_SCHEMAS:
            schema = ref(MODEL_SCHEMAS[target._meta.label_lower])
        else:
            # A model that MODEL_SCHEMAS does not know yet: the document is still served, and
            # its tests name the field that has no type.
            schema = {}
        if serializer.many:
            return {"type": "array", "items": schema}
        return nullable(schema)
    if isinstance(field, StreamField):
        return block_schema(field.stream_block)
    if isinstance(field, RichTextField):
        return {"type": "string", "contentMediaType": "text/html"}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, models.IntegerField):
        schema = INTEGER
    elif isinstance(field, ParentalManyToManyField | models.ManyToManyField):
        schema = {"type": "array", "items": {}}
    elif field.choices:
        schema = {"enum": [value for value, _label in field.flatchoices]}
    else:
        schema = STRING
    return nullable(schema) if field.null else schema


DATE_TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}

# The schema of each field that a page's ``meta`` may hold (headless.documents.META_FIELDS).
PAGE_META_SCHEMAS = {
    "type": STRING,
    "detail_url": STRING,
    "html_url": NULLABLE_STRING,
    "slug": STRING,
    "show_in_menus": {"type": "boolean"},
    "seo_title": STRING,
    "search_description": STRING,
    "first_published_at": DATE_TIME_OR_NULL,
    "last_published_at": DATE_TIME_OR_NULL,
    "alias_of": {"type": "null"},
    "parent": nullable(ref("PageParent")),
    "breadcrumbs": {"type": "array", "items": ref("PageSummary")},
    "locale": STRING,
}


def meta_schema(page_type=None, required=()):
    """A page's ``meta``; ``type`` is the constant label of ``page_type`` when one is given."""
    properties = {name: PAGE_META_SCHEMAS.get(name, STRING) for name in META_FIELDS}
    if page_type:
        properties["type"] = {"const": page_type}
    return obj(properties, required=[name for name in META_FIELDS if name in required])


def page_schema_name(model):
    return model._meta.label.replace(".", "")


def page_fields_schema(model, default_fields):
    """One page type as an answer holds it: every field it may show, the defaults required.

    Any field but ``id`` may be left out with ``?fields=``; the required ones are those that an
    answer without ``?fields=`` always holds.
    """
    properties = {"id": ID}
    meta_required = [name for name in META_FIELDS if name in default_fields]
    properties["meta"] = meta_schema(model._meta.label, meta_required)
    for api_field in PagesAPIViewSet.get_body_fields(model):
        if api_field.name != "id":
            properties[api_field.name] = field_schema(model, api_field.name, api_field)
    required = ["id", *(["meta"] if meta_required else [])]
    required += [name for name in properties if name in default_fields and name not in required]
    schema = obj(properties, required=required)
    schema["description"] = (model.__doc__ or "").strip().splitlines()[0]
    return schema


def page_schema(model):
    """The detail of one page type, as ``/api/v2/pages/{id}/`` answers it."""
    names = PagesAPIViewSet.get_body_fields_names(model) + META_FIELDS
    excluded = set(PagesAPIViewSet.detail_excluded_fields)
    return page_fields_schema(model, [name for name in names if name not in excluded])


def page_listing_item_schema(model, default_fields=None):
    """One page of a listing of pages of ``model``'s type, by default with the default fields."""
    if default_fields is None:
        default_fields = PagesAPIViewSet.listing_default_fields
    return page_fields_schema(model, default_fields)


def page_union(schemas):
    """One of several page schemas, told apart by their constant ``meta.type``."""
    return {
        "oneOf": schemas,
        "description": (
            "One schema per page type; `meta.type` (the type's label, e.g. "
            "`schemes.SchemePage`) says which."
        ),
    }


def public_page_models():
    return [model for model in get_page_models() if model._meta.app_label != "wagtailcore"]


ERRORS = {
    "400": {
        "description": "Invalid parameters or body.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "404": {
        "description": "Not found, or not public.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "406": {
        "description": "The request's Accept header allows no JSON, the only format answered.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
}


def json_response(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


LIMIT_MAX = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)

PARAMETERS = {
    "limit": {"type": "integer", "minimum": 0, "maximum": LIMIT_MAX},
    "offset": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "fields": {
        "type": "string",
        "description": (
            "Fields to show: `*` for all, `_` for none, `-name` to drop one. The response "
            "schemas require the fields of an answer without `fields`."
        ),
    },
    "order": {"type": "string", "description": "A field name, `-` in front for descending."},
    "search": {"type": "string", "maxLength": 200},
    "search_operator": {"enum": ["and", "or"]},
    "type": {"type": "string", "description": "Page type(s) as app_label.ModelName, by comma."},
    "child_of": {
        "anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID}, {"const": "root"}]
    },
    "descendant_of": {
        "anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID}, {"const": "root"}]
    },
    "ancestor_of": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "translation_of": {
        "anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID}, {"const": "root"}]
    },
    "locale": {"type": "string", "description": "A language code, e.g. `nb`."},
    "site": {"type": "string", "description": "hostname or hostname:port"},
    "rich_text_format": {"enum": ["html"]},
    "format": {"enum": ["json"]},
    "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "after_id": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_ID,
        "description": (
            "An addition to Wagtail's API: the items after the page with this id, in the "
            "listing's order (the default tree order, or `order=id` or `-id`); instead of "
            "`offset`, and as fast deep in a long listing as at its start. Pass the last item's "
            "id to get the next page; `meta.total_count` is still the whole listing's."
        ),
    },
    "html_path": {"type": "string"},
}


def query_parameters(names, repeatable=(), extra=None):
    extra = extra or {}
    parameters = []
    for name in sorted(names):
        schema = extra.get(name) or PARAMETERS.get(name, STRING)
        if name in repeatable:
            schema = {"type": "array", "items": schema}
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": schema,
                **({"style": "form", "explode": True} if name in repeatable else {}),
            }
        )
    return parameters


def path_id(description="Id"):
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }


def get_operation(summary, parameters, response, extra_responses=None, operation_id=None):
    """A GET operation; without ``operation_id`` the document derives one from its path."""
    operation = {
        "summary": summary,
        "parameters": parameters,
        "responses": {"200": response, **ERRORS, **(extra_responses or {})},
    }
    if operation_id:
        operation["operationId"] = operation_id
    return {"get": operation}


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def derived_operation_id(method, path):
    """A readable name from an operation's method and path, for operations that give none.

    ``GET /api/v2/meetings/{id}/calendar.ics`` is ``getMeetingsByIdCalendarIcs``: the same
    operation always gets the same name, so generated client functions keep theirs.
    """
    words = [method.lower()]
    for segment in path.removeprefix("/api/v2/").strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            words += ["by", segment[1:-1]]
        else:
            words += re.split(r"[^A-Za-z0-9]+", segment)
    return words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:] if word)


def name_operations(paths):
    """Give every operation that has no ``operationId`` one derived from its path, uniquely."""
    taken = {
        operation["operationId"]
        for item in paths.values()
        for method, operation in item.items()
        if method in HTTP_METHODS and "operationId" in operation
    }
    for path, item in paths.items():
        for method, operation in item.items():
            if method not in HTTP_METHODS or "operationId" in operation:
                continue
            base = candidate = derived_operation_id(method, path)
            number = 2
            while candidate in taken:
                candidate, number = f"{base}{number}", number + 1
            operation["operationId"] = candidate
            taken.add(candidate)


_components = contextvars.ContextVar("openapi_components")


def component(name, schema):
    """Put ``schema`` among the document's named schemas and return a reference to it.

    For an endpoint's ``openapi_paths``, which ``build_document`` calls: named schemas become
    named types in clients generated from the document. Called outside it, the schema itself.
    """
    components = _components.get(None)
    if components is None:
        return schema
    components[name] = schema
    return ref(name)


def find_operation(summary, parameters, operation_id, target):
    """``find``: a match is a 302 to its detail, whose address is in ``Location``."""
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "description": (
                f"Answers with a redirect to {target}, or a 404 when nothing matches. The "
                "redirect carries no body; follow `Location` for the answer."
            ),
            "parameters": parameters,
            "responses": {
                "302": {
                    "description": f"Found: `Location` is the address of {target}.",
                    "headers": {
                        "Location": {
                            "description": "The absolute address of the detail.",
                            "required": True,
                            "schema": {"type": "string", "format": "uri"},
                        }
                    },
                },
                **ERRORS,
            },
        }
    }


# Fields of Wagtail's own model endpoints (images, documents, redirects) that no model field
# describes.
MODEL_ENDPOINT_FIELDS = {
    "id": ID,
    "detail_url": STRING,
    "tags": {"type": "array", "items": STRING},
    "download_url": STRING,
    # The address the redirect leads to; null when its page has none.
    "location": NULLABLE_STRING,
}


def model_fields_schema(viewset, default_fields):
    """An item of one of Wagtail's model endpoints: every field it may show, defaults required."""
    model = viewset.model
    meta_names = viewset.get_meta_fields_names(model)
    # A field not known here is served untyped ({}), and the document's tests name it.
    meta_properties = {name: MODEL_ENDPOINT_FIELDS.get(name, {}) for name in meta_names}
    meta_properties["type"] = {"const": model._meta.label}
    meta_required = [name for name in meta_names if name in default_fields]
    properties = {"id": ID, "meta": obj(meta_properties, required=meta_required)}
    for api_field in viewset.get_body_fields(model):
        name = api_field.name
        if name != "id":
            properties[name] = MODEL_ENDPOINT_FIELDS.get(name) or field_schema(
                model, name, api_field
            )
    required = ["id", *(["meta"] if meta_required else [])]
    required += [name for name in properties if name in default_fields and name not in required]
    return obj(properties, required=required)


def model_endpoint(prefix, viewset):
    """Listing, detail and find of one of Wagtail's model endpoints (images, documents, ...)."""
    filterable = viewset.filterable_fields(viewset.model)
    names = set(viewset.known_query_parameters) | set(filterable)
    names -= {"_"}
    noun = viewset.model._meta.object_name
    plural = prefix.title().replace("_", "")
    item = component(
        f"{plural}ListingItem", model_fields_schema(viewset, viewset.listing_default_fields)
    )
    detail = component(
        f"{plural}Detail",
        model_fields_schema(viewset, viewset.get_detail_default_fields(viewset.model)),
    )
    return {
        f"/api/v2/{prefix}/": get_operation(
            f"List {prefix}",
            query_parameters(names),
            json_response(listing(item)),
            operation_id=f"list{plural}",
        ),
        f"/api/v2/{prefix}/{{id}}/": get_operation(
            f"One of the {prefix}",
            [path_id(), *query_parameters(["fields"])],
            json_response(detail),
            operation_id=f"get{noun}",
        ),
        f"/api/v2/{prefix}/find/": find_operation(
            f"Find one of the {prefix}",
            query_parameters(["id", "html_path"] if prefix == "redirects" else ["id"]),
            f"find{noun}",
            f"`/api/v2/{prefix}/{{id}}/`",
        ),
    }


def pages_endpoint(prefix, viewset):
    """Wagtail's pages endpoint: listing, detail of every page type, and find by path or id."""
    filterable = viewset.filterable_fields(viewset.model)
    names = (set(viewset.known_query_parameters) | set(filterable)) - {"_"}
    pages = get_operation(
        "List pages",
        query_parameters(names),
        json_response(listing(ref("PageListingItem"))),
        operation_id="listPages",
    )
    pages["get"]["description"] = (
        "Each item is of one page type, named by `meta.type`. With `type=` the items are of "
        "that type, and `fields` may add the type's own fields to them."
    )
    return {
        f"/api/v2/{prefix}/": pages,
        f"/api/v2/{prefix}/{{id}}/": get_operation(
            "One page, with the fields of its type",
            [path_id(), *query_parameters(["fields"])],
            json_response(ref("PageDetail")),
            operation_id="getPage",
        ),
        f"/api/v2/{prefix}/find/": find_operation(
            "Find a page by its path on the site, or by id",
            query_parameters(["id", "html_path"]),
            "findPage",
            f"the page's detail, `/api/v2/{prefix}/{{id}}/`",
        ),
    }


def page_components(models):
    """Detail and listing item of every page type, and the unions of each over all types."""
    schemas = {}
    for model in models:
        schemas[page_schema_name(model)] = page_schema(model)
        schemas[f"{page_schema_name(model)}ListingItem"] = page_listing_item_schema(model)
    schemas["PageDetail"] = page_union([ref(page_schema_name(model)) for model in models])
    schemas["PageListingItem"] = page_union(
        [ref(f"{page_schema_name(model)}ListingItem") for model in models]
    )
    return schemas


def build_document(router):
    """The whole OpenAPI document for the endpoints registered on ``router``."""
    endpoints = dict(router._endpoints)
    schemas = {**COMPONENTS, **page_components(public_page_models())}
    page_detail = ref("PageDetail")
    paths = {}
    token = _components.set(schemas)
    try:
        for prefix, viewset in endpoints.items():
            operations = getattr(viewset, "openapi_paths", None)
            if operations is not None:
                paths.update(operations(prefix, page_detail))
            elif issubclass(viewset, PagesAPIViewSet):
                paths.update(pages_endpoint(prefix, viewset))
            else:
                paths.update(model_endpoint(prefix, viewset))
    finally:
        _components.reset(token)
    name_operations(paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Troms næringsportal API",
            "version": "2",
            "description": (
                "Public content of Troms fylkeskommune's pages on business development and "
                "attractive communities. Only published, public pages are served. Every "
                "error is JSON with a `message`. Search text is limited to 200 characters and "
                "32 words; quotes and operators are treated as separators."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
