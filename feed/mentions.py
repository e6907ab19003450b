"""Mentions: `@username` in a caption or a comment, resolved to accounts when the text is written.

A mention links the text to the account (PostMention, CommentMention), so renaming the account keeps the link;
the text keeps what was written. Only accounts that finished sign-up can be mentioned. The services hold the
mentioned accounts before they lock the post (DESIGN.md's lock order: accounts, then posts), so a deletion of
one waits for the write, or the write finds it gone and does not link it.
"""

from uuid import UUID

from django.db.models.functions import Lower

from accounts.models import AuthStatus, User
from notifications.models import NotificationKind

from .models import CommentMention, Post, PostComment, PostMention
from .notifications import notification_send, notification_withdraw
from .text_entities import Span, mention_span_as


def mentions_resolve(spans: list[Span]) -> dict[Span, UUID]:
    """The spans that name an account, each with the span of the name found (a name ending in a dot is
    tried first) and the account's key."""
    names = {span.key for span in spans} | {span.alternative for span in spans if span.alternative}
    if not names:
        return {}
    accounts = dict(
        User.objects.filter(auth_status__in=[AuthStatus.DONE, AuthStatus.PHOTO_DONE], is_active=True)
        .annotate(name=Lower("username"))
        .filter(name__in=names)
        .values_list("name", "pk")
    )
    found = {}
    for span in spans:
        if span.alternative in accounts:
            found[mention_span_as(span, span.alternative)] = accounts[span.alternative]
        elif span.key in accounts:
            found[span] = accounts[span.key]
    return found


def post_mentions_set(*, actor: User, post: Post, accounts: set[UUID]) -> None:
    """The post mentions these accounts from now on: each newly mentioned one that may see the post is told
    (MENTIONED), and one the caption no longer names is told no more."""
    had = set(PostMention.objects.filter(post_id=post.pk).values_list("user_id", flat=True))
    PostMention.objects.filter(post_id=post.pk, user_id__in=had - accounts).delete()
    PostMention.objects.bulk_create(PostMention(post_id=post.pk, user_id=key) for key in accounts - had)
    for key in sorted(had - accounts):
        notification_withdraw(actor=actor, kind=NotificationKind.MENTIONED, recipient_id=key, post=post)
    for key in sorted(accounts - had):
        notification_send(recipient_id=key, actor=actor, kind=NotificationKind.MENTIONED, post=post)


def comment_mentions_set(*, actor: User, comment: PostComment, accounts: set[UUID]) -> None:
    """A new comment mentions these accounts: each that may see the post is told (MENTIONED)."""
    CommentMention.objects.bulk_create(CommentMention(comment_id=comment.pk, user_id=key) for key in accounts)
    for key in sorted(accounts):
        notification_send(recipient_id=key, actor=actor, kind=NotificationKind.MENTIONED, comment=comment)
