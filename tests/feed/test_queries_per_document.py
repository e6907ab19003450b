"""The number of SQL queries of a request depends on its document, never on the data (DESIGN.md).

Each case runs one document over a small and a large parent page (2 and 20 posts, 1 and 50 comments, 2 and 20
accounts...) and the two must cost the same number of queries. Every connection and list field of the schema
has a case: `test_every_connection_and_list_field_has_a_query_count_case` fails when a new one has none.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, build_schema, get_named_type
from strawberry.printer import print_schema

from accounts.models import User
from feed.models import Hashtag
from instaclone.schema import schema
from tests.factories import global_id

from . import worlds
from .page_operations import COMMENT, CONN, ENTITIES, POST, USER, page


def counted(gql, document: str, variables: dict, token: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        result = gql(document, variables, token=token)
    assert "errors" not in result, result["errors"]
    return len(queries), result["data"]


def nested_cursor(gql, world, parent_type: str, parent, field: str, position: int = 0) -> str:
    """The cursor of the `position`th item of `field` under `parent` alone (the single-parent path)."""
    document = f"query($id: ID!) {{ node(id: $id) {{ ... on {parent_type} {{ {page(field, 'id', first=10)} }} }} }}"
    edges = gql(document, {"id": global_id(parent_type, parent)}, token=world.token)["data"]["node"][field]["edges"]
    return edges[position]["cursor"]


@dataclass(frozen=True)
class Case:
    name: str
    covers: tuple[str, ...]  # "Type.field" of every connection and list field the document reads under a list
    world: Callable[[int], worlds.World]
    scales: tuple[int, int]
    document: Callable[[object, worlds.World], tuple[str, dict]]


def _posts(selection: str) -> Callable:
    return lambda gql, world: (f"{{ posts(first: 20) {{ edges {{ node {{ id {selection} }} }} }} }}", {})


def _post_comments(selection: str) -> Callable:
    document = (
        f"query($id: ID!) {{ post(id: $id) {{ comments(first: 50) {{ edges {{ node {{ id {selection} }} }} }} }} }}"
    )
    return lambda gql, world: (document, {"id": global_id("Post", world.posts[0])})


def _users(selection: str) -> Callable:
    return lambda gql, world: (
        f'{{ users(search: "grid.", first: 20) {{ edges {{ node {{ id {selection} }} }} }} }}',
        {},
    )


def _one_post(selection: str) -> Callable:
    return lambda gql, world: (
        f"query($id: ID!) {{ post(id: $id) {{ id {selection} }} }}",
        {"id": global_id("Post", world.posts[-1])},
    )


def _posts_after(field: str, node: str) -> Callable:
    """`field` under every post, after the cursor of the middle post's first item."""

    def document(gql, world):
        after = nested_cursor(gql, world, "Post", world.posts[len(world.posts) // 2], field)
        return _posts(page(field, node, after=after))(gql, world)

    return document


def _comments_after(field: str, node: str) -> Callable:
    def document(gql, world):
        after = nested_cursor(gql, world, "Comment", world.comments[len(world.comments) // 2], field)
        return _post_comments(page(field, node, after=after))(gql, world)

    return document


def _users_after(field: str, node: str) -> Callable:
    def document(gql, world):
        after = nested_cursor(gql, world, "User", world.users[0], field, position=1)
        return _users(page(field, node, after=after))(gql, world)

    return document


def _root(field: str, node: str, arguments: str = "") -> Callable:
    return lambda gql, world: (f"{{ {field}({arguments}first: 20) {{ {CONN % node} }} }}", {})


POSTS = (worlds.posts_world, (2, 20))
COMMENTS = (worlds.comments_world, (1, 50))
USERS = (worlds.users_world, (2, 20))
MENTIONED = (worlds.mentioned_world, (2, 20))
ROOT = (worlds.root_world, (2, 20))

CASES = [
    Case("likes of posts", ("Post.likes",), *POSTS, _posts(page("likes", USER))),
    Case("likes of posts after a cursor", ("Post.likes",), *POSTS, _posts_after("likes", USER)),
    Case("comments of posts", ("Post.comments",), *POSTS, _posts(page("comments", COMMENT))),
    Case("comments of posts after a cursor", ("Post.comments",), *POSTS, _posts_after("comments", COMMENT)),
    Case(
        "lists of posts",
        ("Post.media", "Post.hashtags", "Post.mentions", "Post.captionEntities"),
        *POSTS,
        _posts(
            f"media {{ id url altText }} image {{ url }} hashtags {{ id name postsCount }} mentions {{ {USER} }} "
            f"captionEntities {{ {ENTITIES} }}"
        ),
    ),
    Case(
        "lists and connections of the comments of posts",
        ("Comment.likes", "Comment.replies", "Comment.mentions", "Comment.textEntities"),
        *POSTS,
        _posts(
            page(
                "comments",
                f"{COMMENT} {page('likes', USER)} {page('replies', COMMENT)} mentions {{ {USER} }} "
                f"textEntities {{ {ENTITIES} }}",
            )
        ),
    ),
    Case(
        "connections of the authors of posts",
        ("User.posts", "User.followers", "User.following"),
        *POSTS,
        _posts(f"author {{ {page('posts', POST)} {page('followers', USER)} {page('following', USER)} }}"),
    ),
    Case(
        "posts of the hashtags of posts",
        ("Hashtag.posts", "Post.hashtags"),
        *POSTS,
        _posts(f"hashtags {{ name {page('posts', POST)} }}"),
    ),
    Case(
        "connections of the accounts posts mention",
        ("User.followers", "User.following", "Post.mentions", "Post.captionEntities"),
        *POSTS,
        _posts(f"mentions {{ {page('followers', USER)} }} captionEntities {{ user {{ {page('following', USER)} }} }}"),
    ),
    Case(
        "likes, replies and lists of a post's comments",
        ("Comment.likes", "Comment.replies", "Comment.mentions", "Comment.textEntities"),
        *COMMENTS,
        _post_comments(
            f"{page('likes', USER)} {page('replies', COMMENT)} mentions {{ {USER} }} textEntities {{ {ENTITIES} }}"
        ),
    ),
    Case("likes of a post's comments after a cursor", ("Comment.likes",), *COMMENTS, _comments_after("likes", USER)),
    Case(
        "replies of a post's comments after a cursor",
        ("Comment.replies",),
        *COMMENTS,
        _comments_after("replies", COMMENT),
    ),
    Case(
        "connections of found accounts, private ones among them",
        ("User.posts", "User.followers", "User.following"),
        *USERS,
        _users(f"{page('posts', POST)} {page('followers', USER)} {page('following', USER)}"),
    ),
    Case("posts of found accounts after a cursor", ("User.posts",), *USERS, _users_after("posts", POST)),
    Case("followers of found accounts after a cursor", ("User.followers",), *USERS, _users_after("followers", USER)),
    Case("following of found accounts after a cursor", ("User.following",), *USERS, _users_after("following", USER)),
    Case(
        "every list three levels down",
        ("User.posts", "Post.media", "Post.hashtags", "Post.mentions", "Post.likes", "Post.comments"),
        *USERS,
        _users(
            page(
                "posts",
                f"{POST} media {{ url }} hashtags {{ name }} mentions {{ {USER} }} {page('likes', USER)} "
                + page("comments", COMMENT),
            )
        ),
    ),
    Case(
        "connections of the accounts and hashtags of one post",
        ("Post.mentions", "Post.hashtags", "Post.captionEntities", "User.followers", "User.posts", "Hashtag.posts"),
        *MENTIONED,
        _one_post(
            f"mentions {{ {page('followers', USER)} {page('posts', POST)} }} hashtags {{ {page('posts', POST)} }} "
            f"captionEntities {{ user {{ {page('followers', USER)} }} hashtag {{ {page('posts', POST)} }} }}"
        ),
    ),
    Case("posts", ("Query.posts",), *ROOT, _root("posts", f"{POST} author {{ {USER} }} media {{ url }}")),
    Case("feed", ("Query.feed",), *ROOT, _root("feed", f"{POST} author {{ {USER} }} hashtags {{ name }}")),
    Case("saved posts", ("Query.savedPosts",), *ROOT, _root("savedPosts", f"{POST} mentions {{ id }}")),
    Case("hashtags found", ("Query.hashtags",), *ROOT, _root("hashtags", "id name postsCount", 'search: "root", ')),
    Case(
        "posts of the hashtags found",
        ("Query.hashtags", "Hashtag.posts"),
        *ROOT,
        _root("hashtags", f"name {page('posts', POST)}", 'search: "root", '),
    ),
    Case("accounts found", ("Query.users",), *ROOT, _root("users", USER, 'search: "found.", ')),
    Case("follow requests", ("Query.followRequests",), *ROOT, _root("followRequests", f"{USER} {page('posts', POST)}")),
    Case(
        "notifications",
        ("Query.notifications",),
        *ROOT,
        _root(
            "notifications",
            f"id kind actor {{ {USER} {page('followers', USER)} }} post {{ {POST} {page('likes', USER)} }} "
            f"comment {{ {COMMENT} {page('likes', USER)} mentions {{ id }} }}",
        ),
    ),
]


def _list_fields() -> set[str]:
    """`Type.field` for every field reachable from Query that returns a connection or a list of objects,
    the connections' own `edges` aside."""
    found, seen, todo = set(), set(), [build_schema(print_schema(schema)).query_type]
    while todo:
        graphql_type = todo.pop()
        if graphql_type.name in seen:
            continue
        seen.add(graphql_type.name)
        for name, field in graphql_type.fields.items():
            target = get_named_type(field.type)
            nullable = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            is_list = isinstance(nullable, GraphQLList)
            if target.name.endswith("Connection") or (is_list and not graphql_type.name.endswith("Connection")):
                found.add(f"{graphql_type.name}.{name}")
            if isinstance(target, GraphQLObjectType):
                todo.append(target)
            for possible in getattr(target, "types", ()):  # an interface's implementations are not walked here
                todo.append(possible)
    return found


def test_every_connection_and_list_field_has_a_query_count_case():
    covered = {name for case in CASES for name in case.covers}
    missing = sorted(_list_fields() - covered)
    assert not missing, f"no query-count case reads {missing} under a list of parents"


@pytest.mark.parametrize("case", CASES, ids=[case.name.replace(" ", "_").replace(",", "") for case in CASES])
def test_the_same_document_costs_the_same_queries_over_few_and_many_parents(gql, case):
    counts = []
    for scale in case.scales:
        world = case.world(scale)
        document, variables = case.document(gql, world)
        count, _ = counted(gql, document, variables, world.token)
        counts.append(count)
        _clear()
    small, large = case.scales
    assert counts[0] == counts[1], f"{case.name}: {counts[0]} queries over {small}, {counts[1]} over {large}"


def _clear() -> None:
    User.objects.all().delete()
    Hashtag.objects.all().delete()
