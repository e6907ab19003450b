"""The privacy rule underneath every read path."""

import pytest

from feed import selectors
from tests.factories import CommentFactory, PostFactory, UserFactory, follow


@pytest.fixture
def world(db):
    owner = UserFactory(is_private=True)
    public = UserFactory()
    follower, stranger = UserFactory(), UserFactory()
    follow(follower, owner)
    hidden, shown = PostFactory(author=owner), PostFactory(author=public)
    CommentFactory(post=hidden)
    return owner, follower, stranger, hidden, shown


@pytest.mark.parametrize(
    ("who", "sees_private"), [("owner", True), ("follower", True), ("stranger", False), (None, False)]
)
def test_posts_and_comments_of_a_private_account_are_seen_by_owner_and_followers(world, who, sees_private):
    owner, follower, stranger, hidden, shown = world
    viewer = {"owner": owner, "follower": follower, "stranger": stranger, None: None}[who]
    visible = set(selectors.posts_visible(viewer=viewer))
    assert shown in visible
    assert (hidden in visible) is sees_private
    assert selectors.comments_visible(viewer=viewer).exists() is sees_private
    assert selectors.user_can_see_content_of(viewer=viewer, owner=owner) is sees_private
    assert selectors.followers_of(viewer=viewer, owner=owner).exists() is sees_private


def test_the_home_feed_holds_followed_accounts_and_ones_own_posts(world):
    _, follower, stranger, hidden, _ = world
    mine = PostFactory(author=follower)
    assert list(selectors.posts_home_feed(viewer=follower)) == [mine, hidden]
    assert list(selectors.posts_home_feed(viewer=stranger)) == []
