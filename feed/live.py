"""The feed's live events: their names, the groups subscribers listen on, and publishing them after commit."""

from uuid import UUID

from common.live import publish_on_commit

NOTIFICATION_ADDED = "notification.added"
COMMENT_ADDED = "comment.added"


def notifications_group(recipient_id: UUID) -> str:
    return f"notifications.{recipient_id}"


def comments_group(post_id: UUID) -> str:
    return f"comments.{post_id}"


def notification_added_publish(*, recipient_id: UUID, notification_id: UUID) -> None:
    publish_on_commit(group=notifications_group(recipient_id), event=NOTIFICATION_ADDED, object_id=notification_id)


def comment_added_publish(*, post_id: UUID, comment_id: UUID) -> None:
    publish_on_commit(group=comments_group(post_id), event=COMMENT_ADDED, object_id=comment_id)
