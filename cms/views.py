"""The OpenAPI document and its reader, and the health check."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from headless import tasks
from headless.openapi import build_document

from .api import api_router


@require_GET
def openapi_document(request):
    return JsonResponse(build_document(api_router), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_docs(request):
    return render(request, "api_docs.html")


@require_GET
def health(request):
    """For the load balancer and monitoring: the server answers and reads its database; and
    whether the background worker keeps up (one query, never cached).

    "degraded" still answers 200: the site serves, and a load balancer must not take a server
    out because the worker, which runs elsewhere, stopped.
    """
    waiting, oldest, late = tasks.queue_is_late()
    response = JsonResponse(
        {
            "status": "degraded" if late else "ok",
            "queued_rebuilds": waiting,
            "oldest_queued_seconds": oldest,
            "max_queued_seconds": settings.REBUILD_QUEUE_MAX_AGE,
        }
    )
    response["Cache-Control"] = "no-store"
    return response
