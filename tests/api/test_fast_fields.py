"""Fields read off the row (common.graphql.fast_fields) answer exactly what the library's resolvers answer, with
the same queries, and fall back to those resolvers when the value is not on the row."""

import json
from types import SimpleNamespace

import pytest
import strawberry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import GraphQLObjectType

from api.feed.types import PostType
from bench.operations import EXPLORE, HASHTAG_PAGE, POST_WITH_COMMENTS, PROFILE
from common.graphql.internals import graphql_core_schema
from common.graphql.optimizer import lists_left_to_the_hook
from feed import services
from feed.models import CommentLike, Follow, Post, PostLike, SavedPost
from instaclone.schema import schema
from tests.factories import CommentFactory, PostFactory, UserFactory, access_token, global_id


def _fields():
    for graphql_type in graphql_core_schema(schema).type_map.values():
        if isinstance(graphql_type, GraphQLObjectType):
            for name, field in graphql_type.fields.items():
                yield graphql_type.name, name, field


@pytest.fixture
def library_resolvers(monkeypatch):
    """The schema as strawberry and strawberry-django build it, for the duration of a block."""

    class Switch:
        def __enter__(self):
            for _, _, field in _fields():
                if hasattr(field.resolve, "library_resolver"):
                    monkeypatch.setattr(field, "resolve", field.resolve.library_resolver)

        def __exit__(self, *exc):
            monkeypatch.undo()

    return Switch()


@pytest.fixture
def world(db):
    """A viewer who follows an author, likes and saves one of her posts and likes a comment on it."""
    viewer, author = UserFactory(), UserFactory(username="author1", bio="hello")
    Follow.objects.create(follower=viewer, following=author)
    posts = [PostFactory(author=author) for _ in range(3)]
    for n, post in enumerate(posts):  # through the service, which links the hashtags and the mention
        services.post_update(user=author, post_id=post.pk, caption=f"#tag{n % 2} by @{viewer.username} {n}")
    comments = [CommentFactory(post=posts[0], author=viewer if n % 2 else author) for n in range(4)]
    PostLike.objects.create(user=viewer, post=posts[0])
    SavedPost.objects.create(user=viewer, post=posts[0])
    CommentLike.objects.create(user=viewer, comment=comments[1])
    return viewer, author, posts


def _ask(client, query, variables, token):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    return response.json(), len(queries)


@pytest.mark.parametrize("document", ["explore", "post with comments", "profile", "hashtag page"])
def test_a_page_reads_the_same_answer_with_the_same_queries_as_the_library_gives(
    client, world, library_resolvers, document
):
    viewer, author, posts = world
    query, variables = {
        "explore": (EXPLORE, {}),
        "post with comments": (POST_WITH_COMMENTS, {"id": global_id("Post", posts[0])}),
        "profile": (PROFILE, {"u": author.username}),
        "hashtag page": (HASHTAG_PAGE, {"name": "tag0"}),
    }[document]
    token = access_token(viewer)
    fast = _ask(client, query, variables, token)
    with library_resolvers:
        library = _ask(client, query, variables, token)
    assert "errors" not in fast[0]
    assert fast == library


def test_a_value_not_on_the_row_is_read_by_the_library_resolver(world, django_assert_num_queries):
    """A deferred column, a relation that was not joined and a flag that was not annotated are loaded as the
    library loads them."""
    viewer, author, posts = world
    row = Post.objects.only("id").get(pk=posts[0].pk)
    info = SimpleNamespace(context=SimpleNamespace(request=SimpleNamespace(user=viewer)))
    fields = graphql_core_schema(schema).type_map["Post"].fields
    with django_assert_num_queries(4):  # caption, author_id then the author, meLiked
        values = {name: fields[name].resolve(row, info) for name in ("caption", "author", "meLiked")}
    assert values == {"caption": f"#tag0 by @{viewer.username} 0", "author": author, "meLiked": True}


def test_columns_joined_rows_ids_viewer_flags_file_urls_and_media_are_read_off_the_row():
    fast = {f"{type_name}.{name}" for type_name, name, field in _fields() if hasattr(field.resolve, "library_resolver")}
    assert {
        "Post.id",
        "Post.caption",
        "Post.createdAt",
        "Post.likesCount",
        "Post.author",
        "Post.meLiked",
        "User.id",
        "User.username",
        "User.isFollowedByMe",
        "Comment.text",
        "Comment.parent",
        "PostMedia.width",
        "PostMedia.url",
        "User.photoUrl",
        "Post.image",
        "Post.media",
    } <= fast
    # Fields with logic of their own keep their resolvers.
    assert not {"User.email", "Post.comments", "Post.hashtags"} & fast


def test_every_list_of_rows_is_a_field_that_optimizes_its_own_queryset():
    """The optimizer runs without its per-field hook (common.graphql.optimizer): a plain strawberry field listing
    rows would go unoptimized, a query per row."""
    assert lists_left_to_the_hook(schema) == []


def test_a_plain_strawberry_field_listing_rows_is_named():
    @strawberry.type
    class Query:
        @strawberry.field
        def posts(self) -> list[PostType]:
            return Post.objects.all()

    assert lists_left_to_the_hook(strawberry.Schema(query=Query)) == ["Query.posts"]
