"""Per-viewer flags (`meLiked`, `isFollowedByMe`) read from an annotation the optimizer adds to the page
query. An object that did not come from such a query (a mutation's result) asks the database once."""

from collections.abc import Callable


def annotated_flag(obj, name: str, fallback: Callable[[], bool]) -> bool:
    value = getattr(obj, name, None)
    return bool(value) if value is not None else fallback()
