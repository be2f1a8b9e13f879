"""The approval loop's details for the admin's templates (see ``cms.approval``)."""

from django import template
from wagtail.models import Page

from cms import approval

register = template.Library()


@register.simple_tag
def changes_requested(workflow_state):
    """The task state holding the editor's request for changes, or None."""
    return approval.changes_requested(workflow_state)


@register.simple_tag
def last_publication(page):
    """The log entry of the page's latest publication, naming who published it (pages only)."""
    if not isinstance(page, Page):
        return None
    return approval.last_publication(page)


@register.simple_tag
def approval_comment(obj):
    """The comment the editor left when approving the page or snippet, for the writer's notice."""
    return approval.approval_comment(obj)
