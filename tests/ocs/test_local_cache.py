"""Without Redis, remembered credentials live in each process's memory: enough of them that
the active accounts of a busy server are not evicted (an eviction costs a password hash)."""

import pytest
from django.conf import settings
from django.core.cache import caches


def test_the_local_cache_keeps_many_thousands_of_credentials():
    if "RedisCache" in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("REDIS_URL is set: the shared cache has no entry limit of its own")
    cache = caches["default"]
    assert cache._max_entries >= 50_000
    cache.set_many({f"credential-{i}": i for i in range(1_000)})
    assert cache.get("credential-0") == 0
