"""Checks of the production profile that `manage.py check --deploy` reports."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
