from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from headless.models import MediaSettings

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_collection():
    root = Collection.get_first_root_node()
    return root.add_child(name="Interne bilder")


@pytest.fixture
def pictured(tree):
    image = get_image_model().objects.create(
        title="Bredbåndsutbygging", file=get_test_image_file(), description="Graving"
    )
    scheme = tree["scheme"]
    scheme.body = [("image", {"image": image, "caption": "Graving i Skjervøy"})]
    publish(scheme)
    return image


def body(client, page):
    return client.get(f"/api/v2/pages/{page.pk}/").json()["body"]


def test_an_image_shows_as_renditions_with_alt_text(api_client, tree, pictured):
    value = body(api_client, tree["scheme"])[0]["value"]
    assert value["caption"] == "Graving i Skjervøy"
    assert value["image"]["alt"] == "Graving"
    large = value["image"]["renditions"]["large"]
    assert large["url"].startswith("http://127.0.0.1:8000/media/images/")
    assert large["width"] > 0 and large["height"] > 0


def test_an_image_moved_into_a_private_collection_vanishes(
    api_client, tree, pictured, private_collection
):
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    pictured.collection = private_collection
    pictured.save()
    assert body(api_client, tree["scheme"]) == []
    listing = api_client.get("/api/v2/images/").json()
    assert listing["meta"]["total_count"] == 0
    assert api_client.get(f"/api/v2/images/{pictured.pk}/").status_code == 404


def test_restricting_a_collection_hides_its_images_from_pages(
    api_client, tree, pictured, private_collection
):
    pictured.collection = private_collection
    pictured.save()
    assert len(body(api_client, tree["scheme"])) == 1
    restriction = CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert body(api_client, tree["scheme"]) == []
    restriction.delete()
    assert len(body(api_client, tree["scheme"])) == 1


# Private until used --------------------------------------------------------------------------


@pytest.fixture
def upload():
    return get_image_model().objects.create(
        title="IMG_2041 Kari hjemme", file=get_test_image_file(), description="Et hus"
    )


@pytest.fixture
def paper():
    return get_document_model().objects.create(
        title="Utkast til budsjett", file=ContentFile(b"%PDF-1.4 utkast", name="budsjett.pdf")
    )


def image_ids(client):
    return [item["id"] for item in client.get("/api/v2/images/?limit=100").json()["items"]]


def document_ids(client):
    return [item["id"] for item in client.get("/api/v2/documents/?limit=100").json()["items"]]


def use_image(page, image):
    page.body = [("image", {"image": image, "caption": ""})]
    return page


def link_document(topic, document):
    topic.intro = f'<p>Se <a linktype="document" id="{document.pk}">planen</a>.</p>'
    return topic


def test_a_fresh_upload_is_in_no_listing_and_has_no_detail(api_client, tree, upload, paper):
    assert upload.pk not in image_ids(api_client)
    assert api_client.get(f"/api/v2/images/{upload.pk}/").status_code == 404
    assert paper.pk not in document_ids(api_client)
    assert api_client.get(f"/api/v2/documents/{paper.pk}/").status_code == 404
    assert api_client.get(f"/api/v2/documents/find/?id={paper.pk}").status_code == 404


def test_a_fresh_document_does_not_download_anonymously(api_client, tree, paper):
    assert paper.url.startswith(f"/documents/{paper.pk}/budsjett")
    assert api_client.get(paper.url).status_code == 404


