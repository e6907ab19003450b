"""Saved posts: idempotent, unique under races, seen only by their user, out of sight (not deleted) when the
post may no longer be seen."""

import pytest
from django.db import connection

from accounts.models import AuthStatus
from feed.models import Follow, SavedPost
from feed.services import post_save
from tests.concurrency import run_concurrently
from tests.factories import PostFactory, UserFactory, follow, global_id

from .conftest import Person
from .operations import codes, nodes
from .post_operations import RICH_POST, SAVE_POST, SAVED_POSTS, UNSAVE_POST


def save(gql, person, post, query=SAVE_POST) -> dict:
    name = "savePost" if query is SAVE_POST else "unsavePost"
    return gql(query, {"id": global_id("Post", post)}, token=person.token)["data"][name]


def test_saving_a_post_is_idempotent_and_flags_it_for_the_saver_only(gql, alice, bob):
    post = PostFactory(author=alice.user)
    first, second = save(gql, bob, post), save(gql, bob, post)
    assert first == second == {"post": {"id": global_id("Post", post), "meSaved": True}, "userErrors": []}
    assert SavedPost.objects.filter(user=bob.user, post=post).count() == 1
    assert gql(RICH_POST, {"id": global_id("Post", post)}, token=alice.token)["data"]["post"]["meSaved"] is False
    assert gql(RICH_POST, {"id": global_id("Post", post)})["data"]["post"]["meSaved"] is False


def test_unsaving_is_idempotent(gql, alice, bob):
    post = PostFactory(author=alice.user)
    save(gql, bob, post)
    first, second = save(gql, bob, post, UNSAVE_POST), save(gql, bob, post, UNSAVE_POST)
    assert first == second == {"post": {"id": global_id("Post", post), "meSaved": False}, "userErrors": []}
    assert not SavedPost.objects.exists()


def test_saved_posts_are_listed_newest_save_first_and_paged(gql, alice, bob):
    older, newer, _unsaved = PostFactory.create_batch(3, author=alice.user)
    for post in (newer, older):  # saved in the other order than posted
        save(gql, bob, post)
    page = gql(SAVED_POSTS, {"first": 1}, token=bob.token)["data"]["savedPosts"]
    assert [n["id"] for n in nodes(page)] == [global_id("Post", older)]
    assert nodes(page)[0]["meSaved"] is True
    rest = gql(SAVED_POSTS, {"first": 5, "after": page["pageInfo"]["endCursor"]}, token=bob.token)
    rest = rest["data"]["savedPosts"]
    assert [n["id"] for n in nodes(rest)] == [global_id("Post", newer)]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert gql(SAVED_POSTS, {}, token=alice.token)["data"]["savedPosts"]["edges"] == []


def test_saved_posts_need_a_signed_in_user(gql, db):
    result = gql(SAVED_POSTS, {})
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_saved_post_out_of_sight_drops_out_and_comes_back_when_let_in(gql, alice, bob):
    follow(bob.user, alice.user)
    post = PostFactory(author=alice.user)
    save(gql, bob, post)
    alice.user.is_private = True
    alice.user.save(update_fields=["is_private"])
    Follow.objects.filter(follower=bob.user).delete()
    assert gql(SAVED_POSTS, {}, token=bob.token)["data"]["savedPosts"]["edges"] == []
    assert SavedPost.objects.filter(user=bob.user, post=post).exists()  # kept, out of sight
    follow(bob.user, alice.user)
    assert [n["id"] for n in nodes(gql(SAVED_POSTS, {}, token=bob.token)["data"]["savedPosts"])] == [
        global_id("Post", post)
    ]


@pytest.mark.parametrize("mutation", [SAVE_POST, UNSAVE_POST], ids=["save", "unsave"])
def test_a_post_one_may_not_see_cannot_be_saved_or_unsaved(gql, bob, mutation):
    private = Person(username="private.one", is_private=True)
    post = PostFactory(author=private.user)
    follow(bob.user, private.user)
    save(gql, bob, post)
    Follow.objects.filter(follower=bob.user).delete()
    payload = save(gql, bob, post, mutation)
    assert codes(payload) == ["FORBIDDEN"]
    assert payload["post"] is None
    assert SavedPost.objects.filter(user=bob.user, post=post).exists()  # the earlier save stays, unseen


@pytest.mark.parametrize("mutation", [SAVE_POST, UNSAVE_POST], ids=["save", "unsave"])
def test_an_unknown_or_malformed_post_is_not_found(gql, bob, mutation):
    name = "savePost" if mutation is SAVE_POST else "unsavePost"
    for bad_id in ["not-an-id", "UG9zdDpub3Bl", global_id("Post", UserFactory())]:
        payload = gql(mutation, {"id": bad_id}, token=bob.token)["data"][name]
        assert codes(payload) == ["NOT_FOUND"]
    assert not SavedPost.objects.exists()


@pytest.mark.parametrize("mutation", [SAVE_POST, UNSAVE_POST], ids=["save", "unsave"])
def test_an_account_that_has_not_finished_sign_up_cannot_save_or_unsave(gql, alice, mutation):
    person = Person(auth_status=AuthStatus.CODE_VERIFIED)
    post = PostFactory(author=alice.user)
    SavedPost.objects.create(user=person.user, post=post)
    assert codes(save(gql, person, post, mutation)) == ["SIGN_UP_INCOMPLETE"]
    assert SavedPost.objects.filter(user=person.user, post=post).count() == 1


def test_saving_needs_a_signed_in_user(gql, alice):
    post = PostFactory(author=alice.user)
    result = gql(SAVE_POST, {"id": global_id("Post", post)})
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert not SavedPost.objects.exists()


def test_deleting_a_post_takes_its_saves_along(gql, alice, bob):
    post = PostFactory(author=alice.user)
    save(gql, bob, post)
    post.delete()
    assert not SavedPost.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_saves_by_one_user_leave_one_save():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    post = PostFactory()
    user = UserFactory()
    results = run_concurrently(lambda: post_save(user=user, post_id=post.pk), 30)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert SavedPost.objects.filter(user=user, post=post).count() == 1
