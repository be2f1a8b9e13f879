"""The OpenAPI document and its reader."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from headless.openapi import build_document

from .api import api_router


@require_GET
def openapi_document(request):
    return JsonResponse(build_document(api_router), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_docs(request):
    return render(request, "api_docs.html")
