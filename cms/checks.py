"""Checks of the production profile that `manage.py check --deploy` reports."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from headless import tasks


@register(Tags.caches, deploy=True)
def shared_cache_is_redis(app_configs, **kwargs):
    """Without CACHE_URL production shares its cache through the database: correct, but slower."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend != "cms.caches.DatabaseCache":
        return []
    return [
        Warning(
            "CACHE_URL is not set: the response cache, the feedback box's rate limit and "
            "Wagtail's caches are kept in the database, shared by every worker but slower "
            "than Redis.",
            hint="Set CACHE_URL to a Redis URL, e.g. redis://cache.internal:6379/1.",
            id="cms.W001",
        )
    ]


@register(Tags.database, deploy=True)
def background_worker_keeps_up(app_configs, databases=None, **kwargs):
    """Queued rebuilds that wait too long mean that no worker runs: the API then keeps serving
    pages' older documents, and builds withheld ones on every read."""
    # As every check that reads the database: only when asked to (--database default).
    if not databases or "default" not in databases:
        return []
    try:
        waiting, oldest, late = tasks.queue_is_late()
    except DatabaseError:
        # Not migrated yet, or unreachable: Django's own checks and migrate say so.
        return []
    if not late:
        return []
    return [
        Warning(
            f"API documents waiting for the background worker: {waiting}; the oldest has "
            f"waited {oldest} seconds, more than REBUILD_QUEUE_MAX_AGE "
            f"({settings.REBUILD_QUEUE_MAX_AGE}).",
            hint="Start the background worker, `python manage.py db_worker` (docs/deploy.md), "
            "and keep it running beside gunicorn.",
            id="cms.W002",
        )
    ]
