"""DESIGN.md's budget: a page costs at most 4 SQL queries, authentication included, whatever its size or depth."""

import pytest

from bench.operations import keyset_cursor
from feed.models import Post, PostLike
from tests.factories import CommentFactory, PostFactory, UserFactory, access_token, global_id

from .operations import COMMENTS, POSTS, nodes

BUDGET = 4


@pytest.fixture
def viewer(db):
    return UserFactory()


@pytest.mark.parametrize("page_size", [20, 50])
def test_a_posts_page_with_counts_and_me_liked_fits_the_budget(gql, viewer, django_assert_max_num_queries, page_size):
    posts = PostFactory.create_batch(page_size + 5, author=viewer)
    PostLike.objects.create(user=viewer, post=posts[-1])
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        page = gql(POSTS, {"first": page_size}, token=token)["data"]["posts"]
    assert len(page["edges"]) == page_size
    assert nodes(page)[0]["meLiked"] is True
    assert nodes(page)[1]["meLiked"] is False


def test_a_page_deep_into_ten_thousand_posts_fits_the_same_budget(gql, viewer, django_assert_max_num_queries):
    image = PostFactory(author=viewer, caption="newest").image.name
    Post.objects.bulk_create(Post(author=viewer, image=image, caption=f"post {n}") for n in range(10_000))
    newest_first = list(Post.objects.order_by("-created_at", "-id").values_list("created_at", "id", "caption"))
    after = keyset_cursor(newest_first[9_000][:2])
    with django_assert_max_num_queries(BUDGET):
        page = gql(POSTS, {"first": 20, "after": after}, token=access_token(viewer))["data"]["posts"]
    assert [n["caption"] for n in nodes(page)] == [caption for _, _, caption in newest_first[9_001:9_021]]


def test_a_comments_page_with_replies_counts_and_me_liked_fits_the_budget(gql, viewer, django_assert_max_num_queries):
    post = PostFactory(author=viewer)
    CommentFactory.create_batch(25, post=post, author=viewer)
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        result = gql(COMMENTS, {"id": global_id("Post", post), "first": 20}, token=token)
    assert len(result["data"]["post"]["comments"]["edges"]) == 20


def test_a_posts_page_with_each_posts_first_comments_fits_the_budget(gql, viewer, django_assert_max_num_queries):
    posts = PostFactory.create_batch(5, author=viewer)
    for post in posts:
        CommentFactory.create_batch(3, post=post, author=viewer)
    comments = (
        "comments(first: 2) { pageInfo { hasNextPage endCursor } edges { node { text meLiked author { username } } } }"
    )
    query = f"{{ posts(first: 5) {{ edges {{ node {{ caption {comments} }} }} }} }}"
    with django_assert_max_num_queries(BUDGET):
        page = gql(query, token=access_token(viewer))["data"]["posts"]
    for post, edge in zip(reversed(posts), page["edges"], strict=True):
        comments = edge["node"]["comments"]
        expected = list(post.comments.order_by("created_at", "id").values_list("text", flat=True))
        assert [c["node"]["text"] for c in comments["edges"]] == expected[:2]
        assert comments["pageInfo"]["hasNextPage"] is True
        rest = gql(COMMENTS, {"id": global_id("Post", post), "first": 5, "after": comments["pageInfo"]["endCursor"]})
        assert [c["node"]["text"] for c in rest["data"]["post"]["comments"]["edges"]] == expected[2:]


def test_a_comments_page_with_each_comments_first_replies_costs_one_query_more(
    gql, viewer, django_assert_max_num_queries
):
    post = PostFactory(author=viewer)
    threads = CommentFactory.create_batch(4, post=post, author=viewer)
    for thread in threads:
        CommentFactory.create_batch(2, post=post, parent=thread, author=viewer)
    replies = "replies(first: 5) { pageInfo { hasNextPage } edges { node { text meLiked } } }"
    query = f"query($id: ID!) {{ post(id: $id) {{ comments {{ edges {{ node {{ text {replies} }} }} }} }} }}"
    with django_assert_max_num_queries(BUDGET + 1):  # a query per level: the post, its comments, their replies
        result = gql(query, {"id": global_id("Post", post)}, token=access_token(viewer))
    edges = result["data"]["post"]["comments"]["edges"]
    for thread, edge in zip(threads, edges, strict=True):
        expected = list(thread.replies.order_by("created_at", "id").values_list("text", flat=True))
        assert [r["node"]["text"] for r in edge["node"]["replies"]["edges"]] == expected
        assert edge["node"]["replies"]["pageInfo"]["hasNextPage"] is False


def test_search_results_with_each_profiles_first_posts_fit_the_budget(gql, viewer, django_assert_max_num_queries):
    from tests.factories import UserFactory

    public = [UserFactory(username=f"grid.public{n}", password=None) for n in range(3)]
    private = UserFactory(username="grid.private", is_private=True, password=None)
    for user in [*public, private]:
        PostFactory.create_batch(2, author=user)
    query = '{ users(search: "grid.") { edges { node { username posts(first: 3) { edges { node { id } } } } } } }'
    with django_assert_max_num_queries(BUDGET + 1):  # one visibility check for the private profile
        result = gql(query, token=access_token(viewer))
    counts = {e["node"]["username"]: len(e["node"]["posts"]["edges"]) for e in result["data"]["users"]["edges"]}
    assert counts == {"grid.private": 0, "grid.public0": 2, "grid.public1": 2, "grid.public2": 2}
