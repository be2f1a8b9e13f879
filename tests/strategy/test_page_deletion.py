"""Deleting a feedback box deletes its submissions: only those who may delete submissions may."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from strategy.models import FeedbackFormPage, FeedbackSubmission
from tests.strategy.test_submissions import KARI, add_form, make_user, messages_of, submit

pytestmark = pytest.mark.django_db

REFUSED = (
    "«Digital innspillkasse» ble ikke slettet: 2 innspill ville blitt slettet sammen med siden, "
    "og du har ikke tilgang til å slette innspill. Spør en redaktør."
)
BULK_REFUSED = (
    "Ingen sider ble slettet: 2 innspill ville blitt slettet sammen med sidene, og du har ikke "
    "tilgang til å slette innspill. Spør en redaktør."
)


def page_editor(django_user_model, home_page, username, *codenames, page_permissions=()):
    """A user who adds and edits pages, as a writer does, with the given model permissions."""
    group = Group.objects.create(name=f"Sider for {username}")
    for codename in ["add_page", "change_page", *page_permissions]:
        GroupPagePermission.objects.create(
            group=group,
            page=home_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = make_user(django_user_model, username, *codenames)
    user.groups.add(group)
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def closed_box(strategy_page):
    """A feedback box taken down after it closed, with what was sent to it."""
    strategy_page.unpublish()
    box = add_form(strategy_page)
    box.unpublish()
    submit(box, **KARI)
    submit(box, navn="Ola Nordmann")
    return FeedbackFormPage.objects.get(pk=box.pk)


@pytest.fixture
def writer(django_user_model, home_page):
    # With publish permission: without it, a page that has been published is not the user's to
    # delete at all (see editorial.permissions), and the submissions would never be at stake.
    return page_editor(django_user_model, home_page, "skribent", page_permissions=["publish_page"])


def delete(client, page, **data):
    return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), data)


def bulk_delete(client, *pages, next_url="/admin/pages/"):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return client.post(
        f"{reverse('wagtail_bulk_action', args=['wagtailcore', 'page', 'delete'])}"
        f"?{ids}&next={next_url}"
    )


def assert_kept(box, count=2):
    assert Page.objects.filter(pk=box.pk).exists()
    assert FeedbackSubmission.objects.filter(page_id=box.pk).count() == count


def test_writer_may_not_delete_a_box_that_is_not_live_with_its_submissions(
    client, writer, closed_box
):
    assert closed_box.permissions_for_user(writer).can_delete()
    client.force_login(writer)
    explorer = reverse("wagtailadmin_explore", args=[closed_box.get_parent().pk])

    confirm = client.get(reverse("wagtailadmin_pages:delete", args=[closed_box.pk]))
    response = delete(client, closed_box)

    for answer in [confirm, response]:
        assert answer.status_code == 302
        assert answer["Location"] == explorer
    assert messages_of(response)[-1] == REFUSED
    assert_kept(closed_box)


def test_refused_deletion_goes_back_where_it_was_asked_from(client, writer, closed_box):
    client.force_login(writer)
    edit = reverse("wagtailadmin_pages:edit", args=[closed_box.pk])

    response = delete(client, closed_box, next=edit)

    assert response["Location"] == edit
    assert_kept(closed_box)


def test_the_strategy_page_above_a_box_with_submissions_is_not_deleted_either(
    client, django_user_model, home_page, closed_box
):
    strategy = closed_box.get_parent()
    # Deleting a page with pages below it needs bulk_delete.
    user = page_editor(
        django_user_model,
        home_page,
        "opprydder",
        page_permissions=["bulk_delete_page", "publish_page"],
    )
    assert strategy.permissions_for_user(user).can_delete()
    client.force_login(user)

    response = delete(client, strategy)

    assert response.status_code == 302
    assert messages_of(response)[-1] == REFUSED.replace(
        "«Digital innspillkasse»", "«Næringsstrategi for Troms»"
    )
    assert Page.objects.filter(pk=strategy.pk).exists()
    assert_kept(closed_box)


def test_bulk_deletion_that_would_take_submissions_deletes_no_page(
    client, writer, home_page, closed_box
):
    empty_box = add_form(closed_box.get_parent(), title="Tom innspillkasse")
    empty_box.unpublish()
    client.force_login(writer)

    response = bulk_delete(client, empty_box, closed_box, next_url="/admin/pages/?q=kasse")

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/?q=kasse"
    assert messages_of(response)[-1] == BULK_REFUSED
    assert Page.objects.filter(pk=empty_box.pk).exists()
    assert_kept(closed_box)


def test_writer_deletes_a_box_without_submissions(client, writer, strategy_page):
    box = add_form(strategy_page, title="Tom innspillkasse")
    box.unpublish()
    other = add_form(strategy_page, title="Brukt innspillkasse")
    submit(other, navn="Kari")
    client.force_login(writer)

    delete(client, box)
    unused = add_form(strategy_page, title="Ubrukt innspillkasse")
    unused.unpublish()
    bulk_delete(client, unused)

    assert not Page.objects.filter(pk__in=[box.pk, unused.pk]).exists()
    assert FeedbackSubmission.objects.filter(page=other).count() == 1


def test_who_may_delete_submissions_deletes_the_box_and_them(
    client, django_user_model, home_page, closed_box
):
    editor = page_editor(
        django_user_model,
        home_page,
        "redaktor",
        "view_feedbacksubmission",
        "delete_feedbacksubmission",
        page_permissions=["publish_page"],
    )
    client.force_login(editor)

    response = delete(client, closed_box)

    assert response.status_code == 302
    assert not Page.objects.filter(pk=closed_box.pk).exists()
    assert not FeedbackSubmission.objects.exists()


@pytest.mark.parametrize("how", ["one", "bulk"])
def test_superuser_deletes_a_strategy_with_its_box_and_submissions(admin_client, closed_box, how):
    strategy = closed_box.get_parent()

    if how == "one":
        delete(admin_client, strategy)
    else:
        bulk_delete(admin_client, strategy)

    assert not Page.objects.filter(pk__in=[strategy.pk, closed_box.pk]).exists()
    assert not FeedbackSubmission.objects.exists()
