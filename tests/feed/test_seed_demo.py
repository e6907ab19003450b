from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.db.models import F

from accounts.models import User
from feed.counters import counters_drift
from feed.models import (
    CommentLike,
    CommentMention,
    Follow,
    Hashtag,
    Post,
    PostComment,
    PostHashtag,
    PostLike,
    PostMedia,
    PostMention,
    SavedPost,
)
from notifications.models import Notification, NotificationKind

SIZE = {"users": 30, "posts": 400, "likes": 1500, "comments": 300, "comment_likes": 200, "follows": 120, "saves": 80}


def test_seed_demo_builds_consistent_data_with_exact_counts(db):
    call_command("seed_demo", **SIZE, stdout=StringIO())
    assert User.objects.count() == 30
    assert Post.objects.count() == 400
    assert PostLike.objects.count() == 1500
    assert PostComment.objects.count() == 300
    assert CommentLike.objects.count() == 200
    assert Follow.objects.count() == 120
    assert SavedPost.objects.count() == 80
    assert not Follow.objects.filter(follower=F("following")).exists()
    assert set(counters_drift().values()) == {0}
    replies = PostComment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    assert all(reply.post_id == reply.parent.post_id and reply.parent.parent_id is None for reply in replies)


def test_seed_demo_makes_mostly_single_images_some_carousels_and_long_tailed_likes_and_tags(db):
    call_command("seed_demo", **SIZE, stdout=StringIO())
    images = Counter(PostMedia.objects.values_list("post_id", flat=True))
    assert len(images) == 400 and max(images.values()) <= 10
    single = sum(1 for n in images.values() if n == 1)
    assert 0.6 * 400 < single < 0.9 * 400
    positions = sorted(PostMedia.objects.filter(post_id=max(images, key=images.get)).values_list("position", flat=True))
    assert positions == list(range(max(images.values())))
    likes = sorted(Post.objects.values_list("likes_count", flat=True), reverse=True)
    assert sum(likes[:40]) > 0.3 * sum(likes)  # the top tenth of posts draws a large share of the likes
    assert len(set(User.objects.values_list("followers_count", flat=True))) > 5  # not everyone alike
    tag_counts = sorted(Hashtag.objects.values_list("posts_count", flat=True), reverse=True)
    assert tag_counts[0] > 10 * max(tag_counts[50], 1)
    assert PostHashtag.objects.exists() and PostMention.objects.exists()
    mentioned = Post.objects.filter(post_mentions__isnull=False).first()
    assert any(entity["kind"] == "MENTION" for entity in mentioned.caption_entities)
    told = PostMention.objects.exclude(user=F("post__author")).count()
    told += CommentMention.objects.exclude(user=F("comment__author")).count()
    assert Notification.objects.filter(kind=NotificationKind.MENTIONED).count() == told > 0
