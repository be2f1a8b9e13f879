import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from cms.api import api_router
from home.openapi import public_page_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(api_client):
    response = api_client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def check(document, schema, instance):
    registry = Registry().with_resource("urn:api", Resource.opaque(document))
    wrapped = {"$ref": "urn:api#" + schema["$ref"][1:]} if "$ref" in schema else schema
    errors = sorted(
        Draft202012Validator(wrapped, registry=registry).iter_errors(instance),
        key=lambda error: list(error.path),
    )
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


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
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        check(document, schema, payload)


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
