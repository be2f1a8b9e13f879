"""Writers and editors: the groups, what each may do, and the approval every page goes through."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from home.models import HomePage, TopicPage
from people.models import Person
from schemes.models import SchemePage
from strategy.models import FeedbackFormPage, FeedbackSubmission, StrategyPage

pytestmark = pytest.mark.django_db

PASSWORD = "Et langt nok passord 42"  # noqa: S105


def load(*args, **options):
    out = StringIO()
    call_command("load_troms_content", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def before_loading(django_db_setup, django_db_blocker):
    """Wagtail's example groups and workflow as its migrations leave them, before any load."""
    with django_db_blocker.unblock():
        return wagtail_examples()


@pytest.fixture(scope="module")
def first_run(before_loading, django_db_setup, django_db_blocker):
    """One load for the module; each test's changes roll back to it (see test_content_loader)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(first_run, db):
    return first_run


def member_of(group_name, username):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=False
    )
    user.groups.add(Group.objects.get(name=group_name))
    # A fresh copy: permissions are cached on the user object.
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def writer(loaded):
    return member_of("Skribent", "skribent")


@pytest.fixture
def editor(loaded):
    return member_of("Redaktør", "redaktor")


def home():
    return HomePage.objects.get()


def page_permissions(group_name):
    return {
        (grant.page_id, grant.permission.codename)
        for grant in GroupPagePermission.objects.filter(group__name=group_name)
    }


def collection_permissions(group_name):
    return {
        (grant.collection_id, grant.permission.codename)
        for grant in GroupCollectionPermission.objects.filter(group__name=group_name)
    }


def moderation_rows():
    """Every row that setting up moderation writes, by id."""
    models = [
        Group,
        Group.permissions.through,
        GroupPagePermission,
        GroupCollectionPermission,
        Task,
        GroupApprovalTask.groups.through,
        Workflow,
        WorkflowTask,
        WorkflowPage,
    ]
    return {
        model._meta.label: sorted(model.objects.values_list("pk", flat=True)) for model in models
    }


def draft_scheme(writer, title="Tilskudd til grendehus"):
    """A new scheme page that a writer has saved but not published, as the admin saves it."""
    topic = TopicPage.objects.get(slug="attraktive-samfunn")
    page = SchemePage(title=title, summary="Støtte til grendehus.", live=False, owner=writer)
    topic.add_child(instance=page)
    page.save_revision(user=writer)
    return SchemePage.objects.get(pk=page.pk)


def api_titles():
    response = Client(HTTP_HOST="localhost").get("/api/v2/pages/?type=schemes.SchemePage&limit=50")
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


# The groups ---------------------------------------------------------------------------------------


def test_the_loader_gives_writers_pages_to_add_and_edit_but_not_to_publish(loaded):
    assert page_permissions("Skribent") == {(home().pk, "add_page"), (home().pk, "change_page")}


def test_the_loader_gives_editors_publishing_and_locking_but_not_deleting_whole_branches(loaded):
    assert page_permissions("Redaktør") == {
        (home().pk, "add_page"),
        (home().pk, "change_page"),
        (home().pk, "publish_page"),
        (home().pk, "lock_page"),
        (home().pk, "unlock_page"),
    }


def test_writers_upload_and_use_images_and_documents_in_every_collection(loaded):
    root = Collection.get_first_root_node().pk
    assert collection_permissions("Skribent") == {
        (root, "add_image"),
        (root, "choose_image"),
        (root, "add_document"),
        (root, "choose_document"),
    }


def test_editors_manage_all_images_and_documents(loaded):
    root = Collection.get_first_root_node().pk
    actions = ["add", "change", "delete", "view", "choose"]
    assert collection_permissions("Redaktør") == {
        (root, f"{action}_{model}") for action in actions for model in ["image", "document"]
    }


def test_writers_choose_people_but_change_neither_them_nor_the_taxonomies(writer):
    assert writer.has_perm("wagtailadmin.access_admin")
    assert writer.has_perm("people.view_person")
    # A person has no drafts: a change would reach the API without an editor's approval.
    assert not writer.has_perm("people.add_person")
    assert not writer.has_perm("people.change_person")
    assert not writer.has_perm("people.delete_person")
    for label in ["taxonomy.change_region", "taxonomy.add_topic", "schemes.change_applicanttype"]:
        assert not writer.has_perm(label), label
    assert not writer.has_perm("search.add_synonym")
    assert not writer.has_perm("wagtailredirects.add_redirect")
    assert not writer.has_perm("strategy.view_meeting")


def test_editors_manage_people_taxonomies_search_and_redirects_and_read_the_overviews(editor):
    for label in [
        "wagtailadmin.access_admin",
        "people.delete_person",
        "taxonomy.add_region",
        "taxonomy.change_municipality",
        "taxonomy.delete_county",
        "taxonomy.change_organisation",
        "taxonomy.add_industry",
        "taxonomy.change_topic",
        "schemes.add_applicanttype",
        "search.change_synonym",
        "wagtailsearchpromotions.add_searchpromotion",
        "wagtailredirects.change_redirect",
        "strategy.view_meeting",
    ]:
        assert editor.has_perm(label), label
    # The overviews only show meetings: they are changed on their page, through the workflow.
    assert not editor.has_perm("strategy.change_meeting")
    # Users, groups and the workflow itself stay with administrators.
    assert not editor.has_perm("auth.change_group")
    assert not editor.has_perm("wagtailcore.change_workflow")


def test_editors_read_mark_and_delete_the_feedback_box_submissions(writer, editor):
    assert editor.has_perm("strategy.view_feedbacksubmission")
    assert editor.has_perm("strategy.change_feedbacksubmission")
    # A sender may ask for their submission to be erased.
    assert editor.has_perm("strategy.delete_feedbacksubmission")
    assert not editor.has_perm("strategy.add_feedbacksubmission")
    for action in ["view", "change", "delete"]:
        assert not writer.has_perm(f"strategy.{action}_feedbacksubmission")


def test_a_writer_chooses_a_contact_but_cannot_add_or_edit_people(writer, client):
    person = Person.objects.order_by("name").first()
    choose = reverse("wagtailsnippetchoosers_people_person:choose")
    chosen = reverse("wagtailsnippetchoosers_people_person:chosen", args=[person.pk])
    client.force_login(writer)

    chooser = client.get(choose)
    choice = client.get(chosen)
    strategy_editor = client.get(
        reverse("wagtailadmin_pages:edit", args=[StrategyPage.objects.get().pk])
    )

    assert chooser.status_code == 200
    assert person.name in chooser.json()["html"]
    # No button in the chooser to add a person.
    assert reverse("wagtailsnippets_people_person:add") not in chooser.json()["html"]
    assert choice.status_code == 200
    assert choice.json()["result"]["id"] == str(person.pk)
    assert strategy_editor.status_code == 200
    assert choose in strategy_editor.content.decode()
    for response in [
        client.get(reverse("wagtailsnippets_people_person:add")),
        client.post(reverse("wagtailsnippets_people_person:add"), {"name": "Ny Person"}),
        client.post(
            reverse("wagtailsnippets_people_person:edit", args=[person.pk]), {"name": "Endret"}
        ),
    ]:
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert not Person.objects.filter(name__in=["Ny Person", "Endret"]).exists()


def feedback_box_with_submissions():
    box = FeedbackFormPage.objects.get()
    return box, [
        FeedbackSubmission.objects.create(page=box, form_data={"navn": name})
        for name in ["Kari Nordmann", "Ola Nordmann"]
    ]


def test_an_editor_deletes_a_submission_in_wagtails_listing_of_the_feedback_box(editor, client):
    box, (erased, kept) = feedback_box_with_submissions()
    listing = reverse("wagtailforms:list_submissions", args=[box.pk])
    delete = reverse("wagtailforms:delete_submissions", args=[box.pk])
    client.force_login(editor)

    assert client.get(listing).status_code == 200
    response = client.post(f"{delete}?selected-submissions={erased.pk}")

    assert response.status_code == 302
    assert list(FeedbackSubmission.objects.filter(page=box)) == [kept]


def test_a_writer_cannot_delete_a_feedback_box_with_submissions(writer, client):
    """Not even one that is not live: one that has been published is the editors' to delete."""
    box, submissions = feedback_box_with_submissions()
    box.unpublish()
    assert not box.permissions_for_user(writer).can_delete()
    client.force_login(writer)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[box.pk]))

    assert response.status_code == 302
    assert FeedbackFormPage.objects.filter(pk=box.pk).exists()
    assert FeedbackSubmission.objects.filter(page=box).count() == len(submissions)


