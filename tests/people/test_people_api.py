import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from wagtail.models import Collection, CollectionViewRestriction

from base.blocks import IMAGE_RENDITIONS, api_reference
from tests.factories import PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "id",
    "meta",
    "name",
    "job_title",
    "area_of_responsibility",
    "department",
    "email",
    "phone",
    "photo",
    "topics",
}
LISTING_BUDGET = 10
TOO_BIG = "99999999999999999999999"


@pytest.fixture
def api_client():
    return Client(HTTP_HOST="localhost")


def photo(collection=None):
    image = wagtail_factories.ImageFactory(
        **({"collection": collection} if collection else {}), title="Portrett"
    )
    # Renditions are made once per image, on first use; the tests measure the reads after that.
    image.get_renditions(*IMAGE_RENDITIONS.values())
    return image


@pytest.fixture
def directory(db):
    broadband = TopicFactory(name="Bredbånd", slug="bredband")
    restructuring = TopicFactory(name="Omstilling", slug="omstilling")
    kjetil = PersonFactory(
        name="Kjetil Helstad",
        area_of_responsibility="bredbånd",
        department="Næring og kultur",
        photo=photo(),
    )
    kjetil.topics.set([broadband])
    kjetil.save()
    kristian = PersonFactory(
        name="Kristian Figenschau",
        area_of_responsibility="omstilling og samfunnsutvikling",
        department="Næring og kultur",
        photo=photo(),
    )
    kristian.topics.set([restructuring])
    kristian.save()
    oyvind = PersonFactory(
        name="Øyvind Ås", area_of_responsibility="Økonomi", department="Økonomi", photo=photo()
    )
    anita = PersonFactory(
        name="Anita Irene Andresen",
        area_of_responsibility="Næringsstrategi for Troms",
        department="Næring og kultur",
        photo=photo(),
    )
    anita.topics.set([broadband, restructuring])
    anita.save()
    return {
        "kjetil": kjetil,
        "kristian": kristian,
        "oyvind": oyvind,
        "anita": anita,
        "broadband": broadband,
        "restructuring": restructuring,
    }


