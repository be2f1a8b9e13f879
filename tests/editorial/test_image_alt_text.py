"""No image is stored without alt text, however an editor uploads it; the API shows that text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, UploadedFile

from tests.api.conftest import api_client, home_page, publish, tree  # noqa: F401

pytestmark = pytest.mark.django_db

Image = get_image_model()
REQUIRED = "Skriv en alternativ tekst som sier hva bildet viser."


def image_file(name="kart.png"):
    image = get_test_image_file(filename=name, size=(64, 48))
    return SimpleUploadedFile(name, image.file.getvalue(), content_type="image/png")


def root_collection():
    return Collection.get_first_root_node().pk


def add_image(client, **fields):
    data = {"title": "Kart over Troms", "file": image_file(), "collection": root_collection()}
    return client.post(reverse("wagtailimages:add"), {**data, **fields})


@pytest.fixture
def image():
    return Image.objects.create(
        title="Bredbåndsutbygging", file=get_test_image_file(), description="Graving for fiber"
    )


def test_the_image_form_asks_for_alt_text_in_norwegian(admin_client):
    html = admin_client.get(reverse("wagtailimages:add")).content.decode()

    assert "Alternativ tekst" in html
    assert "Skjermlesere leser den opp" in html


@pytest.mark.parametrize("description", [None, "", "   "], ids=["missing", "empty", "spaces"])
def test_adding_an_image_without_alt_text_is_refused(admin_client, description):
    fields = {} if description is None else {"description": description}

    response = add_image(admin_client, **fields)

    assert response.status_code == 200
    assert response.context["form"].errors["description"] == [REQUIRED]
    assert REQUIRED in response.content.decode()
    assert not Image.objects.exists()


def test_adding_an_image_with_alt_text_stores_it(admin_client):
    response = add_image(admin_client, description="  Kart over kommunene i Troms  ")

    assert response.status_code == 302
    assert Image.objects.get().description == "Kart over kommunene i Troms"


def test_uploading_in_the_chooser_without_alt_text_is_refused(admin_client):
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Kart",
            "image-chooser-upload-file": image_file(),
            "image-chooser-upload-collection": root_collection(),
        },
    )

    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    assert REQUIRED in response.json()["htmlFragment"]
    assert not Image.objects.exists()


def multiple_upload(client):
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": image_file("fiber.png"), "collection": root_collection()},
    )


def test_a_multiple_upload_keeps_the_file_aside_until_it_has_alt_text(admin_client):
    response = multiple_upload(admin_client)

    assert response.status_code == 200
    data = response.json()
    assert data["success"] is True
    # The file waits as an upload, with a form asking for the alt text; no image exists yet.
    assert "uploaded_file_id" in data
    assert "Alternativ tekst" in data["form"]
    assert not Image.objects.exists()
    assert UploadedFile.objects.filter(pk=data["uploaded_file_id"]).exists()


def finish_upload(client, upload_id, **fields):
    prefix = f"uploaded-image-{upload_id}"
    data = {f"{prefix}-title": "Fiber", f"{prefix}-collection": root_collection()}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]), data
    )


def test_a_multiple_upload_without_alt_text_does_not_become_an_image(admin_client):
    upload_id = multiple_upload(admin_client).json()["uploaded_file_id"]

    response = finish_upload(admin_client, upload_id, description="")

    assert response.json()["success"] is False
    assert REQUIRED in response.json()["form"]
    assert not Image.objects.exists()
    assert UploadedFile.objects.filter(pk=upload_id).exists()


def test_a_multiple_upload_with_alt_text_becomes_an_image(admin_client):
    upload_id = multiple_upload(admin_client).json()["uploaded_file_id"]

    response = finish_upload(admin_client, upload_id, description="Graving for fiber")

    assert response.json()["success"] is True
    image = Image.objects.get(pk=response.json()["image_id"])
    assert image.description == "Graving for fiber"
    assert not UploadedFile.objects.filter(pk=upload_id).exists()


def edit_image(client, image, **fields):
    data = {"title": image.title, "collection": image.collection_id, **fields}
    return client.post(reverse("wagtailimages:edit", args=[image.pk]), data)


def test_editing_an_image_to_blank_alt_text_is_refused(admin_client, image):
    response = edit_image(admin_client, image, description=" ", title="Nytt navn")

    assert response.status_code == 200
    assert response.context["form"].errors["description"] == [REQUIRED]
    image.refresh_from_db()
    assert image.description == "Graving for fiber"
    assert image.title == "Bredbåndsutbygging"


def test_editing_an_image_in_the_multiple_upload_to_blank_alt_text_is_refused(admin_client, image):
    prefix = f"image-{image.pk}"
    response = admin_client.post(
        reverse("wagtailimages:edit_multiple", args=[image.pk]),
        {f"{prefix}-title": image.title, f"{prefix}-collection": image.collection_id},
    )

    assert response.json()["success"] is False
    image.refresh_from_db()
    assert image.description == "Graving for fiber"


def test_editing_the_alt_text_stores_it(admin_client, image):
    response = edit_image(admin_client, image, description="Graving langs veien")

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.description == "Graving langs veien"


def test_the_api_shows_the_alt_text_the_editor_wrote(admin_client, api_client, tree):  # noqa: F811
    add_image(admin_client, title="fiber_2022.png", description="Graving for fiber i Skjervøy")
    image = Image.objects.get()
    scheme = tree["scheme"]
    scheme.body = [("image", {"image": image, "caption": ""})]
    publish(scheme)

    block = api_client.get(f"/api/v2/pages/{scheme.pk}/").json()["body"][0]

    assert block["value"]["image"]["alt"] == "Graving for fiber i Skjervøy"
    assert block["value"]["image"]["alt"] == image.default_alt_text
