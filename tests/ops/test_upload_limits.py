import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from .conftest import image_upload

pytestmark = pytest.mark.django_db


def add_image(client, upload):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Kart",
            "description": "Kart over Troms",
            "file": upload,
            "collection": Collection.get_first_root_node().pk,
        },
    )


def add_document(client, upload):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "Søknad", "file": upload, "collection": Collection.get_first_root_node().pk},
    )


def test_an_image_within_the_limits_is_accepted(editor_client):
    response = add_image(editor_client, image_upload(size=(64, 48)))

    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Kart").exists()


def test_an_image_file_over_the_size_limit_is_refused(editor_client, settings):
    upload = image_upload(size=(64, 48))
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = upload.size - 1

    response = add_image(editor_client, upload)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_an_image_with_too_many_pixels_is_refused(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64 * 48 - 1

    response = add_image(editor_client, image_upload(size=(64, 48)))

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_a_document_over_the_size_limit_is_refused(editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024

    response = add_document(
        editor_client, SimpleUploadedFile("soknad.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


def test_a_document_within_the_limit_is_accepted(editor_client):
    response = add_document(editor_client, SimpleUploadedFile("soknad.pdf", b"%PDF-1.4\n"))

    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Søknad").exists()


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = editor_client.post(
        reverse("wagtailimages:add"), {"title": "x" * 2048, "collection": "1"}
    )

    assert response.status_code == 400


def test_an_image_over_the_default_pixel_limit_is_refused_in_norwegian(editor_client):
    # 6001 x 4000: one column more than the 24 megapixels a worker may decode.
    response = add_image(editor_client, image_upload(size=(6001, 4000)))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Bildet har for mange piksler (24004000). Største tillatte antall piksler er 24000000."
    ]
    assert not get_image_model().objects.exists()
