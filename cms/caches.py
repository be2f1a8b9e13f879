"""The shared cache on Redis, as production configures it."""


def redis_cache(location, timeout):
    """A cache on the Redis at ``location`` that the site outlives.

    While Redis is unreachable, django-redis answers reads as misses and drops writes, logging
    each, so the API serves uncached instead of failing; the feedback box's rate limit, which
    gets no count, refuses submissions until it does (see strategy.api.SubmissionLimit).
    ``timeout`` (seconds) bounds each connection attempt and command, so that a dead Redis
    costs a request little.
    """
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
        },
    }
