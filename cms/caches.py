"""The shared cache of production: Redis, or the database when no Redis is configured."""

import logging
import time

import redis
from django.core.cache.backends.db import DatabaseCache as BaseDatabaseCache
from django.db import connections, router, transaction
from redis.client import Pipeline

logger = logging.getLogger(__name__)

# Seconds a process leaves Redis alone after it failed to answer.
RETRY_AFTER = 5.0

# Kept on the connection pool, which django-redis shares per Redis URL within a process, so
# every thread and every cache backend instance of the process sees the same pause.
FAILED_AT = "troms_failed_at"


def redis_cache(location, timeout, retry_after=RETRY_AFTER):
    """A cache on the Redis at ``location`` that the site outlives.

    While Redis is unreachable, django-redis answers reads as misses and drops writes, so the
    API serves uncached instead of failing; the feedback box's rate limit, which gets no count,
    refuses submissions until it does (see strategy.api.SubmissionLimit). Only the client's
    connection, timeout and reply errors are taken so; any other fault still raises.
    ``timeout`` (seconds) bounds each connection attempt and command, and after a failure the
    process does not try Redis again for ``retry_after`` seconds (``PausingRedis``).
    """
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "REDIS_CLIENT_CLASS": "cms.caches.PausingRedis",
            "REDIS_CLIENT_KWARGS": {"retry_after": retry_after},
        },
    }


def _guarded(client, call, *args, **kwargs):
    pool = client.connection_pool
    failed_at = getattr(pool, FAILED_AT, None)
    if failed_at is not None and time.monotonic() - failed_at < client.retry_after:
        raise redis.ConnectionError("Redis failed moments ago; it is not tried again yet.")
    try:
        return call(*args, **kwargs)
    except (redis.ConnectionError, redis.TimeoutError) as error:
        setattr(pool, FAILED_AT, time.monotonic())
        logger.warning(
            "The shared cache is unreachable (%s); requests go without it for %g s.",
            error,
            client.retry_after,
        )
        raise
    except redis.ResponseError as error:
        # Redis answered, but refused (out of memory, read-only replica, ...): the command is
        # dropped like any other cache error, and said here, as django-redis logs none.
        logger.error("The shared cache refused a command: %s", error)
        raise


class PausingRedis(redis.Redis):
    """A Redis client that, once Redis has failed to answer, leaves it alone for a few seconds.

    Each attempt on a Redis that drops packets or hangs costs the full timeout, and one request
    makes several (the API's response cache, Wagtail's site paths and renditions, search's
    synonyms and promotions, ...): without the pause each request would wait seconds. With it,
    one request per process and pause pays the timeout, and the others skip the cache at once.
    """

    def __init__(self, *args, retry_after=RETRY_AFTER, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after

    def execute_command(self, *args, **options):
        return _guarded(self, super().execute_command, *args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        pipeline = PausingPipeline(
            self.connection_pool, self.response_callbacks, transaction, shard_hint
        )
        pipeline.retry_after = self.retry_after
        return pipeline


class PausingPipeline(Pipeline):
    """``PausingRedis``'s pipeline: its commands are queued, and sent (or skipped) together."""

    retry_after = RETRY_AFTER

    def execute(self, raise_on_error=True):
        return _guarded(self, super().execute, raise_on_error)


# The table of production's fallback cache, made by cms/migrations so that no operator step is
# needed; it exists on every database, used or not.
DATABASE_CACHE_TABLE = "troms_cache"


class DatabaseCache(BaseDatabaseCache):
    """Django's database cache, with an ``incr`` that concurrent workers cannot both win.

    Django's own ``incr`` is a read followed by a write: two workers counting the same feedback
    submission limit at once could both read 2 and both write 3. Here the row is locked first
    (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions, see
    settings.base, take the database's write lock when the transaction begins).
    """

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 -- the table's quoted name, from settings
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version=version)
