"""Failure counters in the Django cache, so every worker behind the load balancer sees the same count."""

from django.core.cache import cache


def throttle_count(key: str) -> int:
    return cache.get(_key(key), 0)


def throttle_hit(key: str, *, window_seconds: int) -> int:
    """Count one more failure; the window starts at the first failure and ends `window_seconds` later."""
    cache.add(_key(key), 0, timeout=window_seconds)
    try:
        return cache.incr(_key(key))
    except ValueError:  # the window expired between add and incr
        cache.add(_key(key), 1, timeout=window_seconds)
        return 1


def throttle_reset(key: str) -> None:
    cache.delete(_key(key))


def _key(key: str) -> str:
    return f"throttle:{key}"
