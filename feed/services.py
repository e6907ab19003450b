"""Feed writes: posts, comments, likes and follows. Counts shown in feeds are columns kept with F() in the same
transaction as the row they count, so they are exact under concurrent writes.

Locks are taken in one order: accounts (by key), then posts, then comments (by key). Before it writes, a write
locks the rows whose counts it moves and holds the accounts its new rows point at, so a deletion either waits
for it (and takes its rows along) or the write finds the row gone and answers `not_found`: never a deadlock,
never a foreign key failing at commit (PostgreSQL checks Django's foreign keys when the transaction commits)."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from accounts.models import AuthStatus, User
from accounts.services import user_require_status, user_update_profile
from common.errors import ErrorCode, Forbidden, NotFound
from common.files import file_delete_on_commit

from .counters import counts_refresh
from .hashtags import author_hashtags_recount, post_hashtags_set, posts_hashtags_release
from .live import comment_added_publish
from .media import MediaUpload, media_alt_texts_set, media_files_delete_on_commit, media_prepare, media_stored
from .mentions import comment_mentions_set, mentions_resolve, post_mentions_set
from .models import (
    CAPTION_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    CommentLike,
    Follow,
    FollowRequest,
    Post,
    PostComment,
    PostLike,
    PostMedia,
    SavedPost,
)
from .notifications import Kind, comment_notify, like_notify, notification_send, notification_withdraw
from .selectors import user_can_see_content_of
from .text_entities import Span, TextParts, entities_make, text_parse


def post_create(*, user: User, media: list[MediaUpload], caption: str = "") -> Post:
    """One to ten images (feed.media), checked and re-encoded before the transaction, and a caption whose
    hashtags and mentions are linked in it."""
    user_require_status(user, AuthStatus.DONE)
    caption = _caption(caption)
    parts = text_parse(caption, field="caption", hashtags=True)
    prepared = media_prepare(media)
    with transaction.atomic():
        mentions = _mentions_held(user, parts)
        author = _author_locked(user)
        post = Post(author=user, caption=caption, caption_entities=entities_make(caption, parts.hashtags, mentions))
        with media_stored(post, prepared) as rows:
            post.save()
            PostMedia.objects.bulk_create(rows)
            _caption_links_set(author, post, parts, mentions)
            User.objects.filter(pk=user.pk).update(posts_count=F("posts_count") + 1)
    return post


def post_update(*, user: User, post_id: UUID, caption: str | None = None, alt_texts: list[str] | None = None) -> Post:
    """A new caption (its hashtags and mentions follow it) and/or one alt text per image, in order; None keeps
    what is there."""
    user_require_status(user, AuthStatus.DONE)
    parts = None
    if caption is not None:
        caption = _caption(caption)
        parts = text_parse(caption, field="caption", hashtags=True)
    with transaction.atomic():
        mentions = _mentions_held(user, parts) if parts is not None else {}
        author = _author_locked(user) if parts is not None else user
        post = _locked(Post.objects.select_related("author"), post_id)
        if post.author_id != user.pk:
            raise Forbidden("Only the author can edit a post.")
        if alt_texts is not None:
            media_alt_texts_set(post=post, alt_texts=alt_texts)
        if parts is not None:
            post.caption = caption
            post.caption_entities = entities_make(caption, parts.hashtags, mentions)
            _caption_links_set(author, post, parts, mentions)
        post.save(update_fields=["caption", "caption_entities", "updated_at"])
    return post


def _mentions_held(user: User, parts: TextParts) -> dict[Span, UUID]:
    """The accounts a text mentions, held with the writer's (accounts come first in the lock order) so none
    of them can be deleted under the write; an account deleted meanwhile is not mentioned."""
    mentions = mentions_resolve(parts.mentions)
    held = _users_held({user.pk, *mentions.values()})
    if user.pk not in held:
        raise NotFound("No such user.")
    return {span: key for span, key in mentions.items() if key in held}


def _author_locked(user: User) -> User:
    """The author's row, fresh, locked (no key) after the accounts a text mentions and before the post: whether
    the account's posts count in their hashtags (feed.hashtags) cannot change until the write commits, since
    `profile_update` locks the account too."""
    return _locked(User.objects, user.pk, no_key=True)


def _caption_links_set(user: User, post: Post, parts: TextParts, mentions: dict[Span, UUID]) -> None:
    post_hashtags_set(post=post, spans=parts.hashtags, author=user)
    post_mentions_set(actor=user, post=post, accounts=set(mentions.values()))


def post_delete(*, user: User, post_id: UUID) -> None:
    """Removes the post with its comments and likes; its image file goes once the deletion commits."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        post = _post_locked_for_deletion(post_id)
        if post.author_id != user.pk and not user.is_staff:
            raise Forbidden("Only the author can delete a post.")
        _post_destroy(post)


