"""Who may do what in the admin: the writers' and editors' groups and the approval workflow.

Loaded with the content by ``manage.py load_troms_content``, by the content's rule: what is
missing is created, what matches is left alone, and what has been changed since is not
overwritten without ``force``. A group matches when it still has every permission given here;
permissions an administrator has added to it are the administrator's and are kept even with
``force``, which only gives back what was taken away. Members are never touched. The one
exception: a permission that an earlier version gave a group and that has been withdrawn (see
``Role.withdrawn``) is taken from it at the next load, since keeping it would keep what it
was withdrawn for.

Writers (Skribent) write and save pages and send them for approval; editors (Redaktør) approve,
which publishes. The workflow sits on the home page, so every page of the site goes through it.

Wagtail's own migrations create example groups (Editors, Moderators) and a workflow for them on
the root page. Beside ours they only confuse, and Editors may add and change every page, so they
are retired as long as nobody uses them (see ``retire_examples``).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from home.content import CREATED, SKIPPED, UNCHANGED, UPDATED
from home.models import HomePage

WORKFLOW = "Godkjenning"
APPROVAL_TASK = "Godkjenning av redaktør"

# What Wagtail's migrations create as examples, by the names they give them.
EXAMPLE_GROUPS = ("Editors", "Moderators")
EXAMPLE_WORKFLOW = "Moderators approval"
EXAMPLE_TASK = "Moderators approval"

# Outcomes of retiring Wagtail's examples, beside the content's.
DELETED = "deleted"
DEACTIVATED = "deactivated"

# Django's four model permissions, for the registers a group keeps in full.
CRUD = ("add", "change", "delete", "view")


def crud(*labels):
    """Every model permission on the models named ``app_label.model``."""
    names = []
    for label in labels:
        app_label, model = label.split(".")
        names.extend(f"{app_label}.{action}_{model}" for action in CRUD)
    return tuple(names)


@dataclass(frozen=True)
class Role:
    """A group and what it may do."""

    name: str
    # Wagtail's page permission types (add, change, publish, lock, unlock, bulk_delete),
    # granted on the home page and so on every page of the site.
    page_permissions: tuple
    # Image and document permissions, granted on the root collection and so on every collection.
    collection_permissions: tuple
    # Django model permissions, as ``app_label.codename``.
    model_permissions: tuple
    # Model permissions that an earlier version gave and that the group must no longer have.
    # An administrator who means some members to have one gives it through another group.
    withdrawn: tuple = ()


WRITER = Role(
    name="Skribent",
    # "add" lets writers create pages, "change" edit any page; without "publish" a save is a
    # draft, which goes live only when an editor approves it.
    page_permissions=("add", "change"),
    # Writers upload and use images and documents, and may edit those they uploaded themselves
    # (Wagtail lets an uploader edit their own); changing or deleting others' is the editors'.
    collection_permissions=(
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ),
    # Writers choose staff contacts for their pages, but do not add or change them: a person has
    # no drafts and no approval, so a change would be public in the API at once. People and the
    # taxonomies that the finder filters by are the editors'.
    model_permissions=(
        "wagtailadmin.access_admin",
        "people.view_person",
    ),
    withdrawn=("people.add_person", "people.change_person"),
)

EDITOR = Role(
    name="Redaktør",
    # Not bulk_delete: deleting a page together with all the pages below it (a topic page with
    # its schemes) is left to administrators.
    page_permissions=("add", "change", "publish", "lock", "unlock"),
    collection_permissions=(
        *crud("wagtailimages.image", "wagtaildocs.document"),
        "wagtailimages.choose_image",
        "wagtaildocs.choose_document",
    ),
    model_permissions=(
        "wagtailadmin.access_admin",
        *crud(
            "people.person",
            "taxonomy.region",
            "taxonomy.municipality",
            "taxonomy.county",
            "taxonomy.organisation",
            "taxonomy.industry",
            "taxonomy.topic",
            "schemes.applicanttype",
            # Citizen search: its synonyms and promoted results; with them comes the report of
            # searches without results.
            "search.synonym",
            "wagtailsearchpromotions.searchpromotion",
            # Redirects for pages that moved or went away, which the API serves too.
            "wagtailredirects.redirect",
        ),
        # The feedback box's submissions, which are personal data: read them, mark them as
        # processed, and delete one when its sender asks (or a page with it, a feedback box).
        # They arrive through the API only, so there is nothing to add.
        "strategy.view_feedbacksubmission",
        "strategy.change_feedbacksubmission",
        "strategy.delete_feedbacksubmission",
        # The overview of input meetings across strategies. Only to read: meetings are changed
        # on their strategy page, through the workflow.
        "strategy.view_meeting",
    ),
)


def permission_ids(names):
    """The ids of the permissions named ``app_label.codename``, in one query."""
    wanted = {tuple(name.split(".")) for name in names}
    found = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.filter(
            codename__in={codename for _app_label, codename in wanted}
        ).values_list("pk", "content_type__app_label", "codename")
        if (app_label, codename) in wanted
    }
    if missing := wanted - found.keys():
        # A name that is wrong, or an app that is not migrated: better stop than grant less.
        raise LookupError(f"No such permissions: {sorted(missing)}")
    return [found[tuple(name.split("."))] for name in names]


def expected_grants(role, home, root_collection):
    """What the role's group must have, as comparable (kind, object, permission id) triples."""
    page_permissions = [f"wagtailcore.{name}_page" for name in role.page_permissions]
    return {
        *(("page", home.pk, pk) for pk in permission_ids(page_permissions)),
        *(
            ("collection", root_collection.pk, pk)
            for pk in permission_ids(role.collection_permissions)
        ),
        *(("model", None, pk) for pk in permission_ids(role.model_permissions)),
    }


