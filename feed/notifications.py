"""When the feed notifies, and what a recipient sees of it.

Services call these in the transaction of the act they tell of, so a notification exists exactly when its act
does: nobody hears of their own acts; an act undone (an unlike, an unfollow) takes its notification back; a
deleted post or comment takes its notifications along (the database cascade). Nobody is told of content they
may not see: the privacy rule of `feed.selectors` is checked when the notification is made and again whenever
it is read, since a follower who stops following loses sight of what they were told of before.
"""

from uuid import UUID

from django.db import connection
from django.db.models import Q, QuerySet

from accounts.models import User
from common.errors import NotFound
from notifications.models import Notification, NotificationKind
from notifications.services import notification_create, notifications_delete, notifications_mark_read

from .live import notification_added_publish
from .models import CommentLike, CommentMention, Follow, FollowRequest, Post, PostComment, PostLike, PostMention
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


def notifications_from_activity() -> int:
    """Make, in one statement, the notifications that the likes, comments, comment likes, follows, follow
    requests and mentions already in the database would have made (`seed_demo`'s data is inserted in bulk, not
    through the services). The same rules as `comment_notify`, `like_notify` and feed.mentions, said in SQL;
    what a recipient may not see is hidden when read. Returns how many were made."""
    tables = {
        "post": Post._meta.db_table,
        "comment": PostComment._meta.db_table,
        "post_like": PostLike._meta.db_table,
        "comment_like": CommentLike._meta.db_table,
        "follow": Follow._meta.db_table,
        "request": FollowRequest._meta.db_table,
        "post_mention": PostMention._meta.db_table,
        "comment_mention": CommentMention._meta.db_table,
        "notification": Notification._meta.db_table,
    }
    kinds = {kind.name: kind.value for kind in Kind}
    activity = " UNION ALL ".join(
        select.format(**tables, **kinds)
        for select in (
            "SELECT l.created_at AS at, p.author_id AS recipient, l.user_id AS actor, '{POST_LIKED}' AS kind, "
            "l.post_id AS post, NULL AS comment FROM {post_like} l "
            "JOIN {post} p ON p.id = l.post_id WHERE l.user_id <> p.author_id",
            "SELECT c.created_at, p.author_id, c.author_id, '{POST_COMMENTED}', c.post_id, c.id FROM {comment} c "
            "JOIN {post} p ON p.id = c.post_id LEFT JOIN {comment} t ON t.id = c.parent_id "
            "WHERE c.author_id <> p.author_id AND (t.id IS NULL OR t.author_id <> p.author_id)",
            "SELECT c.created_at, t.author_id, c.author_id, '{COMMENT_REPLIED}', c.post_id, c.id FROM {comment} c "
            "JOIN {comment} t ON t.id = c.parent_id WHERE c.author_id <> t.author_id",
            "SELECT l.created_at, c.author_id, l.user_id, '{COMMENT_LIKED}', c.post_id, c.id FROM {comment_like} l "
            "JOIN {comment} c ON c.id = l.comment_id WHERE l.user_id <> c.author_id",
            "SELECT created_at, following_id, follower_id, '{FOLLOWED}', NULL, NULL FROM {follow}",
            "SELECT created_at, target_id, requester_id, '{FOLLOW_REQUESTED}', NULL, NULL FROM {request}",
            "SELECT m.created_at, m.user_id, p.author_id, '{MENTIONED}', m.post_id, NULL FROM {post_mention} m "
            "JOIN {post} p ON p.id = m.post_id WHERE m.user_id <> p.author_id",
            "SELECT m.created_at, m.user_id, c.author_id, '{MENTIONED}', c.post_id, c.id FROM {comment_mention} m "
            "JOIN {comment} c ON c.id = m.comment_id WHERE m.user_id <> c.author_id",
        )
    )
    # Keys as Django stores them: a uuid on PostgreSQL, 32 hex digits on SQLite.
    new_key = "gen_random_uuid()" if connection.vendor == "postgresql" else "lower(hex(randomblob(16)))"
    insert = (
        f"INSERT INTO {tables['notification']} "
        "(id, created_at, updated_at, recipient_id, actor_id, kind, post_id, comment_id, read) "
        f"SELECT {new_key}, a.at, a.at, a.recipient, a.actor, a.kind, a.post, a.comment, %s "
        f"FROM ({activity}) AS a WHERE true ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(insert, [False])
        return cursor.rowcount
