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
