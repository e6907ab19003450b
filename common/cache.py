"""The shared cache (Redis in production), answering `ServiceUnavailable` when it cannot be reached.

A request that needs the cache cannot be served without it; saying so (SERVICE_UNAVAILABLE, HTTP 503) lets
clients and load balancers retry, where the raw redis error would be a masked 500.
"""

from collections.abc import Callable
from typing import TypeVar

from redis import exceptions as redis_errors

from common.errors import ServiceUnavailable

T = TypeVar("T")


def cache_or_unavailable(operation: Callable[[], T]) -> T:
    """Run `operation` (some calls on django.core.cache.cache); a down or silent Redis raises ServiceUnavailable."""
    try:
        return operation()
    except (redis_errors.ConnectionError, redis_errors.TimeoutError) as error:
        raise ServiceUnavailable() from error
