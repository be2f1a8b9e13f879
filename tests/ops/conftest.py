import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images.tests.utils import get_test_image_file

# The API suite's content tree, reused: operations are checked against the same shape.
from tests.api.conftest import api_client, home_page, tree  # noqa: F401

EDITOR_PASSWORD = "Riktig-passord-for-redaktør-1"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "redaktor", "redaktor@example.no", EDITOR_PASSWORD
    )


@pytest.fixture
def editor_client(editor):
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    return client


def image_upload(name="bilde.png", size=(640, 480), colour="white"):
    """An image file as a browser uploads it."""
    image = get_test_image_file(filename=name, colour=colour, size=size)
    return SimpleUploadedFile(name, image.file.getvalue(), content_type="image/png")
