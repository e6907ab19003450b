"""Feed writes: posts, comments, likes and follows. Counts shown in feeds are columns kept with F() in the same
transaction as the row they count, so they are exact under concurrent writes."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import AuthStatus, User
from accounts.services import user_require_status, user_update_profile
from common.errors import ErrorCode, Forbidden, NotFound
from common.files import file_delete_on_commit, file_replace
from common.images import image_process_post

from .models import (
    CAPTION_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    CommentLike,
    Follow,
    FollowRequest,
    Post,
    PostComment,
    PostLike,
)
from .selectors import user_can_see_content_of


def post_create(*, user: User, image, caption: str = "") -> Post:
    user_require_status(user, AuthStatus.DONE)
    caption = _caption(caption)
    processed = image_process_post(image)
    with transaction.atomic():
        post = Post(author=user, caption=caption, image_width=processed.width, image_height=processed.height)
        with file_replace(post.image, processed.content):
            post.save()
            User.objects.filter(pk=user.pk).update(posts_count=F("posts_count") + 1)
    return post


def post_update(*, user: User, post_id: UUID, caption: str) -> Post:
    user_require_status(user, AuthStatus.DONE)
    caption = _caption(caption)
    with transaction.atomic():
        post = _locked(Post.objects, post_id)
        if post.author_id != user.pk:
            raise Forbidden("Only the author can edit a post.")
        post.caption = caption
        post.save(update_fields=["caption", "updated_at"])
    return post


def post_delete(*, user: User, post_id: UUID) -> None:
    """Removes the post with its comments and likes; its image file goes once the deletion commits."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        post = _locked(Post.objects, post_id)
        if post.author_id != user.pk and not user.is_staff:
            raise Forbidden("Only the author can delete a post.")
        file_delete_on_commit(post.image)
        post.delete()
        User.objects.filter(pk=post.author_id).update(posts_count=F("posts_count") - 1)


def comment_add(*, user: User, post_id: UUID, text: str, parent_id: UUID | None = None) -> PostComment:
    """A reply to a reply is kept under the same top-level comment, two levels deep like Instagram's."""
    user_require_status(user, AuthStatus.DONE)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ValidationError("Write something first.", code=ErrorCode.REQUIRED)})
    if len(text) > COMMENT_MAX_LENGTH:
        too_long = ValidationError(f"Comments are at most {COMMENT_MAX_LENGTH} characters.", code=ErrorCode.TOO_LONG)
        raise ValidationError({"text": too_long})
    with transaction.atomic():
        post = _visible_post(user, post_id)
        thread_id = None
        if parent_id is not None:
            parent = PostComment.objects.filter(pk=parent_id, post_id=post.pk).first()
            if parent is None:
                raise ValidationError(
                    {
                        "parent_id": ValidationError(
                            "Reply to a comment on the same post.", code=ErrorCode.INVALID_PARENT
                        )
                    }
                )
            thread_id = parent.parent_id or parent.pk
        comment = PostComment.objects.create(author=user, post=post, parent_id=thread_id, text=text)
        Post.objects.filter(pk=post.pk).update(comments_count=F("comments_count") + 1)
        if thread_id is not None:
            PostComment.objects.filter(pk=thread_id).update(replies_count=F("replies_count") + 1)
    return comment


def comment_delete(*, user: User, comment_id: UUID) -> Post:
    """The comment's author or the post's author may delete it; its replies go with it. Returns the post."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        comment = _locked(PostComment.objects.select_related("post"), comment_id)
        if user.pk not in (comment.author_id, comment.post.author_id):
            raise Forbidden("Only the comment's author or the post's author can delete it.")
        removed = 1 + comment.replies_count
        comment.delete()
        Post.objects.filter(pk=comment.post_id).update(comments_count=F("comments_count") - removed)
        if comment.parent_id is not None:
            PostComment.objects.filter(pk=comment.parent_id).update(replies_count=F("replies_count") - 1)
    return comment.post


def post_like(*, user: User, post_id: UUID) -> Post:
    return _like_set(user, _visible_post, post_id, PostLike, "post", liked=True)


def post_unlike(*, user: User, post_id: UUID) -> Post:
    return _like_set(user, _visible_post, post_id, PostLike, "post", liked=False)


def comment_like(*, user: User, comment_id: UUID) -> PostComment:
    return _like_set(user, _visible_comment, comment_id, CommentLike, "comment", liked=True)


def comment_unlike(*, user: User, comment_id: UUID) -> PostComment:
    return _like_set(user, _visible_comment, comment_id, CommentLike, "comment", liked=False)


def _like_set(user: User, find, target_id: UUID, like_model, field: str, *, liked: bool):
    """Like or unlike, idempotently: the count moves only for the call that made or removed the row."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        target = find(user, target_id)
        link = {"user": user, field: target}
        changed = _link_create(like_model, **link) if liked else bool(like_model.objects.filter(**link).delete()[0])
        if changed:
            step = 1 if liked else -1
            type(target).objects.filter(pk=target.pk).update(likes_count=F("likes_count") + step)
    target.refresh_from_db(fields=["likes_count"])
    return target


