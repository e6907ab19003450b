"""When the feed's services notify: every kind, one per actor, kind and target, taken back with its act, never
for one's own acts, never showing what the recipient may not see."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from common.errors import NotFound
from feed import services
from feed.models import Follow, PostLike
from feed.notifications import (
    notification_send,
    notifications_from_activity,
    notifications_of,
    notifications_read,
    notifications_unread_count,
)
from notifications.models import Notification
from notifications.models import NotificationKind as Kind
from tests.factories import CommentFactory, PostFactory, UserFactory, follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice.author")


@pytest.fixture
def bob():
    return UserFactory(username="bob.reader")


@pytest.fixture
def carol():
    return UserFactory(username="carol.commenter")


def told(recipient: User) -> list[tuple]:
    """What the recipient's activity tab shows, newest first: (kind, actor, post, comment)."""
    return [(n.kind, n.actor_id, n.post_id, n.comment_id) for n in notifications_of(recipient=recipient)]


def test_a_like_tells_the_posts_author(alice, bob):
    post = PostFactory(author=alice)
    services.post_like(user=bob, post_id=post.pk)
    assert told(alice) == [(Kind.POST_LIKED, bob.pk, post.pk, None)]
    assert notifications_unread_count(recipient=alice) == 1


def test_liking_your_own_post_tells_nobody(alice):
    post = PostFactory(author=alice)
    services.post_like(user=alice, post_id=post.pk)
    assert not Notification.objects.exists()


def test_like_unlike_like_leaves_one_notification_and_unlike_takes_it_back(alice, bob):
    post = PostFactory(author=alice)
    services.post_like(user=bob, post_id=post.pk)
    services.post_unlike(user=bob, post_id=post.pk)
    assert not Notification.objects.exists()
    services.post_like(user=bob, post_id=post.pk)
    services.post_like(user=bob, post_id=post.pk)
    assert told(alice) == [(Kind.POST_LIKED, bob.pk, post.pk, None)]


def test_the_same_act_told_twice_is_one_notification(alice, bob):
    post = PostFactory(author=alice)
    for _ in range(2):
        notification_send(recipient_id=alice.pk, actor=bob, kind=Kind.MENTIONED, post=post)
    assert told(alice) == [(Kind.MENTIONED, bob.pk, post.pk, None)]


def test_a_comment_tells_the_posts_author(alice, bob):
    post = PostFactory(author=alice)
    comment = services.comment_add(user=bob, post_id=post.pk, text="lovely")
    assert told(alice) == [(Kind.POST_COMMENTED, bob.pk, post.pk, comment.pk)]
    assert told(bob) == []


def test_each_comment_is_its_own_notification(alice, bob):
    post = PostFactory(author=alice)
    first = services.comment_add(user=bob, post_id=post.pk, text="one")
    second = services.comment_add(user=bob, post_id=post.pk, text="two")
    assert [row[3] for row in told(alice)] == [second.pk, first.pk]


def test_a_reply_tells_the_replied_comments_author_and_the_posts_author_once_each(alice, bob, carol):
    post = PostFactory(author=alice)
    question = CommentFactory(post=post, author=carol)
    reply = services.comment_add(user=bob, post_id=post.pk, text="yes", parent_id=question.pk)
    assert told(carol) == [(Kind.COMMENT_REPLIED, bob.pk, post.pk, reply.pk)]
    assert told(alice) == [(Kind.POST_COMMENTED, bob.pk, post.pk, reply.pk)]


def test_a_reply_to_the_posts_author_tells_them_once(alice, bob):
    post = PostFactory(author=alice)
    question = CommentFactory(post=post, author=alice)
    reply = services.comment_add(user=bob, post_id=post.pk, text="yes", parent_id=question.pk)
    assert told(alice) == [(Kind.COMMENT_REPLIED, bob.pk, post.pk, reply.pk)]


def test_a_reply_to_a_reply_tells_the_author_of_the_reply_it_answers(alice, bob, carol):
    post = PostFactory(author=alice)
    thread = CommentFactory(post=post, author=alice)
    answer = CommentFactory(post=post, author=carol, parent=thread)
    services.comment_add(user=bob, post_id=post.pk, text="and you?", parent_id=answer.pk)
    assert [kind for kind, *_ in told(carol)] == [Kind.COMMENT_REPLIED]


