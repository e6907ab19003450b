"""DESIGN.md's budget: a page costs at most 4 SQL queries, authentication included, whatever its size or depth."""

import pytest

from feed.models import PostLike
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


def test_a_page_deep_in_the_data_fits_the_same_budget(gql, viewer, django_assert_max_num_queries):
    PostFactory.create_batch(60, author=viewer)
    token = access_token(viewer)
    after = None
    for _ in range(2):
        after = gql(POSTS, {"first": 20, "after": after}, token=token)["data"]["posts"]["pageInfo"]["endCursor"]
    with django_assert_max_num_queries(BUDGET):
        page = gql(POSTS, {"first": 20, "after": after}, token=token)["data"]["posts"]
    assert len(page["edges"]) == 20
    assert page["pageInfo"]["hasNextPage"] is False


def test_a_comments_page_with_replies_counts_and_me_liked_fits_the_budget(gql, viewer, django_assert_max_num_queries):
    post = PostFactory(author=viewer)
    CommentFactory.create_batch(25, post=post, author=viewer)
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        result = gql(COMMENTS, {"id": global_id("Post", post), "first": 20}, token=token)
    assert len(result["data"]["post"]["comments"]["edges"]) == 20
