"""The readability panel measured again from the editor's unsaved form, as the editor types."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Revision

from editorial.readability import page_readability
from schemes.models import SchemePage
from tests.factories import SchemeIndexPageFactory, SchemePageFactory, site_root
from tests.schemes.test_validation import scheme_form_data

pytestmark = pytest.mark.django_db

UNSAVED_SUMMARY = (
    "Tilskuddsordningen gjelder utbygging. Distriktskommunene søker fylkeskommunen nå."
)


def expected_numbers(summary):
    """What the panel must show: the page with that summary, measured as it is saved."""
    readability = page_readability(SchemePage(title="Ordning", summary=summary))
    return (
        f"LIX {readability.score}:",
        f'<dd class="w-m-0" data-readability-words>{readability.words}</dd>',
        f'<dd class="w-m-0" data-readability-sentences>{readability.sentences}</dd>',
    )


@pytest.fixture
def finder(db):
    return SchemeIndexPageFactory(parent=site_root())


@pytest.fixture
def scheme(finder):
    return SchemePageFactory(parent=finder, summary="Tilskudd til bredbånd i distriktene.")


def edit_url(page):
    return reverse("home_readability_edit", args=[page.pk])


def form_data(page, **fields):
    data = scheme_form_data(page, **fields)
    data.pop("action-publish")
    return data


def test_the_unsaved_text_is_measured_and_nothing_is_stored(admin_client, scheme):
    revisions = Revision.objects.count()

    response = admin_client.post(edit_url(scheme), form_data(scheme, summary=UNSAVED_SUMMARY))

    assert response.status_code == 200
    result = response.json()
    assert result["valid"] is True
    for number in expected_numbers(UNSAVED_SUMMARY):
        assert number in result["html"]
    assert expected_numbers(UNSAVED_SUMMARY) != expected_numbers(scheme.summary)
    assert Revision.objects.count() == revisions
    assert SchemePage.objects.get(pk=scheme.pk).summary == "Tilskudd til bredbånd i distriktene."


def test_a_form_with_errors_keeps_the_numbers_and_says_why(admin_client, scheme):
    response = admin_client.post(
        edit_url(scheme), form_data(scheme, summary=UNSAVED_SUMMARY, status="ukjent")
    )

    assert response.status_code == 200
    assert response.json() == {
        "valid": False,
        "message": "Teksten måles på nytt når feilene i skjemaet er rettet.",
    }


def test_a_new_page_is_measured_before_it_is_first_saved(admin_client, finder):
    page = SchemePage(title="Ny ordning", slug="ny-ordning", summary="")
    url = reverse("home_readability_add", args=["schemes", "schemepage", finder.pk])

    response = admin_client.post(url, form_data(page, summary=UNSAVED_SUMMARY))

    assert response.status_code == 200
    for number in expected_numbers(UNSAVED_SUMMARY):
        assert number in response.json()["html"]
    assert not SchemePage.objects.filter(slug="ny-ordning").exists()


def test_the_editor_points_the_panel_at_its_page(admin_client, scheme, finder):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[scheme.pk])).content.decode()
    add = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["schemes", "schemepage", finder.pk])
    ).content.decode()

    assert f'data-readability-url="{edit_url(scheme)}"' in edit
    assert "admin/readability.js" in edit
    add_url = reverse("home_readability_add", args=["schemes", "schemepage", finder.pk])
    assert f'data-readability-url="{add_url}"' in add


def test_only_who_may_edit_the_page_may_have_it_measured(django_user_model, scheme, finder):
    reader = django_user_model.objects.create_user("leser", password="Riktig-passord-2")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(reader)

    edit = client.post(edit_url(scheme), form_data(scheme, summary=UNSAVED_SUMMARY))
    add = client.post(
        reverse("home_readability_add", args=["schemes", "schemepage", finder.pk]),
        form_data(scheme, summary=UNSAVED_SUMMARY),
    )

    # Refused as Wagtail refuses its own preview: back to the dashboard, with a message.
    for response in (edit, add):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        assert "LIX" not in response.content.decode()


def test_a_writer_with_edit_rights_may(django_user_model, scheme, finder):
    writer = django_user_model.objects.create_user("skribent", password="Riktig-passord-2")
    writer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = writer.groups.create(name="Skribenter")
    GroupPagePermission.objects.create(
        group=group, page=finder, permission=Permission.objects.get(codename="change_page")
    )
    client = Client()
    client.force_login(writer)

    response = client.post(edit_url(scheme), form_data(scheme, summary=UNSAVED_SUMMARY))

    assert response.status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, scheme):
    response = client.post(edit_url(scheme), {})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_unknown_pages_and_types_and_other_methods(admin_client, scheme, finder):
    missing = Page.objects.order_by("-pk").first().pk + 1
    assert (
        admin_client.post(reverse("home_readability_edit", args=[missing]), {}).status_code == 404
    )
    unknown_type = reverse("home_readability_add", args=["schemes", "nosuchpage", finder.pk])
    assert admin_client.post(unknown_type, {}).status_code == 404
    assert admin_client.get(edit_url(scheme)).status_code == 405
    assert admin_client.get(f"/admin/readability/edit/{scheme.pk}x/").status_code == 404


def paragraph(value):
    """The fields of a body with one paragraph whose rich text is ``value``, as posted."""
    return {
        "body-count": "1",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-type": "paragraph",
        "body-0-value": value,
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"body-count": "many"},
        {"body-count": "1"},
        paragraph("{not json"),
        paragraph('{"blocks": 5}'),
        paragraph("[1]"),
    ],
    ids=[
        "count-not-a-number",
        "block-missing",
        "rich-text-not-json",
        "blocks-not-a-list",
        "rich-text-not-an-object",
    ],
)
def test_form_data_no_editor_sends_is_refused_with_a_reason(admin_client, scheme, fields):
    data = form_data(scheme, summary=UNSAVED_SUMMARY)
    data.update(fields)

    response = admin_client.post(edit_url(scheme), data)

    assert response.status_code == 400
    assert response.json() == {"valid": False, "message": "Skjemaets data kunne ikke leses."}


@pytest.mark.parametrize("content_type", [("auth", "user"), ("taxonomy", "region")])
def test_only_page_types_are_measured_on_creation(admin_client, finder, content_type):
    url = reverse("home_readability_add", args=[*content_type, finder.pk])

    assert admin_client.post(url, {"title": "Ny"}).status_code == 404


def test_measuring_costs_the_same_queries_however_long_the_text(
    admin_client, scheme, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as short:
        admin_client.post(edit_url(scheme), form_data(scheme, summary="Kort."))
    with django_assert_num_queries(len(short)):
        admin_client.post(edit_url(scheme), form_data(scheme, summary=UNSAVED_SUMMARY * 20))
