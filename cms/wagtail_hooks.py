from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name

from cms import approval
from headless.rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler


# Runs after Wagtail's own registration (order 0), so these handlers replace the stock ones.
@hooks.register("register_rich_text_features", order=100)
def register_public_link_handlers(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("before_edit_page")
def show_the_request_for_changes(request, page):
    """While a page waits for its writer's changes, the edit form opens with the editor's words."""
    if request.method != "GET":
        return
    task_state = approval.changes_requested(page.current_workflow_state)
    if task_state is None:
        return
    details = {
        "editor": get_user_display_name(task_state.finished_by) or _("an editor"),
        "when": naturaltime(task_state.finished_at),
    }
    if task_state.comment:
        message = format_html(
            "{} <q>{}</q> {}",
            _("%(editor)s asked for changes %(when)s:") % details,
            task_state.comment,
            _("Make the changes, then send the page for approval again."),
        )
    else:
        message = (
            _(
                "%(editor)s asked for changes %(when)s. Make the changes, then send the page for "
                "approval again."
            )
            % details
        )
    messages.warning(request, message)


hooks.register("before_edit_page", approval.refuse_restart_by_writer)
hooks.register("construct_page_action_menu", approval.one_way_to_send)
hooks.register("before_publish_page", approval.note_approval_cut_short)
hooks.register("after_publish_page", approval.tell_writer_of_publication)
