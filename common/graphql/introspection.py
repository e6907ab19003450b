"""Introspection only where `settings.GRAPHQL_INTROSPECTION` allows it (by default, when DEBUG is on).

In production the published contract is `schema.graphql`; a stranger asking `__schema` or `__type` gets a
validation error instead of a map of every type. `__typename` stays: clients need it for unions. The
setting is read per request, so GraphiQL in development and tests can turn it on and off.
"""

from collections.abc import Iterator

from django.conf import settings
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension


class IntrospectionSwitch(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        if not settings.GRAPHQL_INTROSPECTION:
            context = self.execution_context
            context.validation_rules = (*context.validation_rules, NoSchemaIntrospectionCustomRule)
        yield