def test_writers_and_editors_see_the_pages_in_the_admin(writer, editor, client):
    for user in [writer, editor]:
        client.force_login(user)
        response = client.get(f"/admin/pages/{home().pk}/")
        assert response.status_code == 200
        assert "Attraktive samfunn" in response.content.decode()


# The workflow -------------------------------------------------------------------------------------


def test_every_page_of_the_site_goes_through_the_approval_workflow(loaded):
    workflow = Workflow.objects.get(name="Godkjenning")
    assert workflow.active
    assert [task.specific for task in workflow.tasks] == [
        GroupApprovalTask.objects.get(name="Godkjenning av redaktør")
    ]
    assert list(workflow.tasks.get().specific.groups.values_list("name", flat=True)) == ["Redaktør"]
    assert WorkflowPage.objects.get(workflow=workflow).page_id == home().pk
    pages = Page.objects.filter(depth__gt=1).specific()
    assert {type(page) for page in pages} >= {HomePage, TopicPage, StrategyPage, SchemePage}
    for page in pages:
        assert page.get_workflow() == workflow, page.title


def test_the_workflow_is_active_on_the_scheme_pages(loaded):
    schemes = SchemePage.objects.all()
    assert schemes.count() == 6
    for scheme in schemes:
        assert scheme.has_workflow
        assert scheme.get_workflow().name == "Godkjenning"


