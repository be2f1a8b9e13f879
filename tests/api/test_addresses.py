"""Absolute addresses are made when answering, from API_BASE_URL, MEDIA_BASE_URL and
FRONTEND_BASE_URL: stored documents keep paths, so changing an address needs no rebuild."""

import pytest
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from headless.models import PageDocument
from taxonomy.models import Organisation
from tests.factories.pages import MeetingFactory, StrategyPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

BASES = {
    "API_BASE_URL": "https://api.example.org",
    "WAGTAILAPI_BASE_URL": "https://api.example.org",
    "MEDIA_BASE_URL": "https://media.example.net",
    "FRONTEND_BASE_URL": "https://www.example.no",
}
# Links an editor typed, which stay as they are.
EXTERNAL = ("https://www.regjeringen.no/",)


@pytest.fixture
def content(tree):
    home, topic, scheme = tree["home"], tree["topic"], tree["scheme"]
    image = get_image_model().objects.create(
        title="Bredbåndsutbygging", file=get_test_image_file(), description="Graving"
    )
    scheme.body = [("image", {"image": image, "caption": "Graving i Skjervøy"})]
    publish(scheme)
    document = get_document_model().objects.create(title="Handlingsplan", file=image.file)
    topic.intro = f'<p>Se <a linktype="document" id="{document.pk}">planen</a>.</p>'
    publish(topic)
    partner = Organisation.objects.create(name="Midt-Tromsrådet", slug="midt-tromsradet")
    strategy = StrategyPageFactory(parent=home, slug="strategi")
    strategy.meeting_partners.set([partner])
    MeetingFactory(page=strategy, region=tree["region"])
    publish(strategy)
    return {**tree, "image": image, "document": document, "strategy": strategy}


def requests(content):
    return [
        "/api/v2/pages/?fields=*",
        "/api/v2/pages/?fields=parent,breadcrumbs",
        f"/api/v2/pages/{content['scheme'].pk}/",
        f"/api/v2/pages/{content['topic'].pk}/",
        f"/api/v2/pages/{content['strategy'].pk}/",
        f"/api/v2/pages/{content['home'].pk}/",
        "/api/v2/images/?fields=*",
        f"/api/v2/images/{content['image'].pk}/",
        "/api/v2/documents/?fields=*",
        f"/api/v2/documents/{content['document'].pk}/",
        "/api/v2/redirects/",
        "/api/v2/schemes/",
        "/api/v2/people/",
        "/api/v2/meetings/",
        "/api/v2/search/?q=bredbånd",
        "/api/v2/search/?q=handlingsplan",
    ]


def strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from ((f"{key}.{path}" if path else key, text) for path, text in strings(item))
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield "", value


def absolute_urls(client, content):
    found = []
    for url in requests(content):
        response = client.get(url)
        assert response.status_code == 200, url
        for path, text in strings(response.json()):
            if text.startswith(("http://", "https://")):
                found.append((url, path, text))
    return found


def test_every_absolute_url_is_made_from_the_configured_addresses(api_client, content):
    versions = dict(PageDocument.objects.values_list("page_id", "version"))
    with override_settings(**BASES):
        found = absolute_urls(api_client, content)
        location = api_client.get("/api/v2/pages/find/?html_path=/attraktive-samfunn/")["Location"]
    allowed = (*(base + "/" for base in BASES.values()), *EXTERNAL)
    assert [item for item in found if not item[2].startswith(allowed)] == []
    kinds = {path.rsplit(".", 1)[-1] for _url, path, text in found}
    assert {"detail_url", "html_url", "download_url", "url", "meetings_calendar_url"} <= kinds
    assert any(text.startswith("https://media.example.net/media/") for *_, text in found)
    assert location.startswith(f"https://api.example.org/api/v2/pages/{content['topic'].pk}/")
    # Nothing was rebuilt: the stored documents are the same.
    assert dict(PageDocument.objects.values_list("page_id", "version")) == versions


def test_changing_an_address_changes_answers_at_once(api_client, content):
    url = f"/api/v2/pages/{content['strategy'].pk}/"
    before = api_client.get(url).json()
    with override_settings(**BASES):
        after = api_client.get(url).json()
    assert before["meta"]["detail_url"].startswith("http://127.0.0.1:8000/api/v2/pages/")
    assert after["meta"]["detail_url"].startswith("https://api.example.org/api/v2/pages/")
    assert after["meta"]["html_url"] == "https://www.example.no/strategi/"
    assert after["meta"]["parent"]["meta"]["html_url"] == "https://www.example.no/"
    assert after["meetings_calendar_url"].startswith("https://api.example.org/api/v2/meetings/")


def test_stored_documents_keep_paths_not_hosts(content):
    hosts = ("http://127.0.0.1:8000", "http://localhost", "https://www.tromsfylke.no")
    payloads = list(PageDocument.objects.values_list("payload", flat=True))
    assert payloads
    assert [text for text in payloads if any(host in text for host in hosts)] == []


def test_a_link_with_no_address_is_null_never_empty(api_client, content):
    found = absolute_urls(api_client, content)
    assert found
    empty = []
    for url in requests(content):
        for path, text in strings(api_client.get(url).json()):
            if path.endswith("url") and text == "":
                empty.append((url, path))
    assert empty == []
    strategy = api_client.get(f"/api/v2/pages/{content['strategy'].pk}/").json()
    assert strategy["meeting_partners"][0]["url"] is None
    assert strategy["meetings"][0]["signup_url"] is None
