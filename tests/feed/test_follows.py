import pytest
from django.db import connection

from accounts.models import AuthStatus, User
from feed.models import Follow, FollowRequest
from feed.services import user_follow
from tests.concurrency import run_concurrently
from tests.factories import UserFactory, global_id

from .conftest import Person
from .operations import codes, nodes
from .social_operations import APPROVE, DECLINE, FOLLOW, FOLLOWERS, FOLLOWING, REQUESTS, UNFOLLOW


def act(gql, operation, person, target):
    result = gql(
        operation, {"id": global_id("User", target.user if isinstance(target, Person) else target)}, token=person.token
    )
    return next(iter(result["data"].values()))


def counts(payload, follower: Person, followed: Person) -> tuple:
    """The payload's counts beside a fresh read of both rows: they must be the new ones, not one behind."""
    follower.user.refresh_from_db()
    followed.user.refresh_from_db()
    return (
        (payload["viewer"]["followingCount"], payload["user"]["followersCount"]),
        (follower.user.following_count, followed.user.followers_count),
    )


def test_following_a_public_account_is_immediate_and_idempotent(gql, alice, bob):
    for _ in range(2):
        payload = act(gql, FOLLOW, bob, alice)
        assert (payload["user"]["followersCount"], payload["user"]["isFollowedByMe"]) == (1, True)
        assert counts(payload, bob, alice) == ((1, 1), (1, 1))
    assert Follow.objects.count() == 1
    bob.user.refresh_from_db()
    assert bob.user.following_count == 1


def test_unfollowing_is_idempotent_and_keeps_counts(gql, alice, bob):
    act(gql, FOLLOW, bob, alice)
    for _ in range(2):
        payload = act(gql, UNFOLLOW, bob, alice)
        assert (payload["user"]["followersCount"], payload["user"]["isFollowedByMe"]) == (0, False)
        assert counts(payload, bob, alice) == ((0, 0), (0, 0))
    bob.user.refresh_from_db()
    assert (bob.user.following_count, Follow.objects.count()) == (0, 0)


def test_nobody_follows_themself(gql, alice):
    payload = act(gql, FOLLOW, alice, alice)
    assert codes(payload) == ["CANNOT_FOLLOW_SELF"]
    assert (payload["user"], payload["viewer"]) == (None, None)
    assert not Follow.objects.exists()


def test_following_an_unknown_user_is_not_found(gql, alice):
    result = gql(FOLLOW, {"id": "garbage"}, token=alice.token)["data"]["follow"]
    assert codes(result) == ["NOT_FOUND"]
    assert not Follow.objects.exists() and not FollowRequest.objects.exists()


def test_following_needs_a_finished_sign_up(gql, alice):
    newcomer = Person(auth_status=AuthStatus.CODE_VERIFIED)
    assert codes(act(gql, FOLLOW, newcomer, alice)) == ["SIGN_UP_INCOMPLETE"]
    assert not Follow.objects.exists()


def test_following_a_private_account_makes_a_request_its_owner_approves(gql, bob):
    owner = Person(username="private.owner", is_private=True)
    payload = act(gql, FOLLOW, bob, owner)
    pending = payload["user"]
    assert (pending["followRequestPending"], pending["isFollowedByMe"], pending["followersCount"]) == (True, False, 0)
    assert payload["viewer"]["followingCount"] == 0  # a request is no follow
    assert not Follow.objects.exists()
    requests = gql(REQUESTS, token=owner.token)["data"]["followRequests"]
    assert [u["username"] for u in nodes(requests)] == ["bob.reader"]
    approved = act(gql, APPROVE, owner, bob)
    assert approved["user"]["username"] == "bob.reader"
    assert Follow.objects.filter(follower=bob.user, following=owner.user).exists()
    assert not FollowRequest.objects.exists()
    owner.user.refresh_from_db()
    bob.user.refresh_from_db()
    assert owner.user.followers_count == 1
    assert approved["user"]["followingCount"] == bob.user.following_count == 1


def test_a_declined_request_leaves_no_follow(gql, bob):
    owner = Person(is_private=True)
    act(gql, FOLLOW, bob, owner)
    declined = act(gql, DECLINE, owner, bob)
    assert (declined["userErrors"], declined["user"]["username"]) == ([], "bob.reader")
    assert not Follow.objects.exists() and not FollowRequest.objects.exists()


def test_approving_without_a_request_is_not_found(gql, alice, bob):
    assert codes(act(gql, APPROVE, alice, bob)) == ["NOT_FOUND"]
    assert codes(act(gql, DECLINE, alice, bob)) == ["NOT_FOUND"]
    assert not Follow.objects.exists()


def test_unfollowing_withdraws_a_waiting_request(gql, bob):
    owner = Person(is_private=True)
    act(gql, FOLLOW, bob, owner)
    payload = act(gql, UNFOLLOW, bob, owner)
    assert payload["user"]["followRequestPending"] is False
    assert not FollowRequest.objects.exists()


def test_followers_and_following_are_listed_newest_first(gql, alice, bob):
    carol = Person(username="carol.third")
    act(gql, FOLLOW, bob, alice)
    act(gql, FOLLOW, carol, alice)
    act(gql, FOLLOW, alice, carol)
    followers = gql(FOLLOWERS, {"u": "alice.author"}, token=carol.token)["data"]["user"]["followers"]
    assert [(u["username"], u["isFollowedByMe"]) for u in nodes(followers)] == [
        ("carol.third", False),
        ("bob.reader", False),
    ]
    following = gql(FOLLOWING, {"u": "alice.author"})["data"]["user"]["following"]
    assert [u["username"] for u in nodes(following)] == ["carol.third"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_follows_leave_one_row_and_exact_counts():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    follower, target = UserFactory(), UserFactory()
    results = run_concurrently(lambda: user_follow(user=follower, target_id=target.pk), 20)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Follow.objects.count() == 1
    assert User.objects.get(pk=target.pk).followers_count == 1
    assert User.objects.get(pk=follower.pk).following_count == 1
