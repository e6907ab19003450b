"""What this project borrows from strawberry's and strawberry-django's internals, in one place.

Checked against strawberry-graphql 0.341.2 and strawberry-graphql-django 0.93.0 (requirements.txt). These names
are not in the libraries' documented API, so an upgrade reads this file first: the prefetch hint, the keyset
bound, the payload edges and the page-size argument lean on them. The nested pages (prefetch.py) build their
cursor conditions with `build_tuple_compare` and give accounts listed through links `OrderingDescriptor`s of
their own (its fields `attname`, `order_by`, `maybe_null`, as of 0.93.0).
"""

from cross_web import HTTPException  # what strawberry's views raise to refuse a request
from graphql import get_argument_values
from graphql.execution.values import VariableValues
from strawberry.types.nodes import get_variable_values
from strawberry_django.fields.field import StrawberryDjangoConnectionExtension as DjangoConnectionExtension
from strawberry_django.optimizer import is_optimized_by_prefetching, mark_optimized_by_prefetching, optimize, optimizer
from strawberry_django.queryset import get_queryset_config
from strawberry_django.relay import DjangoCursorConnection
from strawberry_django.relay.cursor_connection import (
    DjangoCursorEdge,
    OrderedCollectionCursor,
    OrderingDescriptor,
    annotate_ordering_fields,
    build_tuple_compare,
)

__all__ = [
    "DjangoConnectionExtension",
    "DjangoCursorConnection",
    "DjangoCursorEdge",
    "HTTPException",
    "OrderedCollectionCursor",
    "OrderingDescriptor",
    "VariableValues",
    "annotate_ordering_fields",
    "build_tuple_compare",
    "get_argument_values",
    "get_queryset_config",
    "get_variable_values",
    "is_optimized_by_prefetching",
    "mark_optimized_by_prefetching",
    "optimize",
    "optimizer",
]
