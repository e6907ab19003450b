"""Writing notifications: the primitives `feed.notifications` builds its rules on. No rule lives here: the caller
has decided that this recipient is to hear of this act."""

from datetime import datetime
from uuid import UUID

from django.db.models import Q

from .models import Notification, NotificationKind


def notification_create(
    *,
    recipient_id: UUID,
    actor_id: UUID,
    kind: NotificationKind,
    post_id: UUID | None = None,
    comment_id: UUID | None = None,
) -> Notification:
    """Insert the notification unless the same one (recipient, actor, kind, target) exists. One query: an
    INSERT that the unique indexes turn into nothing on a duplicate (ON CONFLICT DO NOTHING / INSERT OR
    IGNORE), where get_or_create would add a SELECT and a savepoint to the write that notifies. The returned
    row's id is the new one's; when a duplicate was ignored, no row has it."""
    notification = Notification(
        recipient_id=recipient_id, actor_id=actor_id, kind=kind, post_id=post_id, comment_id=comment_id
    )
    Notification.objects.bulk_create([notification], ignore_conflicts=True)
    return notification


def notifications_delete(
    *,
    actor_id: UUID,
    kinds: list[NotificationKind],
    recipient_id: UUID | None = None,
    post_id: UUID | None = None,
    comment_id: UUID | None = None,
) -> None:
    """Delete the notifications of an act that was undone (an unlike, an unfollow, a withdrawn request)."""
    rows = Notification.objects.filter(actor_id=actor_id, kind__in=kinds)
    if recipient_id is not None:
        rows = rows.filter(recipient_id=recipient_id)
    if comment_id is not None:
        rows = rows.filter(comment_id=comment_id)
    elif post_id is not None:
        rows = rows.filter(post_id=post_id, comment__isnull=True)
    rows.delete()


def notifications_mark_read(*, recipient_id: UUID, up_to: tuple[datetime, UUID] | None) -> int:
    """Mark read the recipient's notifications up to and including `up_to` (its time and id) in newest-first
    order, or all of them. Returns how many changed."""
    rows = Notification.objects.filter(recipient_id=recipient_id, read=False)
    if up_to is not None:
        created_at, pk = up_to
        rows = rows.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lte=pk))
    return rows.update(read=True)
