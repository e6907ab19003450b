"""Attempt counters in the Django cache, so every worker behind the load balancer sees the same count.

Checking a count and then adding to it lets concurrent attempts all read the same count before any of them
adds (20 concurrent wrong logins against a limit of 10 were all let through). So an attempt is counted first,
with the cache's atomic `add`/`incr`, and the count it was given decides: of N concurrent attempts against a
limit of L, exactly L are given a count of at most L.

When the cache cannot be reached nothing can be counted, so nothing is let through: `ServiceUnavailable`.
"""

from django.core.cache import cache

from common.cache import cache_or_unavailable


def throttle_take(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; say whether it is within `limit` for the window that its key's first count began."""
    return cache_or_unavailable(lambda: _count(_key(key), window_seconds)) <= limit


def throttle_give_back(key: str) -> None:
    """Uncount one attempt that turned out not to count (a correct password gives its slot back)."""
    cache_or_unavailable(lambda: _uncount(_key(key)))


def throttle_reset(key: str) -> None:
    cache_or_unavailable(lambda: cache.delete(_key(key)))


def _count(key: str, window_seconds: int) -> int:
    while True:
        if cache.add(key, 1, timeout=window_seconds):
            return 1
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr: try again to start the next one
            continue
        if count == 1:
            # An existing counter is at least 1, so the key expired just before Redis's INCR, which then made
            # it anew without an expiry: give it one, or the count would never end.
            cache.touch(key, timeout=window_seconds)
        return count


def _uncount(key: str) -> None:
    try:
        count = cache.decr(key)
    except ValueError:  # the window ended meanwhile: nothing left to give back
        return
    if count < 0:  # as in _count: the key expired just before DECR, which made it anew with no expiry
        cache.delete(key)


def _key(key: str) -> str:
    return f"throttle:{key}"