def test_people_who_may_use_the_admin_download_a_fresh_document(client, tree, paper):
    user = get_user_model().objects.create_superuser("admin", "admin@example.no", "pw")
    client.force_login(user)
    response = client.get(paper.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 utkast"


def test_a_draft_that_uses_an_upload_keeps_it_private(api_client, tree, upload, paper):
    use_image(tree["scheme"], upload).save_revision()
    link_document(tree["topic"], paper).save_revision()
    assert upload.pk not in image_ids(api_client)
    assert paper.pk not in document_ids(api_client)
    assert api_client.get(paper.url).status_code == 404


def test_publishing_a_page_that_uses_an_upload_makes_it_public_until_unpublished(
    api_client, tree, upload, paper
):
    publish(use_image(tree["scheme"], upload))
    publish(link_document(tree["topic"], paper))
    assert upload.pk in image_ids(api_client)
    assert paper.pk in document_ids(api_client)
    assert api_client.get(paper.url).status_code == 200
    tree["scheme"].unpublish()
    tree["topic"].unpublish()
    assert upload.pk not in image_ids(api_client)
    assert paper.pk not in document_ids(api_client)
    assert api_client.get(paper.url).status_code == 404


def test_a_page_behind_a_login_or_expired_does_not_make_its_uploads_public(
    api_client, tree, upload, paper
):
    publish(use_image(tree["scheme"], upload))
    PageViewRestriction.objects.create(
        page=tree["scheme"], restriction_type=PageViewRestriction.LOGIN
    )
    assert upload.pk not in image_ids(api_client)
    publish(link_document(tree["topic"], paper))
    Page.objects.filter(pk=tree["topic"].pk).update(expire_at=timezone.now() - timedelta(hours=1))
    assert paper.pk not in document_ids(api_client)


def test_a_staff_photo_is_public(api_client, tree, upload):
    person = tree["person"]
    person.photo = upload
    person.save()
    assert upload.pk in image_ids(api_client)


def test_an_upload_an_editor_puts_in_the_public_collection_is_public(
    api_client, tree, upload, paper
):
    public = MediaSettings.load().public_collection
    assert public.name == "Offentlig"
    below = public.add_child(name="Presse")
    upload.collection = public
    upload.save()
    paper.collection = below
    paper.save()
    assert upload.pk in image_ids(api_client)
    assert paper.pk in document_ids(api_client)
    assert api_client.get(paper.url).status_code == 200


def test_the_images_api_links_a_rendition_not_the_original(api_client, tree, pictured):
    listing = api_client.get("/api/v2/images/").json()["items"]
    detail = api_client.get(f"/api/v2/images/{pictured.pk}/").json()
    for url in (listing[0]["meta"]["download_url"], detail["meta"]["download_url"]):
        assert url.startswith("http://127.0.0.1:8000/media/images/")
        assert ".max-1600x1600." in url
        assert "original_images" not in url


def test_media_listings_cost_the_same_at_any_page_size(api_client, tree):
    scheme = tree["scheme"]
    images = [
        get_image_model().objects.create(
            title=f"Bilde {n}", file=get_test_image_file(), description="Bilde"
        )
        for n in range(5)
    ]
    documents = [
        get_document_model().objects.create(
            title=f"Plan {n}", file=ContentFile(b"plan", name=f"plan-{n}.pdf")
        )
        for n in range(5)
    ]
    scheme.body = [("image", {"image": image, "caption": ""}) for image in images] + [
        ("paragraph", f'<p><a linktype="document" id="{document.pk}">plan</a></p>')
        for document in documents
    ]
    publish(scheme)
    for endpoint in ("images", "documents"):
        counts = []
        for limit in (1, 5):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = api_client.get(f"/api/v2/{endpoint}/?limit={limit}")
            assert response.json()["meta"]["total_count"] == 5
            counts.append(len(queries))
        assert counts[0] == counts[1] <= 7, endpoint


def test_naming_another_public_collection_is_seen_at_once_by_cached_listings(
    api_client, tree, upload
):
    press = Collection.get_first_root_node().add_child(name="Presse")
    upload.collection = press
    upload.save()
    assert upload.pk not in image_ids(api_client)
    settings = MediaSettings.load()
    settings.public_collection = press
    settings.save()
    assert upload.pk in image_ids(api_client)


def test_editors_find_the_public_collection_under_settings_in_norwegian(admin_client, tree):
    response = admin_client.get("/admin/settings/headless/mediasettings/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samling for offentlige filer" in html
    assert "private til en publisert side bruker dem" in html
