"""When the feed notifies, and what a recipient sees of it.

Services call these in the transaction of the act they tell of, so a notification exists exactly when its act
does: nobody hears of their own acts; an act undone (an unlike, an unfollow) takes its notification back; a
deleted post or comment takes its notifications along (the database cascade). Nobody is told of content they
may not see: the privacy rule of `feed.selectors` is checked when the notification is made and again whenever
it is read, since a follower who stops following loses sight of what they were told of before.
"""

from uuid import UUID

from django.db.models import Q, QuerySet

from accounts.models import User
from common.errors import NotFound
from notifications.models import Notification, NotificationKind
from notifications.services import notification_create, notifications_delete, notifications_mark_read

from .live import notification_added_publish
from .models import Post, PostComment
from .selectors import NEWEST_FIRST, _visible_to, user_can_see_content_of

Kind = NotificationKind


def notification_send(
    *,
    recipient_id: UUID,
    actor: User,
    kind: NotificationKind,
    post: Post | None = None,
    comment: PostComment | None = None,
) -> None:
    """Tell `recipient_id` that `actor` did `kind` (to `post`, or to `comment` on its post), unless it is the
    actor's own act or the recipient may not see that post. Pass the post (with its author loaded) or the
    comment (with `post.author` loaded): the rule then costs no query for a public account, one for a private
    one, and the notification one INSERT. Live subscribers hear of it after commit. Mentions call this too."""
    if recipient_id == actor.pk:
        return
    if comment is not None:
        post = comment.post
    if post is not None and not user_can_see_content_of(viewer=User(pk=recipient_id), owner=post.author):
        return
    notification = notification_create(
        recipient_id=recipient_id,
        actor_id=actor.pk,
        kind=kind,
        post_id=post.pk if post is not None else None,
        comment_id=comment.pk if comment is not None else None,
    )
    notification_added_publish(recipient_id=recipient_id, notification_id=notification.pk)


def notification_withdraw(
    *,
    actor: User,
    kind: NotificationKind,
    recipient_id: UUID | None = None,
    post: Post | None = None,
    comment: PostComment | None = None,
) -> None:
    """Take back what `notification_send` told of an act that was undone."""
    notifications_delete(
        actor_id=actor.pk,
        kinds=[kind],
        recipient_id=recipient_id,
        post_id=post.pk if post is not None else None,
        comment_id=comment.pk if comment is not None else None,
    )


def like_notify(*, actor: User, target: Post | PostComment, liked: bool) -> None:
    """A like tells the author of the post or comment; an unlike takes it back."""
    if isinstance(target, Post):
        kind, on = Kind.POST_LIKED, {"post": target}
    else:
        kind, on = Kind.COMMENT_LIKED, {"comment": target}
    if liked:
        notification_send(recipient_id=target.author_id, actor=actor, kind=kind, **on)
    else:
        notification_withdraw(actor=actor, kind=kind, recipient_id=target.author_id, **on)


def comment_notify(*, actor: User, comment: PostComment, replied_to: PostComment | None) -> None:
    """A reply tells the author of the comment it answers; any comment tells the post's author, unless the
    reply already told them. One notification per person for one comment."""
    told = None
    if replied_to is not None:
        notification_send(recipient_id=replied_to.author_id, actor=actor, kind=Kind.COMMENT_REPLIED, comment=comment)
        told = replied_to.author_id
    if comment.post.author_id != told:
        notification_send(recipient_id=comment.post.author_id, actor=actor, kind=Kind.POST_COMMENTED, comment=comment)


def notifications_of(*, recipient: User) -> QuerySet[Notification]:
    """The recipient's notifications, newest first, without those about content they may no longer see."""
    return (
        Notification.objects.filter(recipient_id=recipient.pk)
        .filter(Q(post__isnull=True) | _visible_to(recipient, "post__author"))
        .order_by(*NEWEST_FIRST)
    )


def notification_of(*, recipient: User, notification_id: UUID) -> QuerySet[Notification]:
    """One notification of the recipient, if it is there and they may see it (a live event's object)."""
    return notifications_of(recipient=recipient).filter(pk=notification_id)


def notifications_unread_count(*, recipient: User) -> int:
    return notifications_of(recipient=recipient).filter(read=False).count()


def notifications_read(*, recipient: User, up_to_id: UUID | None) -> None:
    """Mark read the recipient's notifications up to and including `up_to_id` (newest first), or all."""
    up_to = None
    if up_to_id is not None:
        up_to = (
            Notification.objects.filter(recipient_id=recipient.pk, pk=up_to_id).values_list("created_at", "pk").first()
        )
        if up_to is None:
            raise NotFound("No such notification.")
    notifications_mark_read(recipient_id=recipient.pk, up_to=up_to)
