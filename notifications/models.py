"""Notifications: who did what to whom, about which post or comment. The rows only; when one is made is the
feed's rule (`feed.notifications`), so this app knows nothing of likes, comments or privacy."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import BaseModel


class NotificationKind(models.TextChoices):
    POST_LIKED = "post_liked", "liked your post"
    POST_COMMENTED = "post_commented", "commented on your post"
    COMMENT_REPLIED = "comment_replied", "replied to your comment"
    COMMENT_LIKED = "comment_liked", "liked your comment"
    MENTIONED = "mentioned", "mentioned you"
    FOLLOWED = "followed", "started following you"
    FOLLOW_REQUESTED = "follow_requested", "asked to follow you"
    FOLLOW_APPROVED = "follow_approved", "approved your follow request"


class Notification(BaseModel):
    """One per recipient, actor, kind and target (the comment when there is one, else the post, else none):
    three partial unique indexes, since NULLs never collide in a plain one.

    `recipient` and `post` have no database constraint. A write that notifies locks the rows it acts on (the
    actor, the post or comment) but not the recipient, nor the post of a liked comment; PostgreSQL checks a
    foreign key at commit with a key-share lock on the row it points at, which would then be taken after the
    post's or comment's, against the order account and post deletion lock them in (account, post, comment), and
    could deadlock with them. The rows still go with their recipient and post: the deleting services delete
    through Django's cascade, and a write that notifies about a post or comment holds that row's lock, which
    the deletion waits for."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_constraint=False
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    post = models.ForeignKey(
        "feed.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_constraint=False
    )
    comment = models.ForeignKey("feed.PostComment", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    read = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "actor", "kind"],
                condition=Q(post__isnull=True, comment__isnull=True),
                name="notification_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["recipient", "actor", "kind", "post"],
                condition=Q(post__isnull=False, comment__isnull=True),
                name="notification_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["recipient", "actor", "kind", "comment"],
                condition=Q(comment__isnull=False),
                name="notification_once_per_comment",
            ),
        ]
        indexes = [
            # The activity tab: a recipient's newest first, keyset on (created_at, id).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest_idx"),
            # The badge: only unread rows are indexed, so the count reads a handful of entries.
            models.Index(fields=["recipient"], condition=Q(read=False), name="notification_unread_idx"),
        ]

    def __str__(self):
        return f"{self.actor_id} {self.get_kind_display()} ({self.recipient_id})"
