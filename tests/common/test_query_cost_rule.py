"""The cost rule on every operation type, on a small schema of its own: mutations and subscriptions can
return objects that hold connections, and they are counted as queries are, before any resolver runs."""

import asyncio
from collections.abc import AsyncGenerator

import strawberry
from graphql import ExecutionResult

from common.graphql.cost import QueryCostLimiter

CALLS: list[str] = []


@strawberry.type
class PageInfo:
    has_next_page: bool = False


@strawberry.type
class ItemEdge:
    node: "Item"


@strawberry.type
class ItemConnection:
    edges: list[ItemEdge]
    page_info: PageInfo


def items(first: int | None = None) -> ItemConnection:
    CALLS.append("items")
    return ItemConnection(edges=[], page_info=PageInfo())


@strawberry.type
class Item:
    id: int = 1
    children: ItemConnection = strawberry.field(resolver=items)


@strawberry.type
class Query:
    items: ItemConnection = strawberry.field(resolver=items)


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> Item:
        CALLS.append("touch")
        return Item()


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def changed(self) -> AsyncGenerator[Item, None]:
        CALLS.append("changed")
        yield Item()


schema = strawberry.Schema(
    query=Query, mutation=Mutation, subscription=Subscription, extensions=[lambda: QueryCostLimiter(max_cost=100)]
)
NESTED = "touch { children(first: 10) { edges { node { children(first: 10) { edges { node { id } } } } } } }"


def cost_error(result: ExecutionResult) -> dict:
    [error] = result.errors
    return error.extensions


def test_a_mutation_returning_nested_connections_is_refused_before_it_runs():
    CALLS.clear()
    result = schema.execute_sync(f"mutation {{ {NESTED} }}")
    assert cost_error(result) == {"code": "QUERY_TOO_COMPLEX", "cost": 10 + 10 * 10, "maxCost": 100}
    assert result.data is None
    assert CALLS == []


def test_a_mutation_within_the_limit_runs():
    CALLS.clear()
    result = schema.execute_sync("mutation { touch { children(first: 90) { edges { node { id } } } } }")
    assert result.errors is None
    assert CALLS == ["touch", "items"]


def test_a_subscription_returning_nested_connections_is_refused_before_it_starts():
    CALLS.clear()

    async def first_result():
        stream = await schema.subscribe(f"subscription {{ {NESTED.replace('touch', 'changed')} }}")
        if isinstance(stream, ExecutionResult):
            return stream
        return await anext(stream)

    result = asyncio.run(first_result())
    assert cost_error(result)["cost"] == 110
    assert CALLS == []


def test_only_the_operation_asked_for_is_counted():
    document = f"query Cheap {{ items(first: 5) {{ edges {{ node {{ id }} }} }} }} mutation Costly {{ {NESTED} }}"
    assert schema.execute_sync(document, operation_name="Cheap").errors is None
    assert cost_error(schema.execute_sync(document, operation_name="Costly"))["cost"] == 110


def test_a_fragment_spread_at_every_level_is_counted_once_per_spread_without_walking_each_copy():
    """Twenty fragments that each spread the next twice stand for 2^20 copies of one page: counted, not walked."""
    fragments = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(20))
    page = "fragment F20 on Query { items(first: 1) { edges { node { id } } } }"
    document = f"query {{ ...F0 }} {fragments} {page}"
    assert cost_error(schema.execute_sync(document))["cost"] == 2**20