def post_remove(*, post_id: UUID) -> None:
    """`post_delete` without asking who deletes: the admin's path."""
    with transaction.atomic():
        _post_destroy(_post_locked_for_deletion(post_id))


def _post_locked_for_deletion(post_id: UUID) -> Post:
    """Locks the author (whose posts_count moves), the post, then its comments: a like on a comment holds only
    the comment, and would otherwise commit between the cascade deleting the comment's likes and the comment."""
    author_id = Post.objects.filter(pk=post_id).values_list("author_id", flat=True).first()
    if author_id is None:
        raise NotFound("No such post.")
    _locked(User.objects, author_id, no_key=True)
    post = _locked(Post.objects, post_id)
    _rows_locked(PostComment.objects.filter(post_id=post_id))
    return post


def _post_destroy(post: Post) -> None:
    _post_files_delete_on_commit(post)
    posts_hashtags_release(post_ids=[post.pk])
    post.delete()
    User.objects.filter(pk=post.author_id).update(posts_count=F("posts_count") - 1)


def _post_files_delete_on_commit(post: Post) -> None:
    media_files_delete_on_commit(PostMedia.objects.filter(post_id=post.pk))


def comment_add(*, user: User, post_id: UUID, text: str, parent_id: UUID | None = None) -> PostComment:
    """A reply to a reply is kept under the same top-level comment, two levels deep like Instagram's."""
    user_require_status(user, AuthStatus.DONE)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ValidationError("Write something first.", code=ErrorCode.REQUIRED)})
    if len(text) > COMMENT_MAX_LENGTH:
        too_long = ValidationError(f"Comments are at most {COMMENT_MAX_LENGTH} characters.", code=ErrorCode.TOO_LONG)
        raise ValidationError({"text": too_long})
    parts = text_parse(text, field="text", hashtags=False)
    with transaction.atomic():
        mentions = _mentions_held(user, parts)
        post = _visible_post(user, post_id)
        thread_id = None
        if parent_id is not None:
            # No lock needed on the parent: every deletion of a comment locks its post first, and we hold it.
            parent = PostComment.objects.filter(pk=parent_id).first()
            if parent is None:
                raise NotFound("No such comment.")
            if parent.post_id != post.pk:
                raise ValidationError(
                    {
                        "parent_id": ValidationError(
                            "Reply to a comment on the same post.", code=ErrorCode.INVALID_PARENT
                        )
                    }
                )
            thread_id = parent.parent_id or parent.pk
        comment = PostComment.objects.create(
            author=user, post=post, parent_id=thread_id, text=text, text_entities=entities_make(text, [], mentions)
        )
        comment_mentions_set(actor=user, comment=comment, accounts=set(mentions.values()))
        Post.objects.filter(pk=post.pk).update(comments_count=F("comments_count") + 1)
        if thread_id is not None:
            PostComment.objects.filter(pk=thread_id).update(replies_count=F("replies_count") + 1)
        comment_notify(actor=user, comment=comment, replied_to=parent if parent_id is not None else None)
        comment_added_publish(post_id=post.pk, comment_id=comment.pk)
    return comment


def comment_delete(*, user: User, comment_id: UUID) -> Post:
    """The comment's author or the post's author may delete it; its replies go with it. Returns the post."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        comment = _comment_locked_for_deletion(comment_id)
        if user.pk not in (comment.author_id, comment.post.author_id):
            raise Forbidden("Only the comment's author or the post's author can delete it.")
        _comment_destroy(comment)
    return comment.post


def comment_remove(*, comment_id: UUID) -> None:
    """`comment_delete` without asking who deletes: the admin's path."""
    with transaction.atomic():
        _comment_destroy(_comment_locked_for_deletion(comment_id))


def _comment_locked_for_deletion(comment_id: UUID) -> PostComment:
    """Locks the post (whose comments_count moves), then in key order the comment, its replies (a like on a
    reply would otherwise race the cascade) and its thread (whose replies_count moves)."""
    post_id = PostComment.objects.filter(pk=comment_id).values_list("post_id", flat=True).first()
    if post_id is None:
        raise NotFound("No such comment.")
    post = _locked(Post.objects, post_id, no_key=True)
    comment = PostComment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise NotFound("No such comment.")
    comment.post = post
    own_and_thread = [comment.pk] if comment.parent_id is None else [comment.pk, comment.parent_id]
    _rows_locked(PostComment.objects.filter(Q(pk__in=own_and_thread) | Q(parent_id=comment.pk)))
    return comment


