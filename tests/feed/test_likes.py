import pytest
from django.db import connection

from feed.models import CommentLike, Post, PostLike
from feed.services import post_like
from tests.concurrency import run_concurrently
from tests.factories import CommentFactory, PostFactory, UserFactory, global_id

from .operations import LIKE_COMMENT, LIKE_POST, POST_LIKES, UNLIKE_COMMENT, UNLIKE_POST, codes, nodes


def test_liking_a_post_is_idempotent(gql, alice, bob):
    post = PostFactory(author=alice.user)
    for _ in range(2):
        payload = gql(LIKE_POST, {"id": global_id("Post", post)}, token=bob.token)["data"]["likePost"]
        assert (payload["post"]["likesCount"], payload["post"]["meLiked"]) == (1, True)
    assert PostLike.objects.count() == 1
    assert payload["post"]["likesCount"] == Post.objects.get(pk=post.pk).likes_count


def test_unliking_is_idempotent(gql, alice, bob):
    post = PostFactory(author=alice.user)
    gql(LIKE_POST, {"id": global_id("Post", post)}, token=bob.token)
    for _ in range(2):
        payload = gql(UNLIKE_POST, {"id": global_id("Post", post)}, token=bob.token)["data"]["unlikePost"]
        assert (payload["post"]["likesCount"], payload["post"]["meLiked"]) == (0, False)
    assert not PostLike.objects.exists()
    assert payload["post"]["likesCount"] == Post.objects.get(pk=post.pk).likes_count


def test_liking_an_unknown_post_is_not_found(gql, bob):
    payload = gql(LIKE_POST, {"id": "garbage"}, token=bob.token)["data"]["likePost"]
    assert codes(payload) == ["NOT_FOUND"]
    assert not PostLike.objects.exists()


def test_liking_needs_a_signed_in_user(gql, alice):
    post = PostFactory(author=alice.user)
    result = gql(LIKE_POST, {"id": global_id("Post", post)})
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert not PostLike.objects.exists()


def test_likes_of_a_post_list_the_users_newest_first(gql, alice, bob):
    post = PostFactory(author=alice.user)
    gql(LIKE_POST, {"id": global_id("Post", post)}, token=bob.token)
    gql(LIKE_POST, {"id": global_id("Post", post)}, token=alice.token)
    page = gql(POST_LIKES, {"id": global_id("Post", post)})["data"]["post"]["likes"]
    assert [u["username"] for u in nodes(page)] == ["alice.author", "bob.reader"]


def test_liking_and_unliking_a_comment(gql, alice, bob):
    comment = CommentFactory(post=PostFactory(author=alice.user))
    payload = gql(LIKE_COMMENT, {"id": global_id("Comment", comment)}, token=bob.token)["data"]["likeComment"]
    assert (payload["comment"]["likesCount"], payload["comment"]["meLiked"]) == (1, True)
    gql(LIKE_COMMENT, {"id": global_id("Comment", comment)}, token=bob.token)
    assert CommentLike.objects.count() == 1
    comment.refresh_from_db()
    assert payload["comment"]["likesCount"] == comment.likes_count
    payload = gql(UNLIKE_COMMENT, {"id": global_id("Comment", comment)}, token=bob.token)["data"]["unlikeComment"]
    assert (payload["comment"]["likesCount"], payload["comment"]["meLiked"]) == (0, False)
    comment.refresh_from_db()
    assert (payload["comment"]["likesCount"], CommentLike.objects.count()) == (comment.likes_count, 0)


def test_liking_an_unknown_comment_is_not_found(gql, bob):
    payload = gql(LIKE_COMMENT, {"id": "garbage"}, token=bob.token)["data"]["likeComment"]
    assert codes(payload) == ["NOT_FOUND"]
    assert not CommentLike.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_likes_by_one_user_leave_one_like_and_a_count_of_one():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    post = PostFactory()
    user = UserFactory()
    results = run_concurrently(lambda: post_like(user=user, post_id=post.pk), 50)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert PostLike.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).likes_count == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_by_many_users_are_counted_exactly():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    post = PostFactory()
    users = iter(UserFactory.create_batch(20))
    lock = __import__("threading").Lock()

    def like():
        with lock:
            user = next(users)
        return post_like(user=user, post_id=post.pk)

    run_concurrently(like, 20)
    assert Post.objects.get(pk=post.pk).likes_count == PostLike.objects.filter(post=post).count() == 20


def test_unliking_an_unknown_post_is_not_found_and_touches_no_like(gql, alice, bob):
    post = PostFactory(author=alice.user)
    gql(LIKE_POST, {"id": global_id("Post", post)}, token=bob.token)
    payload = gql(UNLIKE_POST, {"id": "garbage"}, token=bob.token)["data"]["unlikePost"]
    assert codes(payload) == ["NOT_FOUND"]
    assert PostLike.objects.filter(user=bob.user, post=post).exists()
    assert Post.objects.get(pk=post.pk).likes_count == 1