def listing(client, query=""):
    response = client.get(f"/api/v2/people/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def names(client, query=""):
    return [item["name"] for item in listing(client, query)["items"]]


def error(client, url, status=400):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["message"]
    return body


# Output ------------------------------------------------------------------------------------


def test_listing_shows_everyone_by_name_with_a_count(api_client, directory):
    data = listing(api_client)
    assert data["meta"] == {"total_count": 4}
    assert [item["name"] for item in data["items"]] == [
        "Anita Irene Andresen",
        "Kjetil Helstad",
        "Kristian Figenschau",
        "Øyvind Ås",
    ]


def test_items_have_exactly_the_public_fields(api_client, directory):
    for item in listing(api_client)["items"]:
        assert set(item) == PUBLIC_FIELDS
        assert set(item["meta"]) == {"detail_url"}


def test_item_shows_a_person_as_every_other_payload_does(api_client, directory, settings):
    person = directory["anita"]
    item = listing(api_client, "?search=anita")["items"][0]
    assert item["meta"]["detail_url"] == f"{settings.API_BASE_URL}/api/v2/people/{person.pk}/"
    assert item["topics"] == [
        {"id": directory["broadband"].pk, "name": "Bredbånd", "slug": "bredband"},
        {"id": directory["restructuring"].pk, "name": "Omstilling", "slug": "omstilling"},
    ]
    shared = {key: value for key, value in item.items() if key not in ("meta", "topics")}
    assert shared == person.api_representation()
    assert item["photo"] == api_reference(person.photo)
    assert set(item["photo"]["renditions"]) == set(IMAGE_RENDITIONS)


def test_detail_shows_one_person(api_client, directory):
    person = directory["kjetil"]
    response = api_client.get(f"/api/v2/people/{person.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == PUBLIC_FIELDS
    assert data["name"] == "Kjetil Helstad"
    assert data["topics"] == [
        {"id": directory["broadband"].pk, "name": "Bredbånd", "slug": "bredband"}
    ]


def test_a_photo_in_a_private_collection_is_left_out(api_client, directory):
    private = Collection.get_first_root_node().add_child(name="Interne bilder")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    below = private.add_child(name="Portretter")
    person = directory["kjetil"]
    person.photo = photo(collection=below)
    person.save()
    response = api_client.get(f"/api/v2/people/{person.pk}/")
    assert response.json()["photo"] is None
    assert api_reference(person.photo) is None


def test_pagination_uses_limit_and_offset(api_client, directory):
    data = listing(api_client, "?limit=2&offset=1")
    assert data["meta"]["total_count"] == 4
    assert [item["name"] for item in data["items"]] == ["Kjetil Helstad", "Kristian Figenschau"]


# Filters -----------------------------------------------------------------------------------


def test_topic_filter_matches_people_with_that_topic(api_client, directory):
    assert names(api_client, "?topic=bredband") == ["Anita Irene Andresen", "Kjetil Helstad"]


def test_several_topics_match_people_with_any_of_them(api_client, directory):
    assert names(api_client, "?topic=bredband&topic=omstilling") == [
        "Anita Irene Andresen",
        "Kjetil Helstad",
        "Kristian Figenschau",
    ]
    assert listing(api_client, "?topic=bredband&topic=omstilling")["meta"]["total_count"] == 3


def test_an_unknown_topic_matches_nobody(api_client, directory):
    assert listing(api_client, "?topic=finnes-ikke") == {"meta": {"total_count": 0}, "items": []}


def test_department_filter_is_exact_but_ignores_case(api_client, directory):
    assert names(api_client, "?department=næring og kultur") == [
        "Anita Irene Andresen",
        "Kjetil Helstad",
        "Kristian Figenschau",
    ]
    assert names(api_client, "?department=ØKONOMI") == ["Øyvind Ås"]
    assert names(api_client, "?department=Næring") == []


def test_search_finds_part_of_a_name_ignoring_case(api_client, directory):
    assert names(api_client, "?search=HELST") == ["Kjetil Helstad"]
    assert names(api_client, "?search=øyvind") == ["Øyvind Ås"]


def test_search_finds_the_area_of_responsibility(api_client, directory):
    assert names(api_client, "?search=BREDBÅND") == ["Kjetil Helstad"]


def test_every_word_of_a_search_must_match(api_client, directory):
    assert names(api_client, "?search=kristian samfunnsutvikling") == ["Kristian Figenschau"]
    assert names(api_client, "?search=kristian bredbånd") == []


def test_search_quotes_and_operators_are_only_separators(api_client, directory):
    assert names(api_client, '?search="helstad" OR *') == []
    assert names(api_client, '?search="helstad"') == ["Kjetil Helstad"]
    assert names(api_client, "?search=%2A%2A%2A") == []


def test_filters_combine(api_client, directory):
    assert names(api_client, "?topic=bredband&search=anita&department=næring og kultur") == [
        "Anita Irene Andresen"
    ]


# Bad input, one test per class ---------------------------------------------------------------


def test_unknown_query_parameter_is_rejected(api_client, directory):
    body = error(api_client, "/api/v2/people/?name=Kjetil")
    assert "name" in body["message"]


def test_unknown_query_parameter_on_the_detail_is_rejected(api_client, directory):
    error(api_client, f"/api/v2/people/{directory['kjetil'].pk}/?fields=email")


def test_malformed_limit_is_rejected(api_client, directory):
    for value in ("abc", "-1", "1.5", TOO_BIG, "1000", "%EF%BC%91"):
        error(api_client, f"/api/v2/people/?limit={value}")


def test_malformed_offset_is_rejected(api_client, directory):
    for value in ("abc", "-1", TOO_BIG):
        error(api_client, f"/api/v2/people/?offset={value}")


def test_null_character_is_rejected(api_client, directory):
    error(api_client, "/api/v2/people/?search=a%00b")
    error(api_client, "/api/v2/people/?%00=1")


def test_repeated_parameter_that_takes_one_value_is_rejected(api_client, directory):
    error(api_client, "/api/v2/people/?department=a&department=b")
    error(api_client, "/api/v2/people/?limit=1&limit=2")


def test_malformed_topic_is_rejected_with_the_filter_errors(api_client, directory):
    body = error(api_client, "/api/v2/people/?topic=not a slug!")
    assert list(body["errors"]) == ["topic"]
    error(api_client, "/api/v2/people/?topic=" + "a" * 256)


def test_too_long_search_is_rejected_with_the_filter_errors(api_client, directory):
    body = error(api_client, "/api/v2/people/?search=" + "x" * 101)
    assert list(body["errors"]) == ["search"]


def test_search_with_too_many_words_is_rejected(api_client, directory):
    error(api_client, "/api/v2/people/?search=" + "a%20" * 40)


def test_too_long_parameter_is_rejected(api_client, directory):
    error(api_client, "/api/v2/people/?department=" + "x" * 5000)


def test_bad_id_is_rejected(api_client, directory):
    error(api_client, f"/api/v2/people/{TOO_BIG}/")
    error(api_client, "/api/v2/people/0/")


def test_unknown_id_is_not_found(api_client, directory):
    error(api_client, "/api/v2/people/999999/", status=404)
    error(api_client, "/api/v2/people/abc/", status=404)


def test_other_methods_are_refused_in_json(api_client, directory):
    response = api_client.post("/api/v2/people/", {})
    assert response.status_code == 405
    assert response.json()["message"]


# Contract and budget -------------------------------------------------------------------------


def check(document, schema, instance):
    """Validate ``instance`` against ``schema``, whose references point into ``document``."""
    document = {**document, "components": {**document["components"]}}
    document["components"]["schemas"] = {**document["components"]["schemas"], "Checked": schema}
    registry = Registry().with_resource("urn:api", Resource.opaque(document))
    validator = Draft202012Validator(
        {"$ref": "urn:api#/components/schemas/Checked"}, registry=registry
    )
    errors = list(validator.iter_errors(instance))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_payloads_match_the_openapi_document(api_client, directory):
    document = api_client.get("/api/openapi.json").json()
    for url, path in [
        ("/api/v2/people/", "/api/v2/people/"),
        (f"/api/v2/people/{directory['kjetil'].pk}/", "/api/v2/people/{id}/"),
    ]:
        operation = document["paths"][path]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        check(document, schema, api_client.get(url).json())
    body = api_client.get("/api/v2/people/?topic=!").json()
    check(document, {"$ref": "#/components/schemas/Error"}, body)


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def test_listing_costs_the_same_few_queries_at_any_page_size(api_client, directory):
    for number in range(20):
        person = PersonFactory(name=f"Rådgiver {number:02d}", photo=photo())
        person.topics.set([directory["broadband"]])
        person.save()
    one = count_queries(api_client, "/api/v2/people/?limit=1")
    twenty = count_queries(api_client, "/api/v2/people/?limit=20")
    assert one == twenty <= LISTING_BUDGET
    filtered = count_queries(api_client, "/api/v2/people/?limit=20&topic=bredband&search=r")
    assert filtered <= LISTING_BUDGET