def _comment_destroy(comment: PostComment) -> None:
    """Its replies go with it, and the post counts them all."""
    removed = 1 + PostComment.objects.filter(parent_id=comment.pk).count()
    comment.delete()
    Post.objects.filter(pk=comment.post_id).update(comments_count=F("comments_count") - removed)
    if comment.parent_id is not None:
        PostComment.objects.filter(pk=comment.parent_id).update(replies_count=F("replies_count") - 1)


def user_delete(*, user_id: UUID) -> None:
    """Delete an account with everything it made and keep every count elsewhere exact: the admin's delete comes
    here, since the cascade alone skips the F() updates. Locks the account and the accounts on the other side of
    its follows, then the posts that go or whose counts move, then the comments likewise; after the cascade the
    counts of every row it touched are counted afresh. The photo and the posts' images go after the commit."""
    with transaction.atomic():
        user, partners = _account_locked_for_deletion(user_id)
        own_posts = Post.objects.filter(author_id=user_id)
        own_comments = PostComment.objects.filter(author_id=user_id)
        posts = _rows_locked(
            Post.objects.filter(
                Q(author_id=user_id)
                | Q(pk__in=PostLike.objects.filter(user_id=user_id).values("post_id"))
                | Q(pk__in=own_comments.values("post_id"))
            )
        )
        comments = _rows_locked(
            PostComment.objects.filter(
                Q(post_id__in=own_posts.values("pk"))
                | Q(author_id=user_id)
                | Q(parent_id__in=own_comments.values("pk"))  # replies to the account's comments
                | Q(pk__in=own_comments.values("parent_id"))  # threads the account replied in
                | Q(pk__in=CommentLike.objects.filter(user_id=user_id).values("comment_id"))
            )
        )
        file_delete_on_commit(user.photo)
        media_files_delete_on_commit(PostMedia.objects.filter(post__author_id=user_id))
        posts_hashtags_release(post_ids=own_posts.values_list("pk", flat=True))
        user.delete()
        counts_refresh(users=partners, posts=posts, comments=comments)


def _account_locked_for_deletion(user_id: UUID) -> tuple[User, list[UUID]]:
    """The account, then the accounts on the other side of its follows (whose counts move). The account comes
    first, whatever its key: once it is locked no follow of it can commit, so the partners read next are all of
    them. A follow waiting for the account holds its other account only in KEY SHARE (see `_users_held`), which
    our lock on the partners lets through: no deadlock. (Two accounts that follow each other, deleted at the
    same instant, can still deadlock: PostgreSQL then fails one deletion, and it can be done again.)"""
    user = _locked(User.objects, user_id)
    pairs = Follow.objects.filter(Q(follower_id=user_id) | Q(following_id=user_id))
    partners = {key for pair in pairs.values_list("follower_id", "following_id") for key in pair} - {user_id}
    locked = User.objects.filter(pk__in=partners).order_by("pk").select_for_update(no_key=True)
    return user, list(locked.values_list("pk", flat=True))


def post_like(*, user: User, post_id: UUID) -> Post:
    return _like_set(user, _visible_post, post_id, PostLike, "post", liked=True)


def post_unlike(*, user: User, post_id: UUID) -> Post:
    return _like_set(user, _visible_post, post_id, PostLike, "post", liked=False)


def comment_like(*, user: User, comment_id: UUID) -> PostComment:
    return _like_set(user, _visible_comment, comment_id, CommentLike, "comment", liked=True)


def comment_unlike(*, user: User, comment_id: UUID) -> PostComment:
    return _like_set(user, _visible_comment, comment_id, CommentLike, "comment", liked=False)


def post_save(*, user: User, post_id: UUID) -> Post:
    """Save a post the user may see, once: saving twice is one save."""
    return _save_set(user, post_id, saved=True)


def post_unsave(*, user: User, post_id: UUID) -> Post:
    return _save_set(user, post_id, saved=False)


def _save_set(user: User, post_id: UUID, *, saved: bool) -> Post:
    """Idempotent like a like, with no count to move: the unique constraint decides between racing saves, and
    the post is locked (no key) so a deletion waits for the save or the save finds the post gone."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        _actor_held(user)
        post = _visible_post(user, post_id)
        if saved:
            _link_create(SavedPost, user=user, post=post)
        else:
            SavedPost.objects.filter(user=user, post=post).delete()
    return post


def _like_set(user: User, find, target_id: UUID, like_model, field: str, *, liked: bool):
    """Like or unlike, idempotently: the count moves only for the call that made or removed the row."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        _actor_held(user)
        target = find(user, target_id)
        link = {"user": user, field: target}
        changed = _link_create(like_model, **link) if liked else bool(like_model.objects.filter(**link).delete()[0])
        if changed:
            step = 1 if liked else -1
            type(target).objects.filter(pk=target.pk).update(likes_count=F("likes_count") + step)
            like_notify(actor=user, target=target, liked=liked)
        target.refresh_from_db(fields=["likes_count"])  # under the lock: a deletion right after cannot fail it
    return target


