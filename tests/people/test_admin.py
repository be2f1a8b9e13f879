import pytest
from django.urls import reverse

from tests.factories import PersonFactory, TopicFactory


@pytest.fixture
def index_url():
    return reverse("wagtailsnippets_people_person:list")


@pytest.fixture
def register(db):
    broadband = TopicFactory(name="Bredbånd")
    kjetil = PersonFactory(
        name="Kjetil Helstad",
        job_title="Seniorrådgiver",
        department="Næring og kultur",
        email="kjetil.helstad@tromsfylke.no",
    )
    kjetil.topics.set([broadband])
    kjetil.save()
    PersonFactory(
        name="Ragnhild Solberg",
        job_title="Prosjektleder",
        department="Samferdsel",
        email="ragnhild.solberg@tromsfylke.no",
    )
    return {"broadband": broadband}


def listed_names(response):
    return sorted(person.name for person in response.context["object_list"])


def test_people_have_their_own_menu_item(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))

    assert reverse("wagtailsnippets_people_person:list") in response.content.decode()


def test_people_are_listed_with_job_title_department_and_email(admin_client, index_url, register):
    response = admin_client.get(index_url)

    content = response.content.decode()
    for text in ["Kjetil Helstad", "Seniorrådgiver", "Næring og kultur", "kjetil.helstad@"]:
        assert text in content
    columns = response.context["table"].columns
    headings = [columns[name].label for name in ["name", "job_title", "department", "email"]]
    assert headings == ["Navn", "Stillingstittel", "Avdeling", "E-post"]


def test_search_finds_people_by_department(admin_client, index_url, register):
    response = admin_client.get(index_url, {"q": "samferdsel"})

    assert listed_names(response) == ["Ragnhild Solberg"]


def test_people_are_filtered_by_department(admin_client, index_url, register):
    response = admin_client.get(index_url, {"department": "Næring og kultur"})

    assert listed_names(response) == ["Kjetil Helstad"]


def test_people_are_filtered_by_topic(admin_client, index_url, register):
    response = admin_client.get(index_url, {"topics": register["broadband"].pk})

    assert listed_names(response) == ["Kjetil Helstad"]
