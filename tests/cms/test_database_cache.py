"""Production's database cache (without CACHE_URL): its counter, as the rate limit uses it."""

import pytest

from cms.caches import DATABASE_CACHE_TABLE, DatabaseCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache():
    cache = DatabaseCache(DATABASE_CACHE_TABLE, {})
    yield cache
    cache.clear()


def test_the_cache_table_exists_after_migrate_and_counts(cache):
    assert cache.add("limit", 0, timeout=60)
    assert not cache.add("limit", 0, timeout=60)

    assert [cache.incr("limit") for _ in range(3)] == [1, 2, 3]
    assert cache.incr("limit", 2) == 5
    assert cache.get("limit") == 5


def test_counting_a_missing_key_is_refused_as_django_does(cache):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("absent")
