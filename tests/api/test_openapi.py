import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.api import api_router
from headless.openapi import (
    HTTP_METHODS,
    build_document,
    derived_operation_id,
    get_operation,
    json_response,
    page_schema_name,
    public_page_models,
)
from home.models import HomePage
from people.models import Person
from schemes.models import SchemeIndexPage, SchemePage
from strategy.models import FeedbackFormPage, StrategyPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(api_client):
    response = api_client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def check(document, schema, instance):
    """Validate ``instance`` against ``schema``: a reference, or a schema taken from ``document``.

    A schema taken from the document is found there again by identity, so that the references
    inside it resolve against the whole document.
    """
    registry = Registry().with_resource("urn:api", Resource.opaque(document))
    pointer = schema["$ref"][1:] if "$ref" in schema else pointer_to(document, schema)
    errors = sorted(
        Draft202012Validator({"$ref": "urn:api#" + pointer}, registry=registry).iter_errors(
            instance
        ),
        key=lambda error: list(error.path),
    )
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def pointer_to(document, target, path=""):
    """The JSON pointer of ``target`` (by identity) inside ``document``."""
    if document is target:
        return path
    children = document.items() if isinstance(document, dict) else enumerate(document)
    for key, value in children:
        if isinstance(value, dict | list):
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            found = pointer_to(value, target, f"{path}/{escaped}")
            if found is not None:
                return found
    return None


def response_schema(document, path, status="200", method="get"):
    return document["paths"][path][method]["responses"][status]["content"]["application/json"][
        "schema"
    ]


def test_every_component_schema_is_valid_json_schema(document):
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def paths_of(document, prefix):
    return [path for path in document["paths"] if path.startswith(f"/api/v2/{prefix}/")]


def test_every_endpoint_and_page_type_is_described(document):
    for prefix in api_router._endpoints:
        assert paths_of(document, prefix), prefix
    for model in public_page_models():
        assert model._meta.label.replace(".", "") in document["components"]["schemas"]