def test_a_writer_cannot_publish_and_submits_for_moderation_instead(writer):
    scheme = SchemePage.objects.get(slug="bredband")
    permissions = scheme.permissions_for_user(writer)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()
    assert not permissions.can_lock()
    assert permissions.can_submit_for_moderation()
    topic = TopicPage.objects.get(slug="attraktive-samfunn")
    assert topic.permissions_for_user(writer).can_add_subpage()
    assert not topic.permissions_for_user(writer).can_publish_subpage()


def test_a_writers_new_page_is_published_only_when_an_editor_approves_it(writer, editor):
    page = draft_scheme(writer)
    state = page.get_workflow().start(page, writer)
    task_state = state.current_task_state
    assert task_state.task.specific.name == "Godkjenning av redaktør"
    # The writer cannot approve the page, nor publish it any other way; the editor can.
    assert task_state.task.specific.get_actions(page, writer) == []
    assert "approve" in [name for name, *_ in task_state.task.specific.get_actions(page, editor)]
    assert not SchemePage.objects.get(pk=page.pk).live
    assert "Tilskudd til grendehus" not in api_titles()

    task_state.approve(user=editor)

    page = SchemePage.objects.get(pk=page.pk)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert page.live_revision.user == writer
    assert "Tilskudd til grendehus" in api_titles()


def test_an_editor_can_publish_directly(editor):
    scheme = SchemePage.objects.get(slug="bredband")
    permissions = scheme.permissions_for_user(editor)
    assert permissions.can_publish()
    assert permissions.can_unpublish()
    assert permissions.can_lock()
    # Not a page with pages below it: that deletes a whole branch of the site at once.
    assert not TopicPage.objects.get().permissions_for_user(editor).can_delete()


# Idempotency and administrators' changes ---------------------------------------------------------


def test_running_the_loader_again_gives_the_same_groups_and_workflow(loaded):
    before = moderation_rows()
    output = load(verbosity=2)
    assert moderation_rows() == before
    # Everything is reported at this verbosity that was created, changed or skipped: nothing.
    for name in ["Skribent", "Redaktør", "Godkjenning"]:
        assert name not in output


def test_a_permission_taken_from_a_group_stays_taken_until_force(loaded):
    writers = Group.objects.get(name="Skribent")
    people = Permission.objects.get(codename="view_person")
    writers.permissions.remove(people)

    output = load()

    assert not writers.permissions.filter(pk=people.pk).exists()
    assert "Skribent" in output and "--force" in output

    load("--force", "--yes")

    assert writers.permissions.filter(pk=people.pk).exists()


def test_people_permissions_an_earlier_version_gave_writers_are_taken_back(loaded):
    writers = Group.objects.get(name="Skribent")
    earlier = Permission.objects.filter(
        content_type__app_label="people", codename__in=["add_person", "change_person"]
    )
    writers.permissions.add(*earlier)
    member = member_of("Skribent", "tidligere-skribent")
    assert member.has_perm("people.change_person")

    output = load(verbosity=2)

    assert not writers.permissions.filter(pk__in=earlier).exists()
    assert writers.permissions.filter(codename="view_person").exists()
    assert "Skribent" in output
    member = get_user_model().objects.get(pk=member.pk)
    assert not member.has_perm("people.change_person")
    assert member.has_perm("people.view_person")


def test_what_an_administrator_adds_to_a_group_is_kept_even_with_force(loaded):
    editors = Group.objects.get(name="Redaktør")
    bulk_delete = Permission.objects.get(codename="bulk_delete_page")
    GroupPagePermission.objects.create(group=editors, page=home(), permission=bulk_delete)
    users = Permission.objects.get(codename="add_user")
    editors.permissions.add(users)
    member = member_of("Redaktør", "ny-redaktor")

    load("--force", "--yes")

    assert ((home().pk, "bulk_delete_page")) in page_permissions("Redaktør")
    assert editors.permissions.filter(pk=users.pk).exists()
    assert list(member.groups.values_list("name", flat=True)) == ["Redaktør"]
    assert Group.objects.filter(name="Redaktør").count() == 1


