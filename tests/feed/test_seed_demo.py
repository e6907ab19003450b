from io import StringIO

from django.core.management import call_command
from django.db.models import F

from accounts.models import User
from feed.models import Follow, Post, PostComment, PostLike


def test_seed_demo_builds_consistent_data_with_exact_counts(db):
    call_command("seed_demo", users=12, posts=40, likes=150, comments=60, follows=50, stdout=StringIO())
    assert User.objects.count() == 12
    assert Post.objects.count() == 40
    assert PostLike.objects.count() == 150
    assert PostComment.objects.count() == 60
    assert Follow.objects.count() == 50
    assert not Follow.objects.filter(follower=F("following")).exists()
    for post in Post.objects.all():
        assert post.likes_count == post.likes.count()
        assert post.comments_count == post.comments.count()
    for user in User.objects.all():
        assert user.followers_count == Follow.objects.filter(following=user).count()
        assert user.posts_count == user.posts.count()
    replies = PostComment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    assert all(reply.post_id == reply.parent.post_id and reply.parent.parent_id is None for reply in replies)
