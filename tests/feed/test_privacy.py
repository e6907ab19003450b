"""A private account's posts, their comments and likes, and its lists are seen only by the owner and approved
followers, through every path that reaches them."""

import pytest

from feed.models import PostComment, PostLike
from tests.factories import CommentFactory, PostFactory, follow, global_id

from .conftest import Person
from .operations import (
    ADD_COMMENT,
    COMMENTS,
    FEED,
    LIKE_COMMENT,
    LIKE_POST,
    NODE,
    POST_BY_ID,
    POST_LIKES,
    POSTS,
    codes,
    nodes,
)
from .social_operations import FOLLOW, FOLLOWERS, FOLLOWING, PROFILE, UNFOLLOW


@pytest.fixture
def owner(db):
    return Person(username="private.owner", is_private=True)


@pytest.fixture
def secret(owner):
    post = PostFactory(author=owner.user, caption="secret")
    comment = CommentFactory(post=post, author=owner.user, text="secret comment")
    PostLike.objects.create(user=owner.user, post=post)
    follow(owner.user, Person(username="someone.else").user)
    return post, comment


def sees_everything(gql, viewer, owner, post, comment) -> dict:
    token = viewer.token if viewer else None
    post_id, comment_id = global_id("Post", post), global_id("Comment", comment)
    profile = gql(PROFILE, {"u": owner.user.username}, token=token)["data"]["user"]
    return {
        "posts": "secret" in [n["caption"] for n in nodes(gql(POSTS, token=token)["data"]["posts"])],
        "post": gql(POST_BY_ID, {"id": post_id}, token=token)["data"]["post"] is not None,
        "node(post)": gql(NODE, {"id": post_id}, token=token)["data"]["node"] is not None,
        "node(comment)": gql(NODE, {"id": comment_id}, token=token)["data"]["node"] is not None,
        "comments": bool((gql(COMMENTS, {"id": post_id}, token=token)["data"]["post"] or {}).get("comments")),
        "likes": bool((gql(POST_LIKES, {"id": post_id}, token=token)["data"]["post"] or {}).get("likes")),
        "User.posts": bool(profile["posts"]["edges"]),
        "followers": bool(nodes(gql(FOLLOWING, {"u": owner.user.username}, token=token)["data"]["user"]["following"])),
        "feed": viewer is not None
        and "secret" in [n["caption"] for n in nodes(gql(FEED, token=token)["data"]["feed"])],
    }


def test_a_stranger_sees_none_of_a_private_account(gql, owner, secret, bob):
    assert not any(sees_everything(gql, bob, owner, *secret).values())


def test_an_anonymous_reader_sees_none_of_a_private_account(gql, owner, secret):
    assert not any(sees_everything(gql, None, owner, *secret).values())


def test_the_owner_sees_everything(gql, owner, secret):
    assert all(sees_everything(gql, owner, owner, *secret).values())


def test_an_approved_follower_sees_everything_and_after_unfollow_nothing(gql, owner, secret, bob):
    follow(bob.user, owner.user)
    assert all(sees_everything(gql, bob, owner, *secret).values())
    gql(UNFOLLOW, {"id": global_id("User", owner.user)}, token=bob.token)
    assert not any(sees_everything(gql, bob, owner, *secret).values())


def test_a_pending_request_shows_nothing(gql, owner, secret, bob):
    gql(FOLLOW, {"id": global_id("User", owner.user)}, token=bob.token)
    assert not any(sees_everything(gql, bob, owner, *secret).values())


def test_a_stranger_cannot_like_or_comment_on_a_private_post(gql, owner, secret, bob):
    post, comment = secret
    liked = gql(LIKE_POST, {"id": global_id("Post", post)}, token=bob.token)["data"]["likePost"]
    commented = gql(ADD_COMMENT, {"postId": global_id("Post", post), "text": "hi"}, token=bob.token)["data"]
    comment_liked = gql(LIKE_COMMENT, {"id": global_id("Comment", comment)}, token=bob.token)["data"]["likeComment"]
    assert codes(liked) == codes(commented["addComment"]) == codes(comment_liked) == ["FORBIDDEN"]
    assert PostLike.objects.filter(user=bob.user).count() == 0
    assert PostComment.objects.filter(author=bob.user).count() == 0


def test_followers_of_a_private_account_are_hidden_from_strangers(gql, owner, secret, bob):
    follow(Person().user, owner.user)
    hidden = gql(FOLLOWERS, {"u": owner.user.username}, token=bob.token)["data"]["user"]["followers"]
    assert hidden["edges"] == []
    shown = gql(FOLLOWERS, {"u": owner.user.username}, token=owner.token)["data"]["user"]["followers"]
    assert len(shown["edges"]) == 1