def user_follow(*, user: User, target_id: UUID) -> User:
    """Follow a public account at once; ask a private one, whose owner approves or declines."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        target = _target(user, target_id)
        if Follow.objects.filter(follower=user, following=target).exists():
            return target
        if target.is_private:
            if _link_create(FollowRequest, requester=user, target=target):
                notification_send(recipient_id=target.pk, actor=user, kind=Kind.FOLLOW_REQUESTED)
        elif _follow_create(follower=user, following=target):
            notification_send(recipient_id=target.pk, actor=user, kind=Kind.FOLLOWED)
        target.refresh_from_db(fields=["followers_count"])
    return target


def user_unfollow(*, user: User, target_id: UUID) -> User:
    """Stop following, or withdraw a request that is still waiting."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        target = _target(user, target_id)
        if FollowRequest.objects.filter(requester=user, target=target).delete()[0]:
            notification_withdraw(actor=user, kind=Kind.FOLLOW_REQUESTED, recipient_id=target.pk)
        if Follow.objects.filter(follower=user, following=target).delete()[0]:
            _follow_counts(follower_id=user.pk, following_id=target.pk, step=-1)
            notification_withdraw(actor=user, kind=Kind.FOLLOWED, recipient_id=target.pk)
        target.refresh_from_db(fields=["followers_count"])
    return target


def follow_request_approve(*, user: User, requester_id: UUID) -> User:
    with transaction.atomic():
        _users_locked([user.pk, requester_id])
        requester = _pending_requester(user, requester_id)
        if _follow_create(follower=requester, following=user):
            notification_send(recipient_id=requester.pk, actor=user, kind=Kind.FOLLOW_APPROVED)
        requester.refresh_from_db(fields=["following_count"])
    return requester


def follow_request_decline(*, user: User, requester_id: UUID) -> User:
    with transaction.atomic():
        return _pending_requester(user, requester_id)


def follower_remove(*, user: User, follower_id: UUID) -> User:
    """Make an account stop following the user (what a private account does to someone it let in)."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        follower = _target(user, follower_id)
        if Follow.objects.filter(follower=follower, following=user).delete()[0]:
            _follow_counts(follower_id=follower.pk, following_id=user.pk, step=-1)
            notification_withdraw(actor=follower, kind=Kind.FOLLOWED, recipient_id=user.pk)
        follower.refresh_from_db(fields=["following_count"])
    return follower


def profile_update(*, user: User, **changes) -> User:
    """`accounts`' profile edit, plus the social graph's part of it: an account turned public lets in every
    request that was waiting, since nothing is left for the requests to protect; its posts count in their
    hashtags from then on (turned private, no more: feed.hashtags)."""
    with transaction.atomic():
        # First the lock accounts' edit takes (FOR UPDATE): a post write holding the account in KEY SHARE then
        # upgrades past this waiting lock, where taking a weaker lock first (as a follow does) deadlocked with it.
        _locked(User.objects, user.pk)
        # The owner and every waiting requester, locked in key order like any follow, since their counts move.
        requester_ids = FollowRequest.objects.filter(target_id=user.pk).values_list("requester_id", flat=True)
        locked = _users_locked([user.pk, *requester_ids])
        if user.pk not in locked:
            raise NotFound("No such user.")
        was_private = locked[user.pk].is_private
        user = user_update_profile(user=user, **changes)
        if was_private != user.is_private:
            author_hashtags_recount(author_id=user.pk, public=not user.is_private)
        if was_private and not user.is_private:
            for request in FollowRequest.objects.filter(target=user).select_related("requester"):
                notification_withdraw(actor=request.requester, kind=Kind.FOLLOW_REQUESTED, recipient_id=user.pk)
                if _follow_create(follower=request.requester, following=user):
                    notification_send(recipient_id=request.requester_id, actor=user, kind=Kind.FOLLOW_APPROVED)
            FollowRequest.objects.filter(target=user).delete()
        user.refresh_from_db(fields=["followers_count"])
    return user


def _pending_requester(owner: User, requester_id: UUID) -> User:
    """Takes the request away (approval then makes the follow); no request is `not_found`."""
    deleted = FollowRequest.objects.filter(target_id=owner.pk, requester_id=requester_id).delete()[0]
    if not deleted:
        raise NotFound("No follow request from this user.")
    requester = User.objects.get(pk=requester_id)
    notification_withdraw(actor=requester, kind=Kind.FOLLOW_REQUESTED, recipient_id=owner.pk)
    return requester


def _follow_create(*, follower: User, following: User) -> bool:
    """True only for the call that made the follow."""
    if _link_create(Follow, follower=follower, following=following):
        _follow_counts(follower_id=follower.pk, following_id=following.pk, step=1)
        return True
    return False


def _follow_counts(*, follower_id: UUID, following_id: UUID, step: int) -> None:
    User.objects.filter(pk=follower_id).update(following_count=F("following_count") + step)
    User.objects.filter(pk=following_id).update(followers_count=F("followers_count") + step)


def _link_create(model, **fields) -> bool:
    """Create a unique link row (a like, a follow) once; True only for the call that made it. The unique
    constraint decides between concurrent calls, inside a savepoint so the caller's transaction goes on."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def _target(user: User, target_id: UUID) -> User:
    """The other account of a follow; both accounts are locked, since both counts move."""
    if target_id == user.pk:
        raise ValidationError(
            {"user_id": ValidationError("You cannot follow yourself.", code=ErrorCode.CANNOT_FOLLOW_SELF)}
        )
    accounts = _users_locked([user.pk, target_id])
    target = accounts.get(target_id)
    if target is None or not target.is_active or user.pk not in accounts:
        raise NotFound("No such user.")
    return target