def test_every_accepted_parameter_is_documented(document):
    for prefix, viewset in api_router._endpoints.items():
        documented = {
            parameter["name"]
            for path in paths_of(document, prefix)
            for operation in document["paths"][path].values()
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
        accepted = set(getattr(viewset, "known_query_parameters", ())) - {"_"}
        assert accepted <= documented, (prefix, accepted - documented)


def test_page_details_match_their_schema(api_client, tree, document):
    for page in (tree["home"], tree["topic"], tree["scheme"]):
        payload = api_client.get(f"/api/v2/pages/{page.pk}/").json()
        name = payload["meta"]["type"].replace(".", "")
        check(document, {"$ref": f"#/components/schemas/{name}"}, payload)


def test_listings_match_their_schema(api_client, tree, document):
    for url, path in [
        ("/api/v2/schemes/?topic=bredband", "/api/v2/schemes/"),
        ("/api/v2/search/?q=bredbånd", "/api/v2/search/"),
        ("/api/v2/pages/?fields=*", "/api/v2/pages/"),
    ]:
        payload = api_client.get(url).json()
        check(document, response_schema(document, path), payload)


def test_errors_match_the_error_schema(api_client, document):
    payload = api_client.get("/api/v2/pages/?limit=abc").json()
    check(document, {"$ref": "#/components/schemas/Error"}, payload)


def test_documentation_page_loads_the_document(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content


def test_a_payload_that_breaks_the_contract_is_caught(api_client, tree, document):
    payload = api_client.get(f"/api/v2/pages/{tree['scheme'].pk}/").json()
    payload["municipalities"][0]["number"] = 5542
    with pytest.raises(AssertionError):
        check(document, {"$ref": "#/components/schemas/schemesSchemePage"}, payload)


def test_every_operation_documents_the_refusal_of_a_client_that_accepts_no_json(
    api_client, tree, document
):
    page = tree["scheme"]
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        url = path.replace("{id}", str(page.pk))
        response = api_client.get(
            url, {"html_path": "/"} if url.endswith("/find/") else {}, HTTP_ACCEPT="application/xml"
        )
        assert response.status_code >= 400, url
        assert str(response.status_code) in operations["get"]["responses"], (url, response)
        check(document, {"$ref": "#/components/schemas/Error"}, response.json())


# Answers of real content, of every endpoint and page type ---------------------------------


@pytest.fixture
def content(api_client):
    """The Troms content with a finder, an image on a person and a scheme, a document, redirects."""
    call_command("load_troms_content", stdout=io.StringIO())
    home = HomePage.objects.get()
    finder = home.add_child(
        instance=SchemeIndexPage(title="Tilskudd og ordninger", slug="tilskudd", lead="Finn en.")
    )
    finder.save_revision().publish()
    image = get_image_model().objects.create(
        title="Bredbåndsutbygging", file=get_test_image_file(), description="Graving"
    )
    person = Person.objects.get(name="Kjetil Helstad")
    person.photo = image
    person.save()
    document = get_document_model().objects.create(
        title="Søknadsskjema", file=ContentFile(b"%PDF-1.4", name="soknad.pdf")
    )
    scheme = SchemePage.objects.get(slug="bredband")
    scheme.body.append(("image", {"image": image, "caption": "Graving"}))
    # Linked from a published page, so the document is public (headless.media).
    link = f'<p><a linktype="document" id="{document.pk}">Søknadsskjema</a></p>'
    scheme.body.append(("paragraph", link))
    scheme.save_revision().publish()
    Redirect.objects.create(old_path="/bredband", redirect_page=scheme)
    Redirect.objects.create(old_path="/gammel", redirect_link="https://www.regjeringen.no/")
    return {
        "pages": {model: model.objects.live().first() for model in public_page_models()},
        "image": image,
        "document": document,
        "person": person,
        "form": FeedbackFormPage.objects.get(),
        "strategy": StrategyPage.objects.get(),
        "scheme": scheme,
    }


def default_answers(content):
    """(address, documented path) of a default answer of every endpoint and page type."""
    pages = content["pages"]
    answers = [
        ("/api/v2/pages/", "/api/v2/pages/"),
        ("/api/v2/pages/?show_in_menus=true", "/api/v2/pages/"),
        ("/api/v2/images/", "/api/v2/images/"),
        (f"/api/v2/images/{content['image'].pk}/", "/api/v2/images/{id}/"),
        ("/api/v2/documents/", "/api/v2/documents/"),
        (f"/api/v2/documents/{content['document'].pk}/", "/api/v2/documents/{id}/"),
        ("/api/v2/redirects/", "/api/v2/redirects/"),
        (f"/api/v2/redirects/{Redirect.objects.first().pk}/", "/api/v2/redirects/{id}/"),
        ("/api/v2/schemes/", "/api/v2/schemes/"),
        ("/api/v2/schemes/?kind=programme", "/api/v2/schemes/"),
        (f"/api/v2/schemes/{content['scheme'].pk}/", "/api/v2/schemes/{id}/"),
        ("/api/v2/people/", "/api/v2/people/"),
        (f"/api/v2/people/{content['person'].pk}/", "/api/v2/people/{id}/"),
        ("/api/v2/meetings/", "/api/v2/meetings/"),
        ("/api/v2/search/?q=bredbånd", "/api/v2/search/"),
        ("/api/v2/search/?q=Helstad", "/api/v2/search/"),
        (f"/api/v2/forms/{content['form'].pk}/", "/api/v2/forms/{id}/"),
    ]
    for model, page in pages.items():
        assert page is not None, f"the content has no {model._meta.label}"
        answers += [
            (f"/api/v2/pages/{page.pk}/", "/api/v2/pages/{id}/"),
            (f"/api/v2/pages/?type={model._meta.label}", "/api/v2/pages/"),
        ]
    return answers


def test_every_endpoint_and_page_type_answers_as_its_schema_says(api_client, content, document):
    answers = default_answers(content)
    # Every field of every type, as ?fields=* gives them, is described too.
    answers += [
        (f"/api/v2/pages/?type={model._meta.label}&fields=*", "/api/v2/pages/")
        for model in content["pages"]
    ]
    answers += [
        ("/api/v2/images/?fields=*", "/api/v2/images/"),
        ("/api/v2/documents/?fields=*", "/api/v2/documents/"),
        ("/api/v2/schemes/?fields=*", "/api/v2/schemes/"),
    ]
    for url, path in answers:
        response = api_client.get(url)
        assert response.status_code == 200, (url, response.json())
        try:
            check(document, response_schema(document, path), response.json())
        except AssertionError as error:
            raise AssertionError(f"{url}: {error}") from None
    # Each listing holds items of the type asked for.
    for model in content["pages"]:
        items = api_client.get(f"/api/v2/pages/?type={model._meta.label}").json()["items"]
        for item in items:
            check(document, ref_to(f"{page_schema_name(model)}ListingItem"), item)


def ref_to(name):
    return {"$ref": f"#/components/schemas/{name}"}


def resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def one_of(document, schema, payload):
    """The member of a union that ``payload`` is: by its constant ``meta.type``, or ``type``."""
    schema = resolve(document, schema)
    for member in schema.get("oneOf", [schema]):
        member = resolve(document, member)
        if "meta" in payload:
            kind = resolve(document, member["properties"]["meta"])["properties"].get("type", {})
            value = payload["meta"].get("type")
        else:
            kind, value = member["properties"].get("type", {}), payload.get("type")
        if "const" not in kind and "enum" not in kind:  # one schema for every item
            return member
        if value == kind.get("const") or value in kind.get("enum", ()):
            return member
    raise AssertionError(f"no schema for {payload}")


def assert_required_as_answered(document, schema, payload, where):
    """Exactly the keys of a default answer are required, in the object and in its ``meta``."""
    schema = resolve(document, schema)
    assert set(schema["required"]) == set(payload), (where, set(schema["required"]) ^ set(payload))
    if "meta" in payload:
        meta = resolve(document, schema["properties"]["meta"])
        assert set(meta["required"]) == set(payload["meta"]), (where, "meta")


def test_the_fields_of_every_default_answer_are_required(api_client, content, document):
    for url, path in default_answers(content):
        payload = api_client.get(url).json()
        schema = resolve(document, response_schema(document, path))
        if "items" in payload:
            item_schema = schema["properties"]["items"]["items"]
            for item in payload["items"]:
                member = one_of(document, item_schema, item)
                assert_required_as_answered(document, member, item, url)
        elif "meta" in payload and "type" in payload["meta"]:
            assert_required_as_answered(document, one_of(document, schema, payload), payload, url)
        else:
            assert_required_as_answered(document, schema, payload, url)


def test_the_page_detail_is_one_schema_per_page_type_told_apart_by_meta_type(document):
    union = document["components"]["schemas"]["PageDetail"]["oneOf"]
    labels = [
        resolve(document, member)["properties"]["meta"]["properties"]["type"]["const"]
        for member in union
    ]
    assert sorted(labels) == sorted(model._meta.label for model in public_page_models())
    for member in union:
        meta = resolve(document, member)["properties"]["meta"]
        assert "type" in meta["required"]
    assert response_schema(document, "/api/v2/pages/{id}/") == ref_to("PageDetail")


def test_find_is_documented_as_the_redirect_it_answers(api_client, content, document):
    finds = {
        "pages": {"html_path": "/attraktive-samfunn/"},
        "images": {"id": content["image"].pk},
        "documents": {"id": content["document"].pk},
        "redirects": {"html_path": "/gammel"},
    }
    for prefix, query in finds.items():
        responses = document["paths"][f"/api/v2/{prefix}/find/"]["get"]["responses"]
        assert "200" not in responses
        assert responses["302"]["headers"]["Location"]["required"] is True
        response = api_client.get(f"/api/v2/{prefix}/find/", query)
        assert response.status_code == 302, prefix
        assert re.match(rf"^https?://[^/]+/api/v2/{prefix}/\d+/", response["Location"])


# Names and types for generated clients -------------------------------------------------------


def operations_of(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def test_every_operation_has_a_unique_readable_operation_id(document):
    names = [operation.get("operationId") for _method, _path, operation in operations_of(document)]
    assert all(name and re.fullmatch(r"[a-z][A-Za-z0-9]*", name) for name in names), names
    assert len(names) == len(set(names)), names
    assert {"listPages", "getPage", "findPage", "listSchemes", "search"} <= set(names)


class SuggestionsViewSet:
    """An endpoint added later, whose operations give no operationId."""

    @classmethod
    def openapi_paths(cls, prefix, page_detail):
        answer = json_response({"type": "array", "items": {"type": "string"}})
        return {
            f"/api/v2/{prefix}/": get_operation("Suggestions", [], answer),
            f"/api/v2/{prefix}/{{id}}/deadlines.ics": get_operation("Deadlines", [], answer),
            "/api/v2/pages/": get_operation("Clash with the pages listing", [], answer),
        }


def test_an_endpoint_that_names_no_operation_gets_a_stable_name_from_its_path():
    router = WagtailAPIRouter("openapi-test")
    for prefix, viewset in api_router._endpoints.items():
        router.register_endpoint(prefix, viewset)
    router.register_endpoint("search_suggestions", SuggestionsViewSet)
    paths = build_document(router)["paths"]
    assert paths["/api/v2/search_suggestions/"]["get"]["operationId"] == "getSearchSuggestions"
    assert (
        paths["/api/v2/search_suggestions/{id}/deadlines.ics"]["get"]["operationId"]
        == "getSearchSuggestionsByIdDeadlinesIcs"
    )
    assert derived_operation_id("post", "/api/v2/forms/{id}/") == "postFormsById"


def schema_positions(schema, where):
    """Every subschema of ``schema`` with where it is, for the checks below."""
    yield where, schema
    if not isinstance(schema, dict):
        return
    for name, child in schema.get("properties", {}).items():
        yield from schema_positions(child, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from schema_positions(schema[key], f"{where}[{key}]")
    for key in ("anyOf", "oneOf", "allOf"):
        for index, child in enumerate(schema.get(key, [])):
            yield from schema_positions(child, f"{where}|{index}")


TYPING_KEYWORDS = {"type", "$ref", "anyOf", "oneOf", "allOf", "const", "enum"}


def untyped(schema):
    """Why a generated client would type what this schema describes as any, unknown or never."""
    if not TYPING_KEYWORDS & set(schema):
        return "no type (unknown)"
    if (
        schema.get("type") == "object"
        and "properties" not in schema
        and not isinstance(schema.get("additionalProperties"), dict)
    ):
        return "an object without properties (Record<string, never>)"
    if schema.get("type") == "array" and not schema.get("items"):
        return "an array of unknown items"
    return None


def test_no_answer_leaves_a_client_without_a_type(document):
    problems = []
    roots = [
        (f"components.{name}", schema) for name, schema in document["components"]["schemas"].items()
    ]
    for method, path, operation in operations_of(document):
        for status, response in operation["responses"].items():
            for media, content in response.get("content", {}).items():
                if media == "application/json":
                    roots.append((f"{method} {path} {status}", content["schema"]))
    for where, schema in roots:
        for position, subschema in schema_positions(schema, where):
            if isinstance(subschema, dict) and (why := untyped(subschema)):
                problems.append(f"{position}: {why}")
    assert not problems, problems


def test_schemas_that_generated_clients_cannot_type_are_caught():
    assert untyped({}) and untyped({"description": "A field"})
    assert untyped({"type": "object"})
    assert untyped({"type": "array"})
    assert not untyped({"type": "object", "properties": {"id": {"type": "integer"}}})
    assert not untyped({"anyOf": [{"$ref": "#/components/schemas/Image"}, {"type": "null"}]})
