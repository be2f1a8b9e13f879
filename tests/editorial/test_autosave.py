"""Autosave never creates a page from a form with errors.

Wagtail's autosave posts the create form as a draft save, which lets required fields stay empty.
After "Publiser" or "Send til godkjenning" was refused ("Siden kunne ikke opprettes ..."), the
next autosave then created the page anyway, with the red banner still on screen: a stray draft.
"""

import pytest
from django.urls import reverse

from schemes.models import SchemePage
from tests.factories import SchemeIndexPageFactory, site_root
from tests.schemes.test_validation import scheme_form_data

pytestmark = pytest.mark.django_db

# What Wagtail's autosave sends: the whole form, asking for JSON instead of a page.
AUTOSAVE = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def add_url():
    finder = SchemeIndexPageFactory(parent=site_root())
    return reverse("wagtailadmin_pages:add", args=["schemes", "schemepage", finder.pk])


def new_scheme_form(**fields):
    data = scheme_form_data(SchemePage(title="Ny ordning", slug="ny-ordning", summary=""), **fields)
    data.pop("action-publish")
    return data


def test_autosave_of_a_new_page_with_an_empty_required_field_creates_nothing(admin_client, add_url):
    # The editor tried to publish without a summary and was refused...
    refused = admin_client.post(add_url, {**new_scheme_form(), "action-publish": "1"})
    assert refused.status_code == 200
    assert "Siden kunne ikke opprettes" in refused.content.decode()

    # ...and the autosave that follows stores nothing.
    response = admin_client.post(add_url, new_scheme_form(), **AUTOSAVE)

    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_error"
    assert not SchemePage.objects.filter(slug="ny-ordning").exists()


def test_autosave_of_a_new_page_with_an_invalid_value_creates_nothing(admin_client, add_url):
    response = admin_client.post(
        add_url, new_scheme_form(summary="Støtte.", status="ukjent"), **AUTOSAVE
    )

    assert response.status_code == 400
    assert not SchemePage.objects.filter(slug="ny-ordning").exists()


def test_autosave_of_a_complete_new_page_creates_its_draft(admin_client, add_url):
    response = admin_client.post(add_url, new_scheme_form(summary="Støtte."), **AUTOSAVE)

    assert response.status_code == 200
    assert response.json()["success"] is True
    scheme = SchemePage.objects.get(slug="ny-ordning")
    assert not scheme.live
    assert scheme.summary == "Støtte."


def test_saving_a_draft_by_hand_still_allows_empty_required_fields(admin_client, add_url):
    """Only autosave is held to the full form: "Lagre kladd" keeps Wagtail's drafts."""
    response = admin_client.post(add_url, new_scheme_form())

    assert response.status_code == 302
    assert SchemePage.objects.get(slug="ny-ordning").summary == ""
