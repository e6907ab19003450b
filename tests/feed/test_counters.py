"""Every path that deletes rows keeps every count exact: an account deleted in the admin, from its page or with the
bulk action, and posts and comments deleted there. Counts are checked against fresh COUNTs of the rows."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import User
from feed import services
from feed.counters import counters_drift
from feed.models import CommentLike, Follow, FollowRequest, Post, PostComment, PostLike
from tests.factories import CommentFactory, PostFactory, UserFactory, follow
from tests.images import image_bytes

from .counts import count_mismatches

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """The admin's after-commit work (file removal) runs as a real commit would run it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


class BusyAccount:
    """An account with follows both ways and waiting requests; its post liked, commented and replied to by
    others; its likes, comments and replies on others' posts and comments, themselves liked and replied to."""

    def __init__(self, others: list[User]):
        a, b, c = others
        self.user = user = UserFactory()
        user.photo.save("me.jpg", ContentFile(image_bytes()))
        for followed in (a, b):
            follow(user, followed)
        follow(c, user)
        FollowRequest.objects.create(requester=user, target=c)
        self.post = PostFactory(author=user)
        services.post_like(user=a, post_id=self.post.pk)
        theirs = services.comment_add(user=a, post_id=self.post.pk, text="nice")
        services.comment_add(user=b, post_id=self.post.pk, text="yes", parent_id=theirs.pk)
        services.comment_like(user=c, comment_id=theirs.pk)

        self.elsewhere = elsewhere = PostFactory(author=a)
        thread = services.comment_add(user=b, post_id=elsewhere.pk, text="first")
        services.post_like(user=user, post_id=elsewhere.pk)
        mine = services.comment_add(user=user, post_id=elsewhere.pk, text="mine")
        services.comment_add(user=c, post_id=elsewhere.pk, text="to you", parent_id=mine.pk)
        services.comment_like(user=b, comment_id=mine.pk)
        my_reply = services.comment_add(user=user, post_id=elsewhere.pk, text="me too", parent_id=thread.pk)
        services.comment_like(user=a, comment_id=my_reply.pk)
        services.comment_like(user=user, comment_id=thread.pk)
        their_reply = services.comment_add(user=c, post_id=elsewhere.pk, text="and me", parent_id=thread.pk)
        services.comment_like(user=user, comment_id=their_reply.pk)
        self.thread = thread


def assert_gone_with_every_count_exact(*accounts: BusyAccount) -> None:
    keys = [account.user.pk for account in accounts]
    assert not User.objects.filter(pk__in=keys).exists()
    assert not PostComment.objects.filter(author__in=keys).exists()
    assert not PostLike.objects.filter(user__in=keys).exists()
    assert not CommentLike.objects.filter(user__in=keys).exists()
    assert not Follow.objects.filter(follower__in=keys).exists()
    assert not FollowRequest.objects.filter(requester__in=keys).exists()
    assert count_mismatches() == []
    assert set(counters_drift().values()) == {0}


def test_an_account_deleted_from_its_admin_page_leaves_every_count_exact(staff, run_on_commit):
    a, b, c = others = UserFactory.create_batch(3)
    account = BusyAccount(others)
    files = [account.user.photo.path, account.post.media.get().image.path]
    assert count_mismatches() == []

    with run_on_commit():
        response = staff.post(reverse("admin:accounts_user_delete", args=[account.user.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert_gone_with_every_count_exact(account)
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.followers_count, b.followers_count, c.following_count) == (0, 0, 0)
    account.elsewhere.refresh_from_db()
    account.thread.refresh_from_db()
    # Left on the other post: the thread and c's reply in it (the account's comment took c's reply with it).
    assert (account.elsewhere.likes_count, account.elsewhere.comments_count) == (0, 2)
    assert (account.thread.likes_count, account.thread.replies_count) == (0, 1)
    assert not Post.objects.filter(pk=account.post.pk).exists()
    assert [path for path in files if account.user.photo.storage.exists(path)] == []


def test_accounts_deleted_together_with_the_bulk_action_leave_every_count_exact(staff, run_on_commit):
    others = UserFactory.create_batch(3)
    first, second = BusyAccount(others), BusyAccount(others)
    # The two know each other too: a follow, a like and a reply across them.
    follow(first.user, second.user)
    services.post_like(user=first.user, post_id=second.post.pk)
    thread = services.comment_add(user=second.user, post_id=first.post.pk, text="hi")
    services.comment_add(user=first.user, post_id=first.post.pk, text="hello", parent_id=thread.pk)
    bystander = UserFactory()
    assert count_mismatches() == []

    with run_on_commit():
        response = staff.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "delete_selected", "_selected_action": [first.user.pk, second.user.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert_gone_with_every_count_exact(first, second)
    assert User.objects.filter(pk__in=[bystander.pk, *(other.pk for other in others)]).count() == 4


def test_a_thread_deleted_in_the_admin_takes_its_replies_off_the_post_count(staff):
    post = PostFactory()
    thread = CommentFactory(post=post)
    CommentFactory(post=post, parent=thread)
    CommentFactory(post=post)

    response = staff.post(reverse("admin:feed_postcomment_delete", args=[thread.pk]), {"post": "yes"})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.comments_count == PostComment.objects.filter(post=post).count() == 1
    assert count_mismatches() == []


def test_a_thread_and_its_reply_deleted_together_in_the_admin_are_counted_once(staff):
    post = PostFactory()
    thread = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=thread)
    other_thread = CommentFactory(post=post)
    other_reply = CommentFactory(post=post, parent=other_thread)

    response = staff.post(
        reverse("admin:feed_postcomment_changelist"),
        {"action": "delete_selected", "_selected_action": [thread.pk, reply.pk, other_reply.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert list(PostComment.objects.values_list("pk", flat=True)) == [other_thread.pk]
    post.refresh_from_db(), other_thread.refresh_from_db()
    assert (post.comments_count, other_thread.replies_count) == (1, 0)
    assert count_mismatches() == []


def test_posts_deleted_in_the_admin_leave_their_authors_counts_exact(staff, run_on_commit):
    author = UserFactory()
    kept, gone, also_gone = PostFactory(author=author), PostFactory(author=author), PostFactory()
    services.comment_add(user=author, post_id=gone.pk, text="mine")
    image = gone.media.get().image

    with run_on_commit():
        response = staff.post(
            reverse("admin:feed_post_changelist"),
            {"action": "delete_selected", "_selected_action": [gone.pk, also_gone.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert list(Post.objects.values_list("pk", flat=True)) == [kept.pk]
    author.refresh_from_db()
    assert author.posts_count == 1
    assert not image.storage.exists(image.name)
    assert count_mismatches() == []


@pytest.mark.parametrize("model", ["postlike", "commentlike", "follow"])
def test_likes_and_follows_cannot_be_deleted_or_added_in_the_admin(staff, model):
    """They are counted on the rows they join; only the API's services make or remove them."""
    post = PostFactory()
    like = PostLike.objects.create(user=UserFactory(), post=post)
    comment_like = CommentLike.objects.create(user=UserFactory(), comment=CommentFactory(post=post))
    made = {"postlike": like, "commentlike": comment_like, "follow": follow(UserFactory(), UserFactory())}[model]

    assert staff.post(reverse(f"admin:feed_{model}_delete", args=[made.pk]), {"post": "yes"}).status_code == 403
    assert staff.get(reverse(f"admin:feed_{model}_add")).status_code == 403
    assert type(made).objects.filter(pk=made.pk).exists()