def user_follow(*, user: User, target_id: UUID) -> User:
    """Follow a public account at once; ask a private one, whose owner approves or declines."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        target = _target(user, target_id)
        if Follow.objects.filter(follower=user, following=target).exists():
            return target
        if target.is_private:
            _link_create(FollowRequest, requester=user, target=target)
        else:
            _follow_create(follower=user, following=target)
    target.refresh_from_db(fields=["followers_count"])
    return target


def user_unfollow(*, user: User, target_id: UUID) -> User:
    """Stop following, or withdraw a request that is still waiting."""
    user_require_status(user, AuthStatus.DONE)
    with transaction.atomic():
        target = _target(user, target_id)
        FollowRequest.objects.filter(requester=user, target=target).delete()
        if Follow.objects.filter(follower=user, following=target).delete()[0]:
            _follow_counts(follower_id=user.pk, following_id=target.pk, step=-1)
    target.refresh_from_db(fields=["followers_count"])
    return target


def follow_request_approve(*, user: User, requester_id: UUID) -> User:
    with transaction.atomic():
        requester = _pending_requester(user, requester_id)
        _follow_create(follower=requester, following=user)
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
    follower.refresh_from_db(fields=["following_count"])
    return follower


def profile_update(*, user: User, **changes) -> User:
    """`accounts`' profile edit, plus the social graph's part of it: an account turned public lets in every
    request that was waiting, since nothing is left for the requests to protect."""
    with transaction.atomic():
        was_private = User.objects.select_for_update().filter(pk=user.pk).values_list("is_private", flat=True).get()
        user = user_update_profile(user=user, **changes)
        if was_private and not user.is_private:
            for request in FollowRequest.objects.filter(target=user).select_related("requester"):
                _follow_create(follower=request.requester, following=user)
            FollowRequest.objects.filter(target=user).delete()
    user.refresh_from_db(fields=["followers_count"])
    return user


def _pending_requester(owner: User, requester_id: UUID) -> User:
    """Takes the request away (approval then makes the follow); no request is `not_found`."""
    deleted = FollowRequest.objects.filter(target_id=owner.pk, requester_id=requester_id).delete()[0]
    if not deleted:
        raise NotFound("No follow request from this user.")
    return User.objects.get(pk=requester_id)


def _follow_create(*, follower: User, following: User) -> None:
    if _link_create(Follow, follower=follower, following=following):
        _follow_counts(follower_id=follower.pk, following_id=following.pk, step=1)


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
    target = User.objects.filter(pk=target_id, is_active=True).first()
    if target is None:
        raise NotFound("No such user.")
    if target.pk == user.pk:
        raise ValidationError(
            {"user_id": ValidationError("You cannot follow yourself.", code=ErrorCode.CANNOT_FOLLOW_SELF)}
        )
    return target


def _visible_post(user: User, post_id: UUID) -> Post:
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None:
        raise NotFound("No such post.")
    if not user_can_see_content_of(viewer=user, owner=post.author):
        raise Forbidden("This account is private.")
    return post


def _visible_comment(user: User, comment_id: UUID) -> PostComment:
    comment = PostComment.objects.select_related("post__author").filter(pk=comment_id).first()
    if comment is None:
        raise NotFound("No such comment.")
    if not user_can_see_content_of(viewer=user, owner=comment.post.author):
        raise Forbidden("This account is private.")
    return comment


def _locked(queryset, pk: UUID):
    """The row with this key, locked until the transaction ends, or `not_found`."""
    found = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


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
