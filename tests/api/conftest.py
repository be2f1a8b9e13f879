import pytest
from django.test import Client
from wagtail.models import Page, Site

from home.models import HomePage, TopicPage
from people.models import Person
from schemes.models import SchemePage
from taxonomy.models import Municipality, Region, Topic


@pytest.fixture
def api_client():
    return Client(HTTP_HOST="localhost")


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Troms næringsportal", slug="troms"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return publish(home)


@pytest.fixture
def tree(home_page):
    """A topic page with one scheme, a person and a municipality: the shape of the real tree."""
    region = Region.objects.create(name="Nord-Troms", slug="nord-troms")
    skjervoy = Municipality.objects.create(
        name="Skjervøy", slug="skjervoy", number="5542", region=region
    )
    topic_term = Topic.objects.create(name="Bredbånd", slug="bredband")
    person = Person.objects.create(
        name="Kjetil Helstad", area_of_responsibility="bredbånd", email="kjetil@example.no"
    )
    topic = home_page.add_child(
        instance=TopicPage(title="Attraktive samfunn", slug="attraktive-samfunn", lead="Ingress")
    )
    scheme = topic.add_child(
        instance=SchemePage(
            title="Bredbånd",
            slug="bredband",
            summary="Tilskudd til utbygging av bredbånd.",
            contacts=[("contact", {"person": person, "note": "bredbånd"})],
        )
    )
    scheme.municipalities.set([skjervoy])
    scheme.topics.set([topic_term])
    publish(scheme)
    topic.sections = [
        (
            "section",
            {
                "title": "Infrastruktur",
                "text": f'<p>Les om <a linktype="page" id="{scheme.pk}">bredbånd</a>.</p>',
                "cards": [scheme],
                "links": {"heading": "Relevante lenker", "links": []},
                "contacts": {
                    "heading": "Ta kontakt med oss",
                    "intro": "For korte spørsmål ta kontakt med:",
                    "contacts": [{"person": person, "note": "bredbånd"}],
                },
            },
        )
    ]
    publish(topic)
    return {
        "home": home_page,
        "topic": topic,
        "scheme": scheme,
        "person": person,
        "municipality": skjervoy,
        "region": region,
    }
