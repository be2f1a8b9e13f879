import os
import re
from html import unescape

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


# What the preview showed when it listed the API payload: keys, raw values, rendition sizes.
RAW_PAYLOAD_WORDS = re.compile(
    r"\b(Kind|Renditions|Large|Width|Height|Area of responsibility|Detail url|Html url|"
    r"continuous|scheme|programme|completed|True|False|None)\b"
)


def visible_text(html):
    body = html.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def test_every_preview_reads_as_a_page_with_one_h1_and_no_raw_payload(loaded):
    for page in Page.objects.filter(depth__gt=1).specific():
        html = page.make_preview_request().content.decode()
        assert html.count("<h1") == 1, page
        text = visible_text(html)
        assert not RAW_PAYLOAD_WORDS.findall(text), (page, RAW_PAYLOAD_WORDS.findall(text))


def test_a_scheme_preview_shows_its_facts_in_norwegian(loaded):
    from schemes.models import SchemePage

    html = SchemePage.objects.get(slug="bredband").make_preview_request().content.decode()
    facts = html.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Status</dt>" in facts
    assert "Løpende" in facts
    assert "Hvem kan søke</dt><dd>Kommuner" in facts
    assert "Kjetil Helstad" in html


def test_the_strategy_preview_lays_meetings_out_as_a_table_and_milestones_as_a_timeline(loaded):
    from strategy.models import StrategyPage

    html = StrategyPage.objects.get().make_preview_request().content.decode()
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Sted</th>' in table
    assert "Kunnskaps- og næringsparken Senja, Finnsnes" in table
    timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert timeline.count("<li") == StrategyPage.objects.get().milestones.count()
    assert '<span class="period">Februar – april 2022</span> Organisering og analyse' in timeline
    assert 'href="mailto:Anita.Irene.Andresen@tffk.no"' in html


def test_an_image_in_the_body_is_previewed_as_an_image_with_its_alt_text(loaded):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from schemes.models import SchemePage

    image = get_image_model().objects.create(
        title="fiber.png", file=get_test_image_file(), description="Graving for fiber"
    )
    scheme = SchemePage.objects.get(slug="bredband")
    scheme.body = [("image", {"image": image, "caption": "Utbygging i Senja"})]
    html = scheme.make_preview_request().content.decode()

    figure = html.split("<figure>", 1)[1].split("</figure>", 1)[0]
    assert re.search(r'<img src="[^"]+\.png"[^>]* alt="Graving for fiber"', figure)
    assert "<figcaption>Utbygging i Senja</figcaption>" in figure


def test_without_a_county_site_address_its_preview_mode_explains_why(loaded, settings):
    from schemes.models import SchemePage

    settings.FRONTEND_PREVIEW_URL = ""
    scheme = SchemePage.objects.get(slug="bredband")
    html = scheme.make_preview_request(preview_mode="county_site").content.decode()

    assert "<iframe" not in html
    assert "Forhåndsvisning på fylkeskommunens nettsted er ikke satt opp" in html
    assert "«Standard»" in html


def test_the_county_site_preview_carries_a_norwegian_notice_for_when_it_does_not_answer(loaded):
    from schemes.models import SchemePage

    scheme = SchemePage.objects.get(slug="bredband")
    html = scheme.make_preview_request(preview_mode="county_site").content.decode()

    assert "<iframe" in html
    notice = html.split('id="county-site-unreachable"', 1)[1].split("</div>", 1)[0]
    assert "Fylkeskommunens nettsted svarer ikke" in notice
    assert "county_site_preview.js" in html


def test_taxonomies_are_chosen_with_checkboxes(loaded, admin_client):
    from schemes.models import SchemePage

    scheme = SchemePage.objects.get(slug="bredband")
    html = admin_client.get(f"/admin/pages/{scheme.pk}/edit/").content.decode()

    assert re.search(r'<input type="checkbox" name="municipalities" value="\d+"', html)
    assert re.search(r'<input type="checkbox" name="topics" value="\d+"[^>]* checked', html)
    assert '<select name="municipalities"' not in html
