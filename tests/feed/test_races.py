"""Writes racing deletions, with real threads on PostgreSQL. A racing write either lands before the deletion
(and goes with it) or answers `not_found`: never a deadlock, never a foreign-key error at commit, and every
count stays exact. Each test plays its race several times, since a race is lost only some of the time."""

from functools import partial
from queue import SimpleQueue

import pytest
from django.db import connection

from accounts.models import User
from common.errors import NotFound
from feed import services
from feed.models import Follow, Post, PostComment
from tests.concurrency import run_concurrently
from tests.factories import CommentFactory, PostFactory, UserFactory, follow

from .counts import count_mismatches

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 20
WRITERS = 4


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")


def race(*calls) -> list:
    """Each call in its own thread and connection, all released together; what each returned or raised."""
    waiting = SimpleQueue()
    for call in calls:
        waiting.put(call)
    return run_concurrently(lambda: waiting.get()(), len(calls))


def unexpected(results: list) -> list[str]:
    return [repr(result) for result in results if isinstance(result, Exception) and not isinstance(result, NotFound)]


def play_rounds(play) -> None:
    """Play the race ROUNDS times (`play` returns what went wrong in its round), then check every count."""
    wrong = [problems for problems in (play() for _ in range(ROUNDS)) if problems]
    assert wrong == [], f"{len(wrong)} of {ROUNDS} rounds went wrong, the first: {wrong[0]}"
    assert count_mismatches() == []


def test_replies_racing_the_deletion_of_their_thread_land_before_it_or_are_not_found():
    author, replier = UserFactory(), UserFactory()

    def play():
        post = PostFactory(author=author)
        thread = CommentFactory(post=post, author=author)
        reply = partial(services.comment_add, user=replier, post_id=post.pk, text="me too", parent_id=thread.pk)
        results = race(partial(services.comment_delete, user=author, comment_id=thread.pk), *[reply] * WRITERS)
        outlived = PostComment.objects.filter(post=post).count()
        return unexpected(results) + ([f"{outlived} replies outlived"] if outlived else [])

    play_rounds(play)


def test_comments_racing_the_deletion_of_their_post_land_before_it_or_are_not_found():
    author, commenter = UserFactory(), UserFactory()

    def play():
        post = PostFactory(author=author)
        thread = CommentFactory(post=post, author=commenter)
        comment = partial(services.comment_add, user=commenter, post_id=post.pk, text="nice")
        reply = partial(services.comment_add, user=commenter, post_id=post.pk, text="again", parent_id=thread.pk)
        results = race(partial(services.post_delete, user=author, post_id=post.pk), comment, comment, reply, reply)
        return unexpected(results)

    play_rounds(play)
    assert not Post.objects.exists()
    assert not PostComment.objects.exists()


def test_likes_racing_the_deletion_of_their_post_land_before_it_or_are_not_found():
    author, likers = UserFactory(), UserFactory.create_batch(WRITERS)

    def play():
        post = PostFactory(author=author)
        likes = [partial(services.post_like, user=liker, post_id=post.pk) for liker in likers]
        results = race(partial(services.post_delete, user=author, post_id=post.pk), *likes)
        return unexpected(results)

    play_rounds(play)
    assert not Post.objects.exists()


def test_comment_likes_racing_the_deletion_of_their_thread_land_before_it_or_are_not_found():
    author, likers = UserFactory(), UserFactory.create_batch(WRITERS)

    def play():
        post = PostFactory(author=author)
        thread = CommentFactory(post=post, author=author)
        reply = CommentFactory(post=post, parent=thread, author=author)
        likes = [partial(services.comment_like, user=liker, comment_id=reply.pk) for liker in likers[:2]]
        likes += [partial(services.comment_like, user=liker, comment_id=thread.pk) for liker in likers[2:]]
        results = race(partial(services.comment_delete, user=author, comment_id=thread.pk), *likes)
        return unexpected(results)

    play_rounds(play)
    assert not PostComment.objects.exists()


def test_comment_likes_racing_the_deletion_of_their_post_land_before_it_or_are_not_found():
    author, likers = UserFactory(), UserFactory.create_batch(WRITERS)

    def play():
        post = PostFactory(author=author)
        comment = CommentFactory(post=post, author=author)
        likes = [partial(services.comment_like, user=liker, comment_id=comment.pk) for liker in likers]
        results = race(partial(services.post_delete, user=author, post_id=post.pk), *likes)
        return unexpected(results)

    play_rounds(play)
    assert not PostComment.objects.exists()


def test_two_accounts_following_and_unfollowing_each_other_at_once_never_deadlock():
    def play():
        one, two = UserFactory(), UserFactory()
        results = race(
            partial(services.user_follow, user=one, target_id=two.pk),
            partial(services.user_follow, user=two, target_id=one.pk),
        )
        results += race(
            partial(services.user_unfollow, user=one, target_id=two.pk),
            partial(services.user_unfollow, user=two, target_id=one.pk),
        )
        return unexpected(results) + [repr(r) for r in results if isinstance(r, NotFound)]

    play_rounds(play)
    assert not Follow.objects.exists()


def test_follows_racing_the_deletion_of_an_account_land_before_it_or_are_not_found():
    fans = UserFactory.create_batch(WRITERS)

    def play():
        victim = UserFactory()
        follow(fans[0], victim)
        follow(victim, fans[1])
        results = race(
            partial(services.user_delete, user_id=victim.pk),
            partial(services.user_unfollow, user=fans[0], target_id=victim.pk),
            partial(services.user_follow, user=fans[1], target_id=victim.pk),
            partial(services.user_follow, user=fans[2], target_id=victim.pk),
            partial(services.user_follow, user=victim, target_id=fans[3].pk),
        )
        survived = User.objects.filter(pk=victim.pk).exists()
        return unexpected(results) + (["the account survived"] if survived else [])

    play_rounds(play)


def test_everything_racing_the_deletion_of_an_account_lands_before_it_or_is_not_found():
    """The account's follows, likes, comments and replies on both sides race its deletion at once."""
    others = UserFactory.create_batch(3)

    def play():
        victim = UserFactory()
        own_post, their_post = PostFactory(author=victim), PostFactory(author=others[0])
        own_comment = CommentFactory(post=their_post, author=victim)
        their_comment = CommentFactory(post=own_post, author=others[1])
        follow(others[2], victim)
        results = race(
            partial(services.user_delete, user_id=victim.pk),
            partial(services.post_like, user=others[1], post_id=own_post.pk),
            partial(services.comment_add, user=others[0], post_id=their_post.pk, text="re", parent_id=own_comment.pk),
            partial(services.comment_like, user=others[2], comment_id=own_comment.pk),
            partial(services.comment_like, user=others[0], comment_id=their_comment.pk),
            partial(services.post_like, user=victim, post_id=their_post.pk),
            partial(services.comment_add, user=victim, post_id=their_post.pk, text="mine"),
            partial(services.user_follow, user=victim, target_id=others[1].pk),
            partial(services.user_follow, user=others[1], target_id=victim.pk),
        )
        return unexpected(results)

    play_rounds(play)
    assert not PostComment.objects.filter(post__author__in=others).exists()