def test_a_comment_like_tells_the_comments_author_and_unlike_takes_it_back(alice, bob, carol):
    comment = CommentFactory(post=PostFactory(author=alice), author=carol)
    services.comment_like(user=bob, comment_id=comment.pk)
    assert told(carol) == [(Kind.COMMENT_LIKED, bob.pk, comment.post_id, comment.pk)]
    assert told(alice) == []
    services.comment_unlike(user=bob, comment_id=comment.pk)
    assert told(carol) == []


def test_follows_requests_and_approvals_are_told(alice, bob, carol):
    carol.is_private = True
    carol.save()
    services.user_follow(user=bob, target_id=alice.pk)
    assert told(alice) == [(Kind.FOLLOWED, bob.pk, None, None)]
    services.user_follow(user=bob, target_id=carol.pk)
    assert told(carol) == [(Kind.FOLLOW_REQUESTED, bob.pk, None, None)]
    services.follow_request_approve(user=carol, requester_id=bob.pk)
    assert told(carol) == []  # the request is handled: nothing is left to answer
    assert told(bob) == [(Kind.FOLLOW_APPROVED, carol.pk, None, None)]


def test_unfollowing_and_withdrawing_a_request_take_their_notifications_back(alice, bob, carol):
    carol.is_private = True
    carol.save()
    services.user_follow(user=bob, target_id=alice.pk)
    services.user_follow(user=bob, target_id=carol.pk)
    services.user_unfollow(user=bob, target_id=alice.pk)
    services.user_unfollow(user=bob, target_id=carol.pk)
    assert not Notification.objects.exists()


def test_a_declined_request_takes_its_notification_along(bob, carol):
    carol.is_private = True
    carol.save()
    services.user_follow(user=bob, target_id=carol.pk)
    services.follow_request_decline(user=carol, requester_id=bob.pk)
    assert not Notification.objects.exists()


def test_a_removed_follower_is_no_longer_told_as_a_follow(alice, bob):
    services.user_follow(user=bob, target_id=alice.pk)
    services.follower_remove(user=alice, follower_id=bob.pk)
    assert told(alice) == []


def test_turning_public_approves_the_waiting_requests_and_tells_their_authors(bob, carol):
    carol.is_private = True
    carol.save()
    services.user_follow(user=bob, target_id=carol.pk)
    services.profile_update(user=carol, is_private=False)
    assert told(carol) == []
    assert told(bob) == [(Kind.FOLLOW_APPROVED, carol.pk, None, None)]


def test_deleting_a_post_deletes_its_notifications(alice, bob):
    post = PostFactory(author=alice)
    services.post_like(user=bob, post_id=post.pk)
    comment = services.comment_add(user=bob, post_id=post.pk, text="hi")
    services.comment_like(user=alice, comment_id=comment.pk)
    assert Notification.objects.count() == 3
    services.post_delete(user=alice, post_id=post.pk)
    assert not Notification.objects.exists()


def test_deleting_a_comment_deletes_its_notifications_and_its_replies(alice, bob, carol):
    post = PostFactory(author=alice)
    comment = services.comment_add(user=bob, post_id=post.pk, text="hi")
    services.comment_add(user=carol, post_id=post.pk, text="hello", parent_id=comment.pk)
    services.post_like(user=bob, post_id=post.pk)
    services.comment_delete(user=bob, comment_id=comment.pk)
    assert told(alice) == [(Kind.POST_LIKED, bob.pk, post.pk, None)]
    assert told(bob) == []


def test_nobody_is_told_of_a_private_post_they_may_not_see(alice, bob, carol):
    alice.is_private = True
    alice.save()
    follow(bob, alice)
    post = PostFactory(author=alice)
    notification_send(recipient_id=carol.pk, actor=bob, kind=Kind.MENTIONED, post=post)
    assert not Notification.objects.exists()


def test_a_comment_like_is_not_told_to_an_author_who_stopped_following_the_private_account(alice, bob, carol):
    alice.is_private = True
    alice.save()
    follow(bob, alice)
    follow(carol, alice)
    comment = CommentFactory(post=PostFactory(author=alice), author=carol)
    services.user_unfollow(user=carol, target_id=alice.pk)
    services.comment_like(user=bob, comment_id=comment.pk)
    assert not Notification.objects.filter(recipient=carol).exists()