def current_grants(group):
    return {
        *(
            ("page", page_id, permission_id)
            for page_id, permission_id in GroupPagePermission.objects.filter(
                group=group
            ).values_list("page_id", "permission_id")
        ),
        *(
            ("collection", collection_id, permission_id)
            for collection_id, permission_id in GroupCollectionPermission.objects.filter(
                group=group
            ).values_list("collection_id", "permission_id")
        ),
        *(("model", None, pk) for pk in group.permissions.values_list("pk", flat=True)),
    }


def grant(group, grants):
    for kind, object_id, permission_id in sorted(grants, key=str):
        if kind == "page":
            GroupPagePermission.objects.create(
                group=group, page_id=object_id, permission_id=permission_id
            )
        elif kind == "collection":
            GroupCollectionPermission.objects.create(
                group=group, collection_id=object_id, permission_id=permission_id
            )
        else:
            group.permissions.add(permission_id)


def report(loader, description, outcome):
    """Tell what was done, in the loader's words.

    Groups and the workflow are not counted in the loader's summary, which counts the content.
    """
    if outcome == CREATED:
        loader.info(_("Created %(object)s.") % {"object": description})
    elif outcome == UPDATED:
        loader.info(_("Updated %(object)s.") % {"object": description})
    elif outcome == DELETED:
        loader.info(_("Deleted %(object)s.") % {"object": description})
    elif outcome == DEACTIVATED:
        loader.info(_("Deactivated %(object)s.") % {"object": description})
    elif outcome == SKIPPED:
        loader.warn(
            _(
                "Skipped %(object)s: it has been changed since it was loaded. "
                "Use --force to overwrite it."
            )
            % {"object": description}
        )


def describe(obj):
    return f"{obj._meta.verbose_name} «{obj}» (id {obj.pk})"


def load_group(loader, role, home, root_collection):
    """The role's group, created with its permissions or checked that it still has them."""
    group, created = Group.objects.get_or_create(name=role.name)
    current = current_grants(group)
    missing = expected_grants(role, home, root_collection) - current
    withdrawn = {("model", None, pk) for pk in permission_ids(role.withdrawn)} & current
    if withdrawn:
        group.permissions.remove(*(pk for _kind, _object, pk in withdrawn))
    if created:
        outcome = CREATED
    elif not missing:
        outcome = UPDATED if withdrawn else UNCHANGED
    elif loader.force:
        loader.overwrite(describe(group))
        outcome = UPDATED
    else:
        outcome = SKIPPED
    if outcome in (CREATED, UPDATED):
        grant(group, missing)
    report(loader, describe(group), outcome)
    return group


