"""The approval loop as writers and editors follow it in the admin.

Wagtail keeps the editor's comment on a request for changes in the task state, and shows it only
in the status panel's details. Here the writer meets it where they work (the dashboard, and a
notice at the top of the edit form until they send the page again); every line names who did
what (who asked for changes, who published); and an editor who approves or asks for changes is
told what happened and who sees it, whichever screen they did it from.
"""

import contextvars

from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from wagtail.admin import messages
from wagtail.admin.action_menu import CancelWorkflowMenuItem, SubmitForModerationMenuItem
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier, send_mail
from wagtail.admin.utils import get_user_display_name
from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.users.models import UserProfile

# The admin request being answered, for the workflow signals, which are sent without one.
_request = contextvars.ContextVar("approval_request", default=None)


class AdminRequestMiddleware:
    """Makes the request known to the workflow signal handlers below while it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def changes_requested(workflow_state):
    """The task state in which an editor asked for changes, while the writer has yet to act.

    None unless the page's workflow waits for the writer (Wagtail's status "needs changes").
    """
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return task_state


def last_publication(page):
    """The log entry of the page's latest publication: who published it, and when."""
    return (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .select_related("user")
        .order_by("-timestamp", "-pk")
        .first()
    )


def _writer(task_state):
    return get_user_display_name(task_state.workflow_state.requested_by)


def confirm_approval(sender, instance, user=None, **kwargs):
    """Tell the editor who approved what happened: published, or on to the next step."""
    request = _request.get()
    if request is None or not hasattr(request, "_messages"):
        return
    workflow_state = instance.workflow_state
    title = workflow_state.content_object.get_admin_display_title()
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        message = _("You approved “%(title)s”, and it is published.") % {"title": title}
    else:
        message = _("You approved “%(title)s”; it goes on to “%(task)s”.") % {
            "title": title,
            "task": workflow_state.current_task_state.task.name,
        }
    writer = workflow_state.requested_by
    if writer is not None and writer != user and writer.email:
        message += " " + _("%(writer)s, who sent it, is told by email.") % {
            "writer": _writer(instance)
        }
    messages.success(request, message)


# Beyond this many, the message speaks of "the editors" rather than naming each.
NAMED_EDITORS = 3


def _names(users):
    """The people's names as a sentence lists them: "A", "A og B", "A, B og C"."""
    names = sorted(get_user_display_name(user) for user in users)
    if len(names) == 1:
        return names[0]
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def confirm_submission(sender, instance, user=None, **kwargs):
    """Tell the writer who sent a page for approval which editors are told of it.

    Those told are the ones Wagtail emails: members of the step's groups (and superusers, as
    Wagtail's settings say) who are active, have an email address and keep the notification on.
    """
    request = _request.get()
    if request is None or not hasattr(request, "_messages"):
        return
    notifier = GroupApprovalTaskStateSubmissionEmailNotifier()
    if not notifier.can_handle(instance, user=user):
        return
    editors = notifier.get_valid_recipients(instance, user=user)
    details = {
        "title": instance.workflow_state.content_object.get_admin_display_title(),
        "task": instance.task.name,
    }
    if not editors:
        message = _(
            "You sent “%(title)s” to “%(task)s”. No editor gets email notifications, so tell "
            "them yourself."
        )
    elif len(editors) > NAMED_EDITORS:
        message = _("You sent “%(title)s” to “%(task)s”. The editors are told by email.")
    else:
        details["editors"] = _names(editors)
        message = _("You sent “%(title)s” to “%(task)s”. %(editors)s is told by email.")
    messages.success(request, message % details)


