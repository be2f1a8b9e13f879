import os

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("load_troms_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_every_page_type_previews_its_api_content(loaded, admin_client):
    for page in Page.objects.filter(depth__gt=1).specific():
        response = page.make_preview_request()
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f"<h1>{page.title}</h1>" in html
        if getattr(page, "lead", ""):
            assert page.lead in html


def test_the_strategy_preview_shows_meetings_and_milestones(loaded):
    from strategy.models import StrategyPage

    html = StrategyPage.objects.get().make_preview_request().content.decode()
    assert "Kunnskaps- og næringsparken Senja" in html
    assert "Februar – april 2022" in html
    assert "Anita.Irene.Andresen@tffk.no" in html


def test_a_draft_preview_shows_the_draft(loaded):
    from schemes.models import SchemePage

    scheme = SchemePage.objects.get(slug="bredband")
    scheme.summary = "Et utkast som bare redaktøren ser."
    html = scheme.make_preview_request().content.decode()
    assert "Et utkast som bare redaktøren ser." in html


def test_the_site_root_renders(loaded):
    response = Client(HTTP_HOST="localhost").get("/")
    assert response.status_code == 200
    assert "Troms næringsportal" in response.content.decode()


def test_the_feedback_page_takes_no_html_form_posts(loaded):
    response = Client(HTTP_HOST="localhost").post(
        "/naeringsstrategi-for-troms/digital-innspillkasse/", {"innspill": "hei"}
    )
    assert response.status_code == 405
