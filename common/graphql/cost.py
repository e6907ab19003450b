"""The query cost limit: a document's worst-case number of nodes, counted before anything runs.

Depth, alias and token limits all let `posts(first:100){…comments(first:100){…likes(first:100)…}}` through:
190 bytes that asked for a million nodes and held a worker 29 s on 10,003 SQL queries. Each connection
(an object type with `edges` and `pageInfo`) may return as many nodes as its page size, once for every node
of the connections above it, so a connection costs the product of the page sizes on its path, and the
document costs the sum over its connections (aliases and fragments included). Other fields cost nothing but
pass their parent's multiplier down. Page sizes come from the literal or the variables, 20 when absent, and
count at most 100 (more is refused when the page is read).

It is a validation rule, so an expensive document is refused with the other invalid ones and no resolver
runs. The rule is built per operation because `first` may be a variable, which validation alone cannot see:
a validation cache keyed on the document alone would be wrong for it.
"""

from collections.abc import Collection, Iterator, Mapping
from math import isfinite
from typing import Any

from graphql import (
    DefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    ValueNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

from .operations import operation_to_run
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"


class QueryCostLimiter(SchemaExtension):
    """Refuses an operation whose worst-case node count is above `max_cost`, before execution."""

    def __init__(self, *, max_cost: int, list_bounds: Mapping[str, int] | None = None):
        self.max_cost = max_cost
        self.list_bounds = list_bounds or {}

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        variables = context.variables if isinstance(context.variables, Mapping) else {}
        rule = _cost_rule(
            self.max_cost, variables=variables, operation_name=context.operation_name, list_bounds=self.list_bounds
        )
        context.validation_rules = (*context.validation_rules, rule)
        yield


def _cost_rule(
    max_cost: int, *, variables: Mapping[str, Any], operation_name: str | None, list_bounds: Mapping[str, int]
) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        reads_variables = True  # made again, alone, for a document whose validation is remembered (persisted.py)

        def __init__(self, context: ValidationContext):
            super().__init__(context)
            operation = operation_to_run(context.document, operation_name)
            if operation is None:
                return  # no operation to run: graphql-core says why
            cost = query_cost(context.schema, operation, context.document.definitions, variables, list_bounds)
            if cost > max_cost:
                context.report_error(
                    GraphQLError(
                        f"This query may return {cost} nodes; at most {max_cost} are allowed. "
                        "Ask for smaller pages or fewer nested connections.",
                        operation,
                        extensions={"code": QUERY_TOO_COMPLEX, "cost": cost, "maxCost": max_cost},
                    )
                )

    return QueryCostRule


def query_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    definitions: Collection[DefinitionNode],
    variables: Mapping[str, Any],
    list_bounds: Mapping[str, int] | None = None,
) -> int:
    """The worst-case number of connection nodes `operation` can return with these variables."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    defaults = {
        definition.variable.name.value: definition.default_value for definition in operation.variable_definitions or ()
    }
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    counter = _Counter(schema, fragments, variables, defaults, list_bounds or {})
    return counter.selection_set(operation.selection_set, root)


class _Counter:
    """Cost is linear in the multiplier, so each selection set is counted once for a multiplier of 1 and
    scaled by its parent: a fragment spread a thousand times (or nested to double at every level) is counted
    once, and the walk stays as long as the document."""

    def __init__(self, schema, fragments, variables, defaults, list_bounds):
        self.schema = schema
        self.list_bounds: Mapping[str, int] = list_bounds
        self.fragments: dict[str, FragmentDefinitionNode] = fragments
        self.variables: Mapping[str, Any] = variables
        self.defaults: dict[str, ValueNode | None] = defaults
        self.fragment_costs: dict[str, int] = {}
        self.entered: set[str] = set()  # fragment cycles are refused by validation; here they count nothing

    def selection_set(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None) -> int:
        if selection_set is None or parent is None:
            return 0
        cost = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                cost += self.selection_set(selection.selection_set, target)
            elif isinstance(selection, FragmentSpreadNode):
                cost += self.fragment(selection.name.value)
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        definition = getattr(parent, "fields", {}).get(node.name.value)
        if definition is None:
            return 0  # `__typename`, introspection, or an unknown field that validation refuses
        returned = get_named_type(definition.type)
        below = self.selection_set(node.selection_set, returned)
        if not _is_connection(returned):
            # A plain list (`media`, `mentions`, `hashtags`) multiplies what is nested in it by its bound: a
            # connection under `hashtags` under a page of posts was counted once and answered 147,000 nodes.
            # (A connection's own `edges` are its page, counted above.)
            plain_list = _is_list(definition) and not _is_connection(parent)
            return below * (self.list_bounds.get(node.name.value, MAX_PAGE_SIZE) if plain_list else 1)
        size = self.page_size(node, definition)
        return size + size * below

    def fragment(self, name: str) -> int:
        if name in self.fragment_costs:
            return self.fragment_costs[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.entered:
            return 0
        self.entered.add(name)
        target = self.schema.get_type(definition.type_condition.name.value)
        cost = self.selection_set(definition.selection_set, target)
        self.entered.discard(name)
        self.fragment_costs[name] = cost
        return cost

    def page_size(self, node: FieldNode, definition: GraphQLField) -> int:
        arguments = {argument.name.value: argument.value for argument in node.arguments or ()}
        first, last = self.value(arguments.get("first")), self.value(arguments.get("last"))
        size = first if first is not None else last
        if size is None:
            declared = definition.args.get("first")
            default = declared.default_value if declared else None
            size = default if isinstance(default, int) else DEFAULT_PAGE_SIZE
        return min(max(size, 0), MAX_PAGE_SIZE)

    def value(self, node: ValueNode | None) -> int | None:
        if isinstance(node, VariableNode):
            name = node.name.value
            if name in self.variables:
                value = self.variables[name]
                # graphql-core coerces 100.0 to 100; anything else that is not a number never reads a page.
                if isinstance(value, (int, float)) and not isinstance(value, bool) and isfinite(value):
                    return int(value)
                return None
            node = self.defaults.get(name)
        if isinstance(node, IntValueNode):
            # Python refuses to parse an integer of thousands of digits; such a page is refused anyway.
            return int(node.value) if len(node.value) <= 10 else MAX_PAGE_SIZE
        return None  # null, absent, or not an integer (refused by validation)


def _is_list(definition: GraphQLField) -> bool:
    field_type = definition.type
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)


def _is_connection(named_type: GraphQLNamedType) -> bool:
    return isinstance(named_type, GraphQLObjectType) and {"edges", "pageInfo"} <= named_type.fields.keys()
