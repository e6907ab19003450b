"""A connection under a list of parents (loaded for all of them at once, common.graphql.prefetch) answers what
the same connection answers under each parent alone (its own keyset query): the same items, cursors, page
info and total count, for a first page, a page after a cursor and a page before one, and the privacy rule per
parent row."""

from dataclasses import dataclass

import pytest

from feed.models import Follow
from tests.factories import global_id

from . import worlds
from .page_operations import COMMENT, CONN, POST, USER


@dataclass(frozen=True)
class Nested:
    parent_type: str
    field: str
    node: str
    world: object
    parents: str  # a document listing the parents, `%s` where each parent's selection goes
    objects: object  # the parents, from the world

    def under_list(self, gql, world, arguments: str) -> dict:
        document = self.parents % f"id {self.field}({arguments}) {{ {CONN % self.node} }}"
        result = gql(
            document, {"id": global_id("Post", world.posts[0])} if "$id" in document else {}, token=world.token
        )
        assert "errors" not in result, result["errors"]
        found = {}
        _collect(result["data"], self.field, found)
        return found

    def alone(self, gql, world, parent, arguments: str) -> dict:
        document = (
            f"query($id: ID!) {{ node(id: $id) {{ ... on {self.parent_type} {{ "
            f"{self.field}({arguments}) {{ {CONN % self.node} }} }} }} }}"
        )
        result = gql(document, {"id": global_id(self.parent_type, parent)}, token=world.token)
        assert "errors" not in result, result["errors"]
        return result["data"]["node"][self.field]


def _collect(data, field: str, found: dict) -> None:
    """Every object of the response that carries `field`, by its id."""
    if isinstance(data, dict):
        if field in data and "id" in data:
            found[data["id"]] = data[field]
        for value in data.values():
            _collect(value, field, found)
    elif isinstance(data, list):
        for value in data:
            _collect(value, field, found)


POSTS_PAGE = "{ posts(first: 20) { edges { node { %s } } } }"
COMMENTS_PAGE = "query($id: ID!) { post(id: $id) { comments(first: 50) { edges { node { %s } } } } }"
USERS_PAGE = '{ users(search: "grid.", first: 20) { edges { node { %s } } } }'
HASHTAGS_PAGE = "query($id: ID!) { post(id: $id) { hashtags { %s } } }"

NESTED = [
    Nested("Post", "likes", USER, worlds.posts_world, POSTS_PAGE, lambda w: w.posts),
    Nested("Post", "comments", COMMENT, worlds.posts_world, POSTS_PAGE, lambda w: w.posts),
    Nested("Comment", "likes", USER, worlds.comments_world, COMMENTS_PAGE, lambda w: w.comments),
    Nested("Comment", "replies", COMMENT, worlds.comments_world, COMMENTS_PAGE, lambda w: w.comments),
    Nested("User", "posts", POST, worlds.users_world, USERS_PAGE, lambda w: w.users),
    Nested("User", "followers", USER, worlds.users_world, USERS_PAGE, lambda w: w.users),
    Nested("User", "following", USER, worlds.users_world, USERS_PAGE, lambda w: w.users),
    Nested("Hashtag", "posts", POST, worlds.mentioned_world, HASHTAGS_PAGE, lambda w: w.posts[0].hashtags.all()),
]


def _id(nested: Nested, parent) -> str:
    return global_id(nested.parent_type, parent)


@pytest.mark.parametrize("nested", NESTED, ids=[f"{n.parent_type}.{n.field}" for n in NESTED])
def test_a_nested_page_equals_the_same_page_read_under_its_parent_alone(gql, nested):
    world = nested.world(4)
    parents = list(nested.objects(world))
    # A cursor from the middle of one parent's list, read under every parent: some lists have items past it,
    # some have none.
    middle = nested.alone(gql, world, parents[len(parents) // 2], "first: 10")["edges"]
    cursor = middle[len(middle) // 2]["cursor"]
    for arguments in ("first: 2", f'first: 2, after: "{cursor}"', f'last: 2, before: "{cursor}"', "last: 1"):
        listed = nested.under_list(gql, world, arguments)
        assert set(listed) >= {_id(nested, parent) for parent in parents}, arguments
        for parent in parents:
            assert listed[_id(nested, parent)] == nested.alone(gql, world, parent, arguments), (arguments, parent)
    assert any(listed[_id(nested, parent)]["edges"] for parent in parents)


def test_the_lists_of_a_private_account_show_under_a_list_only_to_its_approved_followers(gql):
    world = worlds.users_world(4)  # grid.01 and grid.03 are private; the viewer follows grid.01
    lists = ("posts", "followers", "following")
    selection = " ".join(f"{name}(first: 5) {{ totalCount edges {{ node {{ id }} }} }}" for name in lists)
    document = USERS_PAGE % f"username {selection}"
    edges = gql(document, token=world.token)["data"]["users"]["edges"]
    shown = {e["node"]["username"]: [e["node"][name]["totalCount"] for name in lists] for e in edges}
    assert shown == {"grid.00": [2, 3, 3], "grid.01": [2, 4, 3], "grid.02": [2, 3, 3], "grid.03": [0, 0, 0]}
    assert Follow.objects.filter(following__username="grid.03").count() == 3  # hidden, not missing
    anonymous = gql(document)["data"]["users"]["edges"]
    assert {e["node"]["username"]: e["node"]["followers"]["totalCount"] for e in anonymous} == {
        "grid.00": 3,
        "grid.01": 0,
        "grid.02": 3,
        "grid.03": 0,
    }
