"""``/api/v2/page_preview/``: the draft that an editor previews on the county's website.

The admin's preview mode "the county's website" (``headless.preview``) stores the unsaved page and
frames ``FRONTEND_PREVIEW_URL?content_type=<app_label.model>&token=<token>``; the county site
passes both on here and gets the draft in exactly the shape of ``/api/v2/pages/{id}/``.

A draft is read only from its stored preview and serialised for this one response: it never
enters the document store, the response cache or a shared cache, so the public endpoints go on
showing the published page. Unknown and expired tokens are both a 404, and an expired token's
draft is deleted on the spot.
"""

import copy

from django.apps import apps
from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired
from django.http import Http404
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail_headless_preview.models import PagePreview

from base.publication import collect_references

from .api import PagesAPIViewSet
from .documents import META_FIELDS, build_payload
from .openapi import ERRORS, get_operation, json_response, meta_schema, query_parameters
from .preview import CountySitePreviewMixin, token_signer

TOKEN_MAX_LENGTH = PagePreview._meta.get_field("token").max_length


def preview_payload(page):
    """The public representation of an unsaved ``page``, as the pages detail would show it.

    Built as the document store builds a page (in the site's language, with links to pages and
    documents that a reader may not see reduced to their text), but kept out of the store.
    """
    with collect_references(), translation.override(settings.LANGUAGE_CODE):
        payload = build_payload(page)
    if page.pk is None:
        # A page that is being created has no id yet, and so no detail of its own.
        payload["id"] = None
        payload["meta"]["detail_url"] = None
    return payload


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """The draft behind a preview token, shaped as the pages endpoint's detail."""

    name = "page_preview"
    known_query_parameters = frozenset(
        ["content_type", "token", "fields", "rich_text_format", "format"]
    )
    detail_query_parameters = known_query_parameters

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "preview_view"}), name="preview")]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A draft, or the answer that a token is unknown, is for this one request alone.
        response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def page_model(value):
        """The page type named by ``content_type`` (``app_label.modelname``), or a 400."""
        if not value:
            raise BadRequestError(_("content_type is required, e.g. home.topicpage"))
        app_label, _dot, model_name = value.partition(".")
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, ValueError):
            model = None
        if model is None or not issubclass(model, CountySitePreviewMixin):
            raise BadRequestError(
                _("content_type must be a page type as app_label.modelname, e.g. home.topicpage")
            )
        return model

    @staticmethod
    def previewed_page(model, token):
        """The unsaved page stored under ``token`` for a page of type ``model``, or a 404."""
        try:
            token_signer().unsign(token, max_age=settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE)
        except SignatureExpired:
            PagePreview.objects.filter(token=token).delete()
            raise Http404 from None
        except BadSignature:
            raise Http404 from None
        preview = PagePreview.objects.filter(
            token=token,
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        ).first()
        if preview is None:
            raise Http404
        return preview.as_page()

    def preview_view(self, request):
        self.check_query_parameters()
        model = self.page_model(request.GET.get("content_type"))
        token = request.GET.get("token", "")
        if not token:
            raise BadRequestError(_("token is required"))
        if len(token) > TOKEN_MAX_LENGTH:
            raise BadRequestError(
                _("token is longer than %(length)d characters") % {"length": TOKEN_MAX_LENGTH}
            )
        body_names, meta_names = self.selected_fields(model, detail=True)
        page = self.previewed_page(model, token)
        return Response(self.shape(preview_payload(page), body_names, meta_names))

    @classmethod
    def openapi_paths(cls, prefix, page_detail):
        parameters = {
            "content_type": {
                "type": "string",
                "pattern": r"^[a-z0-9_]+\.[a-zA-Z0-9_]+$",
                "description": "The page type as app_label.modelname, as in the preview address.",
            },
            "token": {
                "type": "string",
                "maxLength": TOKEN_MAX_LENGTH,
                "description": "The token from the preview address.",
            },
        }
        listed = query_parameters(cls.known_query_parameters, (), parameters)
        for parameter in listed:
            parameter["required"] = parameter["name"] in parameters
        new_page = {
            "type": "object",
            "description": (
                "A page that is being created: the fields of its type's detail, with `id` and "
                "`meta.detail_url` null."
            ),
            "properties": {
                "id": {"type": "null"},
                "meta": {
                    **meta_schema(required=set(META_FIELDS) - set(cls.detail_excluded_fields)),
                    "properties": {
                        **meta_schema()["properties"],
                        "detail_url": {"type": "null"},
                    },
                },
            },
            "required": ["id", "meta"],
        }
        operation = get_operation(
            "The draft that an editor previews on the county's website",
            listed,
            json_response({"anyOf": [page_detail, new_page]}),
            operation_id="getPagePreview",
        )
        operation["get"]["description"] = (
            "The unsaved page behind a preview token, in the shape of `/api/v2/pages/{id}/`. "
            f"A token lasts {settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE} seconds from the preview "
            "that made it. Responses are `Cache-Control: private, no-store`."
        )
        operation["get"]["responses"]["404"] = {
            **copy.deepcopy(ERRORS["404"]),
            "description": "Unknown or expired token, or a token for another page type.",
        }
        return {f"/api/v2/{prefix}/": operation}