def test_another_workflow_chosen_for_the_site_is_kept_until_force(loaded):
    other = Workflow.objects.create(name="Juridisk kontroll")
    WorkflowPage.objects.filter(page=home()).update(workflow=other)

    output = load()

    assert home().get_workflow() == other
    assert "--force" in output

    load("--force", "--yes")

    assert home().get_workflow().name == "Godkjenning"
    assert Workflow.objects.filter(name="Godkjenning").count() == 1


def test_force_turns_the_approval_back_on_and_keeps_added_steps(loaded):
    workflow = Workflow.objects.get(name="Godkjenning")
    legal = GroupApprovalTask.objects.create(name="Juridisk kontroll")
    WorkflowTask.objects.create(workflow=workflow, task=legal, sort_order=1)
    Workflow.objects.filter(pk=workflow.pk).update(active=False)

    load()
    assert not Workflow.objects.get(pk=workflow.pk).active
    listed = load("--force")
    assert "«Godkjenning»" in listed
    assert not Workflow.objects.get(pk=workflow.pk).active

    load("--force", "--yes")

    workflow.refresh_from_db()
    assert workflow.active
    assert [task.name for task in workflow.tasks] == [
        "Godkjenning av redaktør",
        "Juridisk kontroll",
    ]


# Wagtail's examples ------------------------------------------------------------------------------


def wagtail_examples():
    """The example groups, and the example workflow's activity, its pages and its step's."""
    workflow = Workflow.objects.filter(name="Moderators approval").first()
    return {
        "groups": sorted(
            Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)
        ),
        "workflow": workflow
        and (
            workflow.active,
            list(workflow.workflow_pages.values_list("page__depth", flat=True)),
            [task.active for task in workflow.tasks],
        ),
    }


def test_the_loader_retires_wagtails_example_groups_and_workflow(before_loading, loaded):
    # What Wagtail's migrations create: the groups, and the workflow active on the root page.
    assert before_loading == {
        "groups": ["Editors", "Moderators"],
        "workflow": (True, [1], [True]),
    }

    assert wagtail_examples() == {"groups": [], "workflow": (False, [], [False])}
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    # Godkjenning stays on the home page, for every page of the site.
    assert [link.page_id for link in WorkflowPage.objects.all()] == [home().pk]


def test_retiring_wagtails_examples_is_reported(loaded):
    # The module's first load, at the default verbosity, reports only warnings.
    with transaction.atomic():
        Group.objects.create(name="Moderators")
        output = load(verbosity=2)
        transaction.set_rollback(True)

    assert "«Moderators»" in output
    assert "Editors" not in output


def test_an_example_group_with_members_is_kept(loaded):
    Group.objects.create(name="Editors")
    member = member_of("Editors", "gammel-redaktor")
    Group.objects.create(name="Moderators")

    load()

    assert list(
        Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)
    ) == ["Editors"]
    assert list(member.groups.values_list("name", flat=True)) == ["Editors"]


def test_the_example_workflow_with_a_page_in_it_is_kept(writer):
    workflow = Workflow.objects.get(name="Moderators approval")
    Workflow.objects.filter(pk=workflow.pk).update(active=True)
    workflow.refresh_from_db()
    WorkflowPage.objects.create(page=Page.get_first_root_node(), workflow=workflow)
    task = workflow.tasks.get()
    type(task).objects.filter(pk=task.pk).update(active=True)
    # A page in progress in it: deactivating would cancel the writer's request.
    page = draft_scheme(writer)
    WorkflowPage.objects.create(page=page, workflow=workflow)
    state = workflow.start(page, writer)
    WorkflowPage.objects.filter(page=page).delete()

    load()

    workflow.refresh_from_db()
    state.refresh_from_db()
    assert workflow.active
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowPage.objects.filter(workflow=workflow, page__depth=1).exists()


def test_a_second_load_leaves_the_retired_examples_alone(loaded):
    before = moderation_rows()

    output = load(verbosity=2)

    assert moderation_rows() == before
    assert wagtail_examples() == {"groups": [], "workflow": (False, [], [False])}
    assert "Moderators" not in output and "Editors" not in output


def test_a_writers_page_still_goes_through_godkjenning(writer, editor):
    page = draft_scheme(writer)
    assert page.get_workflow().name == "Godkjenning"
    state = page.get_workflow().start(page, writer)

    state.current_task_state.approve(user=editor)

    assert SchemePage.objects.get(pk=page.pk).live
