"""The activity tab over HTTP: `notifications`, `unreadNotificationsCount`, `markNotificationsRead`."""

import pytest

from feed import services
from notifications.models import Notification
from tests.factories import PostFactory, UserFactory, access_token, global_id

from .operations import MARK_READ, NODE, NOTIFICATIONS, UNREAD_COUNT


@pytest.fixture
def alice(db):
    return UserFactory(username="alice.author")


def liked_by(alice, count: int) -> list:
    """`count` people like a post of alice's, one after the other; their notifications newest first."""
    post = PostFactory(author=alice)
    for _ in range(count):
        services.post_like(user=UserFactory(), post_id=post.pk)
    return list(Notification.objects.filter(recipient=alice).order_by("-created_at", "-id"))


def test_the_list_is_newest_first_with_actor_post_and_comment(gql, alice):
    bob = UserFactory(username="bob.reader")
    post = PostFactory(author=alice)
    services.post_like(user=bob, post_id=post.pk)
    comment = services.comment_add(user=bob, post_id=post.pk, text="lovely")
    page = gql(NOTIFICATIONS, token=access_token(alice))["data"]["notifications"]
    nodes = [edge["node"] for edge in page["edges"]]
    assert [(n["kind"], n["actor"]["username"], n["read"]) for n in nodes] == [
        ("POST_COMMENTED", "bob.reader", False),
        ("POST_LIKED", "bob.reader", False),
    ]
    assert nodes[0]["post"] == {"id": global_id("Post", post), "likesCount": 1}
    assert nodes[0]["comment"] == {"id": global_id("Comment", comment), "text": "lovely"}
    assert nodes[1]["comment"] is None


@pytest.mark.parametrize("count", [2, 20])
def test_a_page_costs_the_same_queries_at_any_size(gql, alice, count, django_assert_num_queries):
    liked_by(alice, count)
    token = access_token(alice)
    # The token's account, then the page with its actors, posts and comments joined in.
    with django_assert_num_queries(2):
        page = gql(NOTIFICATIONS, {"first": count}, token=token)["data"]["notifications"]
    assert len(page["edges"]) == count


def test_pages_follow_each_other_without_overlap(gql, alice):
    made = liked_by(alice, 5)
    token = access_token(alice)
    first = gql(NOTIFICATIONS, {"first": 3}, token=token)["data"]["notifications"]
    rest = gql(NOTIFICATIONS, {"first": 3, "after": first["pageInfo"]["endCursor"]}, token=token)["data"]
    ids = [edge["node"]["id"] for edge in first["edges"] + rest["notifications"]["edges"]]
    assert ids == [global_id("Notification", n) for n in made]
    assert rest["notifications"]["pageInfo"]["hasNextPage"] is False


def test_marking_read_up_to_one_leaves_the_newer_unread(gql, alice):
    newest, middle, _ = liked_by(alice, 3)
    token = access_token(alice)
    payload = gql(MARK_READ, {"upTo": global_id("Notification", middle)}, token=token)["data"]["markNotificationsRead"]
    assert payload == {"unreadNotificationsCount": 1, "userErrors": []}
    assert list(Notification.objects.filter(read=False)) == [newest]
    assert gql(UNREAD_COUNT, token=token)["data"] == {"unreadNotificationsCount": 1}
    payload = gql(MARK_READ, {"upTo": None}, token=token)["data"]["markNotificationsRead"]
    assert payload == {"unreadNotificationsCount": 0, "userErrors": []}
    assert not Notification.objects.filter(read=False).exists()


def test_marking_read_up_to_someone_elses_notification_is_not_found(gql, alice):
    (theirs,) = liked_by(alice, 1)
    payload = gql(MARK_READ, {"upTo": global_id("Notification", theirs)}, token=access_token(UserFactory()))
    payload = payload["data"]["markNotificationsRead"]
    assert payload["unreadNotificationsCount"] is None
    assert [error["code"] for error in payload["userErrors"]] == ["NOT_FOUND"]
    assert Notification.objects.get().read is False


def test_notifications_need_a_signed_in_user(gql, alice):
    liked_by(alice, 1)
    for document in (NOTIFICATIONS, UNREAD_COUNT):
        assert gql(document)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_node_shows_a_notification_to_its_recipient_only(gql, alice):
    (notification,) = liked_by(alice, 1)
    variables = {"id": global_id("Notification", notification)}
    assert gql(NODE, variables, token=access_token(alice))["data"]["node"] == {"kind": "POST_LIKED"}
    assert gql(NODE, variables, token=access_token(UserFactory()))["data"]["node"] is None
