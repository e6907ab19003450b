"""The connection every list uses: keyset cursors, `first` 20 by default (said in the schema) and at most 100."""

import dataclasses
from typing import Any

import strawberry
import strawberry_django
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from strawberry import relay

from .errors import BadUserInput
from .internals import (
    DjangoConnectionExtension,
    DjangoCursorConnection,
    DjangoCursorEdge,
    OrderedCollectionCursor,
    annotate_ordering_fields,
    is_optimized_by_prefetching,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
INVALID_CURSOR = "Invalid cursor."
_KNOWN_TOTAL_COUNT = "_known_total_count"
_WHOLE_LIST = "_whole_list"


@strawberry.type
class Connection(DjangoCursorConnection[relay.NodeType]):
    """Named `<Node>Connection` in the schema (`PostConnection`, `UserConnection`...)."""

    @classmethod
    def resolve_connection(cls, nodes, *, info, first=None, last=None, after=None, max_results=None, **kwargs: Any):
        if first is None and last is None:
            first = DEFAULT_PAGE_SIZE
        for name, size in (("first", first), ("last", last)):
            if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
                raise BadUserInput(f"`{name}` is 0 to {MAX_PAGE_SIZE}.")
        if isinstance(nodes, QuerySet) and not is_optimized_by_prefetching(nodes):
            for cursor in (after, kwargs.get("before")):
                if cursor is not None:
                    _cursor_values(nodes, cursor)
            if after:
                nodes = _bounded_by_leading_key(nodes, after)
        return super().resolve_connection(
            nodes, info=info, first=first, last=last, after=after, max_results=MAX_PAGE_SIZE, **kwargs
        )

    @strawberry.field(description="Total quantity of existing nodes.")
    def total_count(self) -> int:
        known = getattr(self.total_count_qs, _KNOWN_TOTAL_COUNT, None)
        if known is not None:
            return known
        # The whole list, not the part the leading-key bound of an `after` page leaves.
        whole = getattr(self.total_count_qs, _WHOLE_LIST, self.total_count_qs)
        return DjangoCursorConnection.total_count(dataclasses.replace(self, total_count_qs=whole))


class _PageSizeInSchema(DjangoConnectionExtension):
    """strawberry-django's connection arguments, with `first`'s default and bound written in the schema."""

    def apply(self, field) -> None:
        super().apply(field)
        for argument in field.arguments:
            if argument.python_name == "first":
                argument.default = DEFAULT_PAGE_SIZE
                argument.description = f"How many items to return: {DEFAULT_PAGE_SIZE} unless said, at most 100."


def connection(graphql_type, **options):
    """`strawberry_django.connection` with the page size of this API."""
    field = strawberry_django.connection(graphql_type, **options)
    field.extensions = [
        _PageSizeInSchema(max_results=MAX_PAGE_SIZE) if isinstance(extension, DjangoConnectionExtension) else extension
        for extension in field.extensions
    ]
    return field


def edge_for(instance: Model, ordering: QuerySet) -> DjangoCursorEdge:
    """The edge `instance` has in a list ordered like `ordering`, cursor included (`postEdge` of a payload)."""
    _, descriptors, _ = annotate_ordering_fields(ordering)
    return DjangoCursorEdge.resolve_edge(instance, cursor=OrderedCollectionCursor.from_model(instance, descriptors))


def total_count_known(queryset: QuerySet, total: int | None) -> None:
    """Give a nested page's total count (common.graphql.prefetch), read with its rows, to `totalCount`: an empty
    page would otherwise count its list with a query of its own."""
    if total is not None:
        setattr(queryset, _KNOWN_TOTAL_COUNT, total)


def _cursor_values(queryset: QuerySet, cursor: str) -> list:
    _, descriptors, _ = annotate_ordering_fields(queryset)
    try:
        return OrderedCollectionCursor.from_cursor(cursor, descriptors).field_values
    except (ValueError, TypeError):
        # binascii and JSON errors describe our encoding ("Invalid base64-encoded string..."): say it plainly.
        raise BadUserInput(INVALID_CURSOR) from None


def _bounded_by_leading_key(queryset: QuerySet, after: str) -> QuerySet:
    """Add `created_at <= cursor's created_at` (for a newest-first list) beside strawberry-django's keyset
    filter. Its filter is `a < x OR (a = x AND id < y)`, which PostgreSQL cannot use as an index bound, so a
    deep page scanned every newer row (55 ms at the 90,000th post); with the bound it starts at the cursor
    (0.2 ms), and the 5,000th page costs what the first does."""
    ordering = queryset.query.order_by
    if not ordering or not isinstance(ordering[0], str):
        return queryset
    name = ordering[0].lstrip("-")
    try:
        if queryset.model._meta.get_field(name).null:
            return queryset  # rows with NULL would fall outside the bound
    except FieldDoesNotExist:
        pass  # an alias (a joined link's time): ours are never NULL
    value = _cursor_values(queryset, after)[0]
    if value is None:
        return queryset
    lookup = "lte" if ordering[0].startswith("-") else "gte"
    bounded = queryset.filter(**{f"{name}__{lookup}": value})
    setattr(bounded, _WHOLE_LIST, queryset)
    return bounded
