"""The OpenAPI 3.1 document of the public API, built from the models, blocks and endpoints.

Page type schemas come from each model's ``api_fields`` and its StreamField block definitions,
and each endpoint's parameters from its ``known_query_parameters``, so the document cannot
silently drift from what the API serves: tests check every payload against it.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from . import blocks as home_blocks
from .api import MAX_ID, PagesAPIViewSet
from .serializers import ReferenceField

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
    "Organisation": obj({**TAXONOMY, "short_name": STRING, "kind": STRING, "url": STRING}),
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
            "signup_url": STRING,
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
    "Listing": obj(
        {
            "meta": obj({"total_count": {"type": "integer", "minimum": 0}}),
            "items": {"type": "array", "items": {"type": "object"}},
        }
    ),
}

# Schemas of referenced models, by the model label that ReferenceField meets.
MODEL_SCHEMAS = {
    "home.region": "Region",
    "home.county": "County",
    "home.municipality": "Municipality",
    "home.organisation": "Organisation",
    "home.industry": "Term",
    "home.topic": "Term",
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
    if isinstance(serializer, ReferenceField):
        target = field.related_model
        if issubclass(target, Page):
            schema = ref("PageReference")
        else:
            schema = ref(MODEL_SCHEMAS[target._meta.label_lower])
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


def meta_schema(page_type=None):
    type_schema = {"const": page_type} if page_type else STRING
    return obj(
        {
            "type": type_schema,
            "detail_url": STRING,
            "html_url": NULLABLE_STRING,
            "slug": STRING,
            "show_in_menus": {"type": "boolean"},
            "seo_title": STRING,
            "search_description": STRING,
            "first_published_at": {"type": ["string", "null"], "format": "date-time"},
            "last_published_at": {"type": ["string", "null"], "format": "date-time"},
            "alias_of": {"type": "null"},
            "parent": nullable(ref("PageSummary")),
            "breadcrumbs": {"type": "array", "items": ref("PageSummary")},
            "locale": STRING,
        },
        required=[],
    )


def page_schema_name(model):
    return model._meta.label.replace(".", "")


def page_schema(model):
    """The detail of one page type; every field but ``id`` may be left out with ``fields``."""
    properties = {"id": ID, "meta": meta_schema(model._meta.label)}
    for api_field in PagesAPIViewSet.get_body_fields(model):
        if api_field.name == "id":
            continue
        properties[api_field.name] = field_schema(model, api_field.name, api_field)
    schema = obj(properties, required=["id"])
    schema["description"] = (model.__doc__ or "").strip().splitlines()[0]
    return schema


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
        "description": "Fields to show: `*` for all, `_` for none, `-name` to drop one.",
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
    "site": {"type": "string", "description": "hostname or hostname:port"},
    "rich_text_format": {"enum": ["html"]},
    "format": {"enum": ["json"]},
    "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
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


def get_operation(summary, parameters, response, extra_responses=None):
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {"200": response, **ERRORS, **(extra_responses or {})},
        }
    }


FIND_REDIRECT = {"302": {"description": "Redirects to the detail of what was found."}}


def generic_endpoint(prefix, viewset, noun):
    """Listing, detail and find of one of Wagtail's model endpoints."""
    filterable = viewset.filterable_fields(viewset.model)
    names = set(viewset.known_query_parameters) | set(filterable)
    names -= {"_"}
    return {
        f"/api/v2/{prefix}/": get_operation(
            f"List {noun}", query_parameters(names), json_response(ref("Listing"))
        ),
        f"/api/v2/{prefix}/{{id}}/": get_operation(
            f"One {noun[:-1] if noun.endswith('s') else noun}",
            [path_id(), *query_parameters(["fields"])],
            json_response({"type": "object", "required": ["id"]}),
        ),
        f"/api/v2/{prefix}/find/": get_operation(
            f"Find {noun}",
            query_parameters(["id", "html_path"] if prefix in ("pages", "redirects") else ["id"]),
            {"description": "Not used: a match redirects."},
            FIND_REDIRECT,
        ),
    }


def build_document(router):
    """The whole OpenAPI document for the endpoints registered on ``router``."""
    endpoints = dict(router._endpoints)
    schemas = dict(COMPONENTS)
    page_refs = []
    for model in public_page_models():
        schemas[page_schema_name(model)] = page_schema(model)
        page_refs.append(ref(page_schema_name(model)))
    page_detail = {"anyOf": page_refs}
    paths = {}
    for prefix, viewset in endpoints.items():
        operations = getattr(viewset, "openapi_paths", None)
        if operations is not None:
            paths.update(operations(prefix, page_detail))
            continue
        paths.update(generic_endpoint(prefix, viewset, prefix))
        if prefix == "pages":
            paths["/api/v2/pages/{id}/"]["get"]["responses"]["200"] = json_response(page_detail)
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