def _visible_post(user: User, post_id: UUID) -> Post:
    """The post, locked since the write will count on it, if the user may see it."""
    post = _locked(Post.objects.select_related("author"), post_id, no_key=True)
    if not user_can_see_content_of(viewer=user, owner=post.author):
        raise Forbidden("This account is private.")
    return post


def _visible_comment(user: User, comment_id: UUID) -> PostComment:
    """The comment, locked since the write will count on it, if the user may see it."""
    comment = _locked(PostComment.objects.select_related("post__author"), comment_id, no_key=True)
    if not user_can_see_content_of(viewer=user, owner=comment.post.author):
        raise Forbidden("This account is private.")
    return comment


def _locked(queryset, pk: UUID, *, no_key: bool = False):
    """The row with this key, locked until the transaction ends, or `not_found`. `no_key` for a write that
    keeps the row (its counts move): such locks let other rows' foreign-key checks on it through, and only a
    deletion or another count update waits."""
    found = queryset.select_for_update(of=("self",), no_key=no_key).filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No such {queryset.model._meta.verbose_name}.")
    return found


def _rows_locked(queryset) -> list[UUID]:
    """Every row of the queryset locked for deletion, in key order (so two paths that lock overlapping sets
    cannot deadlock); their keys."""
    return list(queryset.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))


def _users_held(keys) -> set[UUID]:
    """Hold these accounts against deletion until the transaction ends, in key order; the keys that exist. A
    write holds the accounts its new rows will point at, so a deletion waits for it or it finds the account
    gone. PostgreSQL's FOR KEY SHARE, which Django's select_for_update does not offer: unlike its exclusive
    modes it lets other writes to the rows (count updates) through, and that is what lets a deletion lock its
    account first and the account's partners after (`_account_locked_for_deletion`) without a deadlock."""
    rows = User.objects.filter(pk__in=keys).order_by("pk").values_list("pk", flat=True)
    if connection.vendor != "postgresql":
        return set(rows)  # SQLite lets one writer in at a time
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} FOR KEY SHARE", params)
        return {key for (key,) in cursor.fetchall()}


def _users_locked(keys) -> dict[UUID, User]:
    """Accounts whose counts move (a follow's two): held, then locked, each step in key order, so that two
    follows of the same accounts, or a follow and a deletion, cannot deadlock; those that exist."""
    _users_held(keys)
    rows = User.objects.filter(pk__in=keys).order_by("pk").select_for_update(no_key=True)
    return {user.pk: user for user in rows}


def _actor_held(user: User) -> None:
    if user.pk not in _users_held([user.pk]):
        raise NotFound("No such user.")


def _caption(caption: str | None) -> str:
    caption = (caption or "").strip()
    if len(caption) > CAPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "caption": ValidationError(
                    f"Captions are at most {CAPTION_MAX_LENGTH} characters.", code=ErrorCode.TOO_LONG
                )
            }
        )
    return caption
