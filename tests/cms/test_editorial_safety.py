"""No silent overwrite, and who may delete or move a page: real requests as each role."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import TopicPage
from schemes.models import SchemePage

from .test_moderation import (  # noqa: F401 (fixtures)
    before_loading,
    draft_scheme,
    editor,
    first_run,
    loaded,
    member_of,
    writer,
)

pytestmark = pytest.mark.django_db

CONFLICT = "Noen andre har lagret siden etter at du åpnet den"


def topic():
    return TopicPage.objects.get(slug="attraktive-samfunn")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def opened(client, page):
    """The revision the editor's form carries, as a browser would send it back."""
    html = client.get(edit_url(page)).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def topic_form(page, lead, revision, **extra):
    return {
        **nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "lead": lead,
                "intro": rich_text(f"<p>{lead}</p>"),
                "sections": streamfield([]),
            }
        ),
        **revision,
        **extra,
    }


def save(client, page, lead):
    """An editor opens the page, types a new lead and saves."""
    return client.post(edit_url(page), topic_form(page, lead, opened(client, page)))


def latest_lead(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object().lead


@pytest.fixture
def two_editors(editor, client):  # noqa: F811
    from django.test import Client

    other = member_of("Redaktør", "redaktor2")
    first, second = client, Client()
    first.force_login(editor)
    second.force_login(other)
    return first, second


def test_a_save_built_on_an_older_revision_is_refused_and_keeps_the_typed_form(two_editors):
    a, b = two_editors
    page = topic()
    seen_by_b = opened(b, page)
    assert save(a, page, "A sin ingress").status_code == 302

    response = b.post(edit_url(page), topic_form(page, "B sin ingress", seen_by_b))

    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT in html
    assert "B sin ingress" in html
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[page.pk, seen_by_b["loaded_revision_id"], "latest"],
    )
    assert compare in html
    assert latest_lead(page) == "A sin ingress"
    # The form now carries the latest revision: saving again is a deliberate choice.
    again = {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }
    assert b.post(edit_url(page), topic_form(page, "B sin ingress", again)).status_code == 302
    assert latest_lead(page) == "B sin ingress"


def test_publishing_over_a_newer_version_is_refused_too(two_editors):
    a, b = two_editors
    page = topic()
    seen_by_b = opened(b, page)
    save(a, page, "A sin ingress")

    response = b.post(
        edit_url(page),
        topic_form(page, "B sin ingress", seen_by_b, **{"action-publish": "action-publish"}),
    )

    assert response.status_code == 409
    assert topic().lead != "B sin ingress"
    assert latest_lead(page) == "A sin ingress"


def test_an_autosave_built_on_an_older_revision_is_refused_in_norwegian(two_editors):
    a, b = two_editors
    page = topic()
    seen_by_b = opened(b, page)
    save(a, page, "A sin ingress")

    response = b.post(
        edit_url(page),
        topic_form(page, "B sin ingress", seen_by_b),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    assert response.json()["error_message"] == "Hvis du lagrer, blir en nyere versjon overskrevet."
    assert latest_lead(page) == "A sin ingress"


def test_a_save_on_the_latest_revision_goes_through(two_editors):
    a, _b = two_editors
    page = topic()
    assert (
        a.post(edit_url(page), topic_form(page, "Ny ingress", opened(a, page))).status_code == 302
    )
    assert latest_lead(page) == "Ny ingress"


def test_a_save_sent_while_the_forms_own_autosave_was_on_its_way_goes_through(two_editors):
    a, _b = two_editors
    page = topic()
    seen = opened(a, page)
    autosaved = a.post(
        edit_url(page), topic_form(page, "Autolagret", seen), HTTP_ACCEPT="application/json"
    )
    assert autosaved.status_code == 200
    revisions = page.revisions.count()

    # The click came before the autosave answered: the form still carries what it opened on.
    response = a.post(edit_url(page), topic_form(page, "Lagret for hånd", seen))

    assert response.status_code == 302
    assert latest_lead(page) == "Lagret for hånd"
    # The autosave's revision was replaced, as once the form has learnt of it.
    assert page.revisions.count() == revisions


def test_another_editors_save_after_ones_own_autosave_is_still_a_conflict(two_editors):
    a, b = two_editors
    page = topic()
    seen = opened(a, page)
    a.post(edit_url(page), topic_form(page, "Autolagret", seen), HTTP_ACCEPT="application/json")
    save(b, page, "B sin ingress")

    response = a.post(edit_url(page), topic_form(page, "A sin ingress", seen))

    assert response.status_code == 409
    assert latest_lead(page) == "B sin ingress"


# Deleting and moving -----------------------------------------------------------------------------


def delete(client, page):
    return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))


def move(client, page, destination):
    return client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))


def refused(response):
    """Wagtail's answer to a permission denied in the admin: back to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def exists(page):
    return Page.objects.filter(pk=page.pk).exists()


def test_a_writer_deletes_their_own_draft(writer, client):  # noqa: F811
    page = draft_scheme(writer)
    client.force_login(writer)
    response = delete(client, page)
    assert response.status_code == 302 and not refused(response)
    assert not exists(page)


def test_a_writer_cannot_delete_or_move_another_writers_draft(writer, client):  # noqa: F811
    page = draft_scheme(member_of("Skribent", "skribent2"))
    client.force_login(writer)
    assert not page.permissions_for_user(writer).can_delete()
    assert refused(delete(client, page))
    assert refused(move(client, page, topic().get_parent()))
    assert exists(page)
    assert Page.objects.get(pk=page.pk).get_parent().pk == topic().pk


def test_a_writer_cannot_delete_their_own_page_once_it_has_been_published(writer, client):  # noqa: F811
    page = draft_scheme(writer)
    page.save_revision().publish()
    page.unpublish()
    client.force_login(writer)
    assert refused(delete(client, page))
    assert exists(page)


def test_a_writer_cannot_delete_a_live_page(writer, client):  # noqa: F811
    page = SchemePage.objects.get(slug="bredband")
    client.force_login(writer)
    assert refused(delete(client, page))
    assert exists(page)


def test_an_editor_deletes_another_writers_draft_and_moves_a_published_page(
    writer,  # noqa: F811
    editor,  # noqa: F811
    client,
):
    draft = draft_scheme(writer)
    client.force_login(editor)
    assert delete(client, draft).status_code == 302
    assert not exists(draft)
    published = SchemePage.objects.get(slug="bredband")
    assert published.permissions_for_user(editor).can_move()
    assert delete(client, published).status_code == 302
    assert not exists(published)
