"""Uploaded photos are stored without their GPS position and other personal metadata."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from .conftest import image_upload

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
ARTIST = 0x013B
ROTATE_90_CLOCKWISE = 6


def photo_with_gps(size=(60, 40), fmt="JPEG"):
    """A phone photo: taken sideways, with where it was taken and whose camera took it."""
    image = PILImage.new("RGB", size, "white")
    # A red left edge, to see where it ends up once the orientation is applied.
    image.paste("red", (0, 0, 10, size[1]))
    exif = PILImage.Exif()
    exif[ORIENTATION] = ROTATE_90_CLOCKWISE
    exif[ARTIST] = "Kari Nordmann"
    exif[GPS_IFD] = {1: "N", 2: (69.0, 39.0, 0.0), 3: "E", 4: (18.0, 57.0, 0.0)}
    output = BytesIO()
    extension = {"JPEG": "jpg", "PNG": "png"}[fmt]
    extra = {"quality": 95} if fmt == "JPEG" else {}
    image.save(output, fmt, exif=exif.tobytes(), **extra)
    return SimpleUploadedFile(
        f"tromso.{extension}", output.getvalue(), content_type=f"image/{fmt.lower()}"
    )


def upload(client, file):
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Tromsø havn",
            "description": "Båter i Tromsø havn",
            "file": file,
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_image_model().objects.get(title="Tromsø havn")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_an_uploaded_photo_is_stored_upright_without_its_gps_position_or_owner(editor_client, fmt):
    image = upload(editor_client, photo_with_gps(fmt=fmt))

    with image.open_file() as stored_file:
        data = stored_file.read()
    stored = PILImage.open(BytesIO(data))
    exif = stored.getexif()
    assert GPS_IFD not in exif
    assert not exif.get_ifd(GPS_IFD)
    assert ARTIST not in exif
    assert b"Kari Nordmann" not in data
    # Turned as the camera asked, and the tag gone, so no viewer turns it again.
    assert ORIENTATION not in exif
    assert stored.size == (40, 60)
    assert (image.width, image.height) == (40, 60)
    red, green, _ = stored.convert("RGB").getpixel((20, 2))
    assert red > 200 and green < 60
    assert image.file_size == len(data)


def test_a_photo_without_metadata_is_stored_as_it_came(editor_client):
    file = image_upload(name="kart.png", size=(64, 48))
    original = file.read()
    file.seek(0)

    image = upload(editor_client, file)

    with image.open_file() as stored_file:
        assert stored_file.read() == original