def load_task(loader, editors):
    """The approval step, in which editors approve or ask for changes."""
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK)
        task.groups.add(editors)
        outcome = CREATED
    elif task.active and task.groups.filter(pk=editors.pk).exists():
        outcome = UNCHANGED
    elif loader.force:
        loader.overwrite(describe(task))
        task.active = True
        task.save(update_fields=["active"])
        task.groups.add(editors)
        outcome = UPDATED
    else:
        outcome = SKIPPED
    report(loader, describe(task), outcome)
    return task


def load_workflow(loader, task):
    """The workflow with the approval step; steps an administrator added to it are kept."""
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        outcome = CREATED
    elif workflow.active and workflow.workflow_tasks.filter(task=task).exists():
        outcome = UNCHANGED
    elif loader.force:
        loader.overwrite(describe(workflow))
        workflow.active = True
        workflow.save(update_fields=["active"])
        if not workflow.workflow_tasks.filter(task=task).exists():
            # Wagtail publishes once every step is approved, so the step may come last.
            last = workflow.workflow_tasks.aggregate(last=Max("sort_order"))["last"]
            sort_order = 0 if last is None else last + 1
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=sort_order)
        outcome = UPDATED
    else:
        outcome = SKIPPED
    report(loader, describe(workflow), outcome)
    return workflow


def attach_workflow(loader, workflow, home):
    """Put the workflow on the home page, and so on every page below it."""
    link = WorkflowPage.objects.filter(page=home).first()
    if link is None:
        WorkflowPage.objects.create(page=home, workflow=workflow)
        outcome = CREATED
    elif link.workflow_id == workflow.pk:
        outcome = UNCHANGED
    elif loader.force:
        loader.overwrite(f"{WorkflowPage._meta.verbose_name} «{home.title}» (id {home.pk})")
        link.workflow = workflow
        link.save(update_fields=["workflow"])
        outcome = UPDATED
    else:
        outcome = SKIPPED
    description = f"{WorkflowPage._meta.verbose_name} «{home.title}» (id {home.pk})"
    report(loader, description, outcome)


def retire_example_workflow(loader):
    """Take Wagtail's example workflow off the root page and deactivate it, if it is untouched.

    Untouched means active, on the root page and nowhere else, on no snippets, and with no page
    in it: deactivating cancels what is in progress, which would throw away a writer's request.
    Once it is off the root page it is no longer the example, so an administrator who turns it
    on again keeps it. Its step is deactivated too, unless another active workflow uses it.
    """
    workflow = Workflow.objects.filter(name=EXAMPLE_WORKFLOW, active=True).first()
    if workflow is None:
        return
    root = Page.get_first_root_node()
    pages = set(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True))
    if (
        pages != {root.pk}
        or WorkflowContentType.objects.filter(workflow=workflow).exists()
        or WorkflowState.objects.filter(
            workflow=workflow, status=WorkflowState.STATUS_IN_PROGRESS
        ).exists()
    ):
        return
    # Wagtail's own deactivation, as in the admin: it also removes the workflow from its pages.
    workflow.deactivate()
    report(loader, describe(workflow), DEACTIVATED)
    task = GroupApprovalTask.objects.filter(
        name=EXAMPLE_TASK, active=True, workflow_tasks__workflow=workflow
    ).first()
    if (
        task is not None
        and not task.workflow_tasks.filter(workflow__active=True).exists()
        and not TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS).exists()
    ):
        task.deactivate()
        report(loader, describe(task), DEACTIVATED)


def retire_example_groups(loader):
    """Delete Wagtail's example groups that have no members; a group someone is in is kept."""
    for group in Group.objects.filter(name__in=EXAMPLE_GROUPS, user__isnull=True).order_by("name"):
        # Described before deleting, while it still has its id.
        description = describe(group)
        # With it go its page and collection permissions and its place in approval steps.
        group.delete()
        report(loader, description, DELETED)


def retire_examples(loader):
    """Retire what Wagtail's migrations create as examples, where nobody uses it."""
    retire_example_workflow(loader)
    retire_example_groups(loader)


def load(loader):
    """Set up the groups and the workflow; the home page must exist."""
    home = loader.get(HomePage, "home")
    root_collection = Collection.get_first_root_node()
    load_group(loader, WRITER, home, root_collection)
    editors = load_group(loader, EDITOR, home, root_collection)
    task = load_task(loader, editors)
    workflow = load_workflow(loader, task)
    attach_workflow(loader, workflow, home)
    retire_examples(loader)
