"""Uploaded documents download only once they are public."""

from django.http import Http404
from wagtail import hooks

from .media import is_released


@hooks.register("before_serve_document")
def serve_only_released_documents(document, request):
    """A document downloads once it is public (see ``headless.media``); before that, only for
    people who may use the admin. Wagtail's own hook then checks collection restrictions."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    if not is_released(document):
        raise Http404
    return None
