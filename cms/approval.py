"""The approval loop as writers and editors follow it in the admin.

Wagtail keeps the editor's comment on a request for changes in the task state, and shows it only
in the status panel's details. Here the writer meets it where they work (the dashboard, and a
notice at the top of the edit form until they send the page again); every line names who did
what (who asked for changes, who published); and an editor who approves or asks for changes is
told what happened and who sees it, whichever screen they did it from.
"""

import contextvars

from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.models import PageLogEntry, TaskState, WorkflowState

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
