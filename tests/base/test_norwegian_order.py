"""Names sort in Norwegian order on every database: … z, æ, ø, å; case and accents second."""

import pytest
from django.test import Client

from base.collation import norwegian_key
from tests.factories import (
    MunicipalityFactory,
    PersonFactory,
    SchemePageFactory,
    TopicFactory,
    site_root,
)

NAMES = ["Åse", "Ørjan", "Ærlig", "Zakarias", "Anders", "anders", "Bjørn", "Éva", "Erik"]
NORWEGIAN = ["anders", "Anders", "Bjørn", "Erik", "Éva", "Zakarias", "Ærlig", "Ørjan", "Åse"]


def test_the_sort_key_puts_the_last_three_letters_after_z():
    assert sorted(NAMES, key=norwegian_key) == NORWEGIAN


def test_swedish_and_german_letters_are_filed_with_their_norwegian_counterparts():
    assert sorted(["Ødegård", "Öberg", "Østby", "Ærø", "Ählund"], key=norwegian_key) == [
        "Ählund",
        "Ærø",
        "Öberg",
        "Ødegård",
        "Østby",
    ]


@pytest.mark.django_db
def test_the_people_endpoint_lists_in_norwegian_order_page_after_page():
    for name in NAMES:
        PersonFactory(name=name)
    client = Client(HTTP_HOST="localhost")

    names = []
    for offset in range(0, len(NAMES), 4):
        response = client.get("/api/v2/people/", {"limit": 4, "offset": offset})
        assert response.status_code == 200, response.content
        names += [item["name"] for item in response.json()["items"]]

    assert names == NORWEGIAN


@pytest.fixture
def home_page(db):
    return site_root()


@pytest.mark.django_db
def test_a_pages_terms_come_in_norwegian_order(home_page):
    municipalities = [
        MunicipalityFactory(name=name)
        for name in ["Åsen", "Tromsø", "Kåfjord", "Kvænangen", "Kvæfjord", "Øksnes", "Ålesund"]
    ]
    topics = [TopicFactory(name=name) for name in ["Økonomi", "Reiseliv", "Ålandsk", "Bredbånd"]]
    scheme = SchemePageFactory(parent=home_page)
    scheme.municipalities.set(municipalities)
    scheme.topics.set(topics)
    scheme.save_revision().publish()

    payload = Client(HTTP_HOST="localhost").get(f"/api/v2/pages/{scheme.pk}/").json()

    assert [term["name"] for term in payload["municipalities"]] == [
        "Kvæfjord",
        "Kvænangen",
        "Kåfjord",
        "Tromsø",
        "Øksnes",
        "Ålesund",
        "Åsen",
    ]
    assert [term["name"] for term in payload["topics"]] == [
        "Bredbånd",
        "Reiseliv",
        "Økonomi",
        "Ålandsk",
    ]


@pytest.mark.django_db
def test_a_persons_topics_come_in_norwegian_order():
    person = PersonFactory(name="Kari Nordmann")
    person.topics.set([TopicFactory(name=name) for name in ["Åpenhet", "Økonomi", "Bredbånd"]])
    person.save()

    response = Client(HTTP_HOST="localhost").get("/api/v2/people/")

    [item] = response.json()["items"]
    assert [topic["name"] for topic in item["topics"]] == ["Bredbånd", "Økonomi", "Åpenhet"]
