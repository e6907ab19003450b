"""`manage.py recount`: reports, per counter, how many rows disagree with their rows (exit status 1 when any
does), and with --fix repairs them in one UPDATE per counter."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from feed import services
from feed.counters import COUNTERS
from feed.models import Post, PostComment
from tests.factories import CommentFactory, PostFactory, UserFactory, follow

from .counts import count_mismatches

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed() -> dict:
    """A little of everything, every count exact."""
    alice, bob, carol = UserFactory.create_batch(3)
    follow(bob, alice)
    follow(carol, alice)
    posts = [PostFactory(author=alice) for _ in range(3)]
    for post in posts:
        services.post_like(user=bob, post_id=post.pk)
        thread = CommentFactory(post=post, author=bob)
        CommentFactory(post=post, author=carol, parent=thread)
        services.comment_like(user=carol, comment_id=thread.pk)
    assert count_mismatches() == []
    return {"alice": alice, "bob": bob, "posts": posts}


def recount(*args) -> str:
    out = StringIO()
    call_command("recount", *args, stdout=out)
    return out.getvalue()


def test_exact_counts_are_reported_exact(feed):
    report = recount()
    assert [line for line in report.splitlines() if "rows disagree" in line and ": 0 rows" not in line] == []
    assert "every count is exact" in report


def test_drift_is_reported_per_counter_with_a_failing_status_and_left_alone(feed):
    User.objects.filter(pk=feed["alice"].pk).update(followers_count=7, posts_count=0)
    Post.objects.filter(pk__in=[post.pk for post in feed["posts"][:2]]).update(likes_count=F("likes_count") + 3)
    PostComment.objects.filter(parent=None).update(replies_count=0)

    out = StringIO()
    with pytest.raises(CommandError, match="7 counts disagree"):
        call_command("recount", stdout=out)

    report = out.getvalue()
    assert "user.followers_count: 1 rows disagree" in report
    assert "user.posts_count: 1 rows disagree" in report
    assert "post.likes_count: 2 rows disagree" in report
    assert "comment.replies_count: 3 rows disagree" in report
    assert "post.comments_count: 0 rows disagree" in report
    assert User.objects.get(pk=feed["alice"].pk).followers_count == 7
    assert len(count_mismatches()) == 7


def test_fix_repairs_every_drifted_count_with_one_update_per_counter(feed):
    extra = [PostFactory(author=feed["bob"]) for _ in range(20)]
    Post.objects.update(likes_count=9, comments_count=9)
    PostComment.objects.update(likes_count=4, replies_count=4)
    User.objects.update(posts_count=5, followers_count=5, following_count=5)
    drifted = len(count_mismatches())
    assert drifted > 50

    with CaptureQueriesContext(connection) as queries:
        report = recount("--fix")

    updates = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert len(updates) == len(COUNTERS)
    assert f"{drifted} counts repaired" in report
    assert count_mismatches() == []
    assert "every count is exact" in recount()
    assert Post.objects.get(pk=extra[0].pk).likes_count == 0


def test_fix_leaves_exact_counts_untouched(feed):
    before = list(Post.objects.order_by("pk").values_list("updated_at", "likes_count", "comments_count"))
    report = recount("--fix")
    assert "0 counts repaired" in report
    assert list(Post.objects.order_by("pk").values_list("updated_at", "likes_count", "comments_count")) == before