def refuse_restart_by_writer(request, page):
    """Only editors restart an approval; a writer sends the page again (see ``one_way_to_send``).

    The edit form offers writers no restart, and a request for one is refused here, with nothing
    changed. Withdrawing from approval stays open to the writer who sent the page.
    """
    if request.method != "POST" or not request.POST.get("action-restart-workflow"):
        return None
    if page.permissions_for_user(request.user).can_publish():
        return None
    messages.error(
        request,
        _(
            "Only an editor can start the approval over. Use “Send for approval again” when "
            "your changes are ready; nothing was changed."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def confirm_request_for_changes(sender, instance, user=None, **kwargs):
    """Tell the editor who asked for changes where the writer will read the comment."""
    request = _request.get()
    if request is None or not hasattr(request, "_messages"):
        return
    title = instance.workflow_state.content_object.get_admin_display_title()
    message = _(
        "You asked for changes to “%(title)s”. %(writer)s sees your comment on their "
        "dashboard and at the top of the page while editing it."
    ) % {"title": title, "writer": _writer(instance)}
    if instance.workflow_state.requested_by.email:
        message += " " + _("%(writer)s is told by email too.") % {"writer": _writer(instance)}
    messages.success(request, message)


def approval_comment(obj):
    """The comment the editor left when last approving a step of the object, or ''.

    Wagtail's approval notice is rendered without the workflow state, so it is found again.
    """
    task_state = (
        TaskState.objects.filter(
            workflow_state__in=WorkflowState.objects.for_instance(obj),
            status=TaskState.STATUS_APPROVED,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    return task_state.get_comment() if task_state is not None else ""


def note_approval_cut_short(request, page):
    """Before an editor publishes a page that waits for approval, remember who sent it.

    Publishing ends the approval (Wagtail cancels it) without a word to the writer; the writer is
    told after the publication instead (``tell_writer_of_publication``).
    """
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.requested_by_id in (None, request.user.pk):
        return
    request._approval_cut_short = workflow_state.requested_by


def tell_writer_of_publication(request, page):
    """The writer who sent the page for approval is told by email that an editor published it."""
    writer = getattr(request, "_approval_cut_short", None)
    if writer is None:
        return
    del request._approval_cut_short
    details = {
        "title": page.get_admin_display_title(),
        "writer": get_user_display_name(writer),
        "editor": get_user_display_name(request.user),
    }
    told = _email_the_writer(writer, page, request.user)
    if told:
        message = _(
            "%(writer)s had sent “%(title)s” for approval; publishing it ends the approval, "
            "and %(writer)s is told by email."
        )
    else:
        message = _(
            "%(writer)s had sent “%(title)s” for approval; publishing it ends the approval. "
            "%(writer)s has no email notifications, so tell them yourself."
        )
    messages.info(request, message % details)


def _email_the_writer(writer, page, editor):
    if not (writer.is_active and writer.email):
        return False
    profile = UserProfile.get_for_user(writer)
    if not profile.approved_notifications:
        return False
    context = {"user": writer, "page": page, "editor": editor}
    with override(profile.get_preferred_language()):
        subject = render_to_string("cms/notifications/published_by_editor_subject.txt", context)
        body = render_to_string("cms/notifications/published_by_editor.txt", context)
    send_mail(subject.strip(), body.strip(), [writer.email])
    return True


class SendForApprovalMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit action, named for the one step the portal has."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        workflow_state = page.current_workflow_state if page else None
        if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            context["label"] = _("Send for approval again")
        else:
            context["label"] = _("Send for approval")
        return context


class CancelApprovalMenuItem(CancelWorkflowMenuItem):
    """Wagtail's cancel action, named for the one step the portal has."""

    label = gettext_lazy("Withdraw from approval")


def one_way_to_send(menu_items, request, context):
    """A writer gets one action that sends the page for approval, whatever its state.

    After a request for changes Wagtail offers to resubmit to the step and to restart the
    workflow, which with one step do the same; writers keep the first. Editors, who may work
    with several steps, keep both. The actions are named for the step, "godkjenning".
    """
    for index, item in reversed(list(enumerate(menu_items))):
        if item.name == "action-restart-workflow":
            # Shown on the edit view only, which gives the page's permissions.
            if not context["user_page_permissions_tester"].can_publish():
                del menu_items[index]
        elif item.name == "action-submit" and type(item) is SubmitForModerationMenuItem:
            menu_items[index] = SendForApprovalMenuItem(order=item.order)
        elif item.name == "action-cancel-workflow" and type(item) is CancelWorkflowMenuItem:
            menu_items[index] = CancelApprovalMenuItem(order=item.order)
    # Sending comes before withdrawing, which Wagtail puts first.
    names = [item.name for item in menu_items]
    if "action-submit" in names and "action-cancel-workflow" in names:
        send = menu_items.pop(names.index("action-submit"))
        menu_items.insert(names.index("action-cancel-workflow"), send)
