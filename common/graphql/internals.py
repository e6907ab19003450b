"""What this project borrows from strawberry's and strawberry-django's internals, in one place.

Checked against strawberry-graphql 0.341.2 and strawberry-graphql-django 0.93.0 (requirements.txt). These names
are not in the libraries' documented API, so an upgrade reads this file first: the prefetch hint, the keyset
bound, the payload edges and the page-size argument lean on them. The nested pages (prefetch.py) build their
cursor conditions with `build_tuple_compare` and give accounts listed through links `OrderingDescriptor`s of
their own (its fields `attname`, `order_by`, `maybe_null`, as of 0.93.0).

The fast fields (fast_fields.py) set resolvers on the graphql-core schema strawberry builds, and recognise
strawberry-django's field class and its way of reading ids.
"""

from cross_web import HTTPException  # what strawberry's views raise to refuse a request
from graphql import get_argument_values
from graphql.execution.values import VariableValues
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.nodes import get_variable_values
from strawberry_django.fields.base import StrawberryDjangoFieldBase
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
from strawberry_django.relay.utils import resolve_model_id

__all__ = [
    "DjangoConnectionExtension",
    "DjangoCursorConnection",
    "DjangoCursorEdge",
    "HTTPException",
    "OrderedCollectionCursor",
    "OrderingDescriptor",
    "StrawberryDjangoFieldBase",
    "VariableValues",
    "annotate_ordering_fields",
    "build_tuple_compare",
    "get_argument_values",
    "get_queryset_config",
    "get_variable_values",
    "graphql_core_schema",
    "is_optimized_by_prefetching",
    "mark_optimized_by_prefetching",
    "optimize",
    "optimizer",
    "resolve_model_id",
    "strawberry_field_of",
]


def graphql_core_schema(schema):
    """The graphql-core schema a strawberry schema builds (`Schema._schema`)."""
    return schema._schema


def strawberry_field_of(graphql_field):
    """The strawberry field a graphql-core field was made from."""
    return graphql_field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