def test_what_a_recipient_no_longer_may_see_drops_out_of_the_list_and_the_count(alice, bob, carol):
    alice.is_private = True
    alice.save()
    follow(bob, alice)
    follow(carol, alice)
    comment = CommentFactory(post=PostFactory(author=alice), author=carol)
    services.comment_like(user=bob, comment_id=comment.pk)
    services.user_follow(user=bob, target_id=carol.pk)
    assert [kind for kind, *_ in told(carol)] == [Kind.FOLLOWED, Kind.COMMENT_LIKED]
    services.user_unfollow(user=carol, target_id=alice.pk)
    assert told(carol) == [(Kind.FOLLOWED, bob.pk, None, None)]
    assert notifications_unread_count(recipient=carol) == 1
    assert Notification.objects.filter(recipient=carol).count() == 2  # kept: seen again if carol is let back in


def test_marking_read_up_to_one_notification_leaves_the_newer_unread(alice, bob, carol):
    post = PostFactory(author=alice)
    services.post_like(user=bob, post_id=post.pk)
    services.post_like(user=carol, post_id=post.pk)
    services.user_follow(user=bob, target_id=alice.pk)
    _, middle, _ = notifications_of(recipient=alice)
    notifications_read(recipient=alice, up_to_id=middle.pk)
    assert [n.read for n in notifications_of(recipient=alice)] == [False, True, True]
    assert notifications_unread_count(recipient=alice) == 1
    notifications_read(recipient=alice, up_to_id=None)
    assert notifications_unread_count(recipient=alice) == 0


def test_marking_read_up_to_someone_elses_notification_is_not_found(alice, bob):
    services.post_like(user=bob, post_id=PostFactory(author=alice).pk)
    theirs = Notification.objects.get()
    with pytest.raises(NotFound):
        notifications_read(recipient=bob, up_to_id=theirs.pk)
    assert Notification.objects.get().read is False


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_notifying_adds_at_most_two_queries_to_the_write(alice, bob, carol):
    # The costliest case: a comment like on a private account's post, told to a follower (the rule's query).
    alice.is_private = True
    alice.save()
    follow(bob, alice)
    follow(carol, alice)
    post = PostFactory(author=alice)
    own, theirs = CommentFactory(post=post, author=bob), CommentFactory(post=post, author=carol)
    silent = _queries(lambda: services.comment_like(user=bob, comment_id=own.pk))
    telling = _queries(lambda: services.comment_like(user=bob, comment_id=theirs.pk))
    assert Notification.objects.filter(recipient=carol).count() == 1
    assert telling - silent <= 2
    liked = PostFactory(author=carol)
    assert _queries(lambda: services.post_like(user=bob, post_id=liked.pk)) - silent <= 2


def test_notifications_made_from_existing_activity_are_those_the_services_make(alice, bob, carol):
    carol.is_private = True
    carol.save()
    post = PostFactory(author=alice)
    services.post_like(user=bob, post_id=post.pk)
    services.post_like(user=alice, post_id=post.pk)
    comment = services.comment_add(user=bob, post_id=post.pk, text="hi")
    services.comment_add(user=alice, post_id=post.pk, text="thanks", parent_id=comment.pk)
    services.comment_add(user=carol, post_id=post.pk, text="me too", parent_id=comment.pk)
    services.comment_like(user=carol, comment_id=comment.pk)
    services.user_follow(user=bob, target_id=alice.pk)
    services.user_follow(user=bob, target_id=carol.pk)
    fields = ("recipient_id", "actor_id", "kind", "post_id", "comment_id", "read")
    made = sorted(Notification.objects.values_list(*fields))
    Notification.objects.all().delete()
    assert notifications_from_activity() == len(made) == 8
    assert sorted(Notification.objects.values_list(*fields)) == made
    assert notifications_from_activity() == 0  # made once


def test_seed_demo_makes_the_notifications_of_its_data(db):
    call_command("seed_demo", users=12, posts=30, likes=120, comments=40, follows=40, stdout=StringIO())
    liked = PostLike.objects.exclude(user=F("post__author")).count()
    assert Notification.objects.filter(kind=Kind.POST_LIKED).count() == liked > 0
    assert Notification.objects.filter(kind=Kind.FOLLOWED).count() == Follow.objects.count() > 0
    assert Notification.objects.filter(kind=Kind.POST_COMMENTED).exists()
