"""strawberry-django's optimizer, without the hook it runs around every field.

`DjangoOptimizerExtension.resolve` wraps each field of each response to optimize a QuerySet that a plain
strawberry field might return. Here every list and connection is a strawberry-django field, which optimizes its
own queryset (`StrawberryDjangoField.get_queryset` asks the optimizer of the operation), so the hook only passed
values through, at about 1.5 µs a field (bench/PROFILE.md). An extension without `resolve` makes strawberry
install no field middleware at all. `lists_left_to_the_hook` names any field that would have needed it.
"""

from graphql import GraphQLList, GraphQLObjectType, get_named_type, get_nullable_type
from strawberry.extensions import SchemaExtension
from strawberry_django.optimizer import DjangoOptimizerExtension

from .internals import StrawberryDjangoFieldBase, graphql_core_schema, strawberry_field_of


class Optimizer(DjangoOptimizerExtension):
    resolve = SchemaExtension.resolve


def lists_left_to_the_hook(schema) -> list[str]:
    """Fields that list Django rows but are not strawberry-django fields: only the per-field hook would have
    optimized what they return. Declare such a field with `strawberry_django.field` instead."""
    found = []
    for graphql_type in graphql_core_schema(schema).type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for name, graphql_field in graphql_type.fields.items():
            if isinstance(strawberry_field_of(graphql_field), StrawberryDjangoFieldBase):
                continue
            if not isinstance(get_nullable_type(graphql_field.type), GraphQLList):
                continue
            item = schema.get_type_by_name(get_named_type(graphql_field.type).name)
            if hasattr(getattr(item, "origin", None), "__strawberry_django_definition__"):
                found.append(f"{graphql_type.name}.{name}")
    return found
