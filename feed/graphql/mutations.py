import strawberry
import strawberry_django
from strawberry import Info

from accounts.graphql.types import Ok, UserType
from common.graphql.auth import require_user
from common.graphql.ids import node_pk

from .. import services
from .inputs import (
    AddCommentInput,
    ApproveFollowRequestInput,
    CreatePostInput,
    DeclineFollowRequestInput,
    DeleteCommentInput,
    DeletePostInput,
    FollowInput,
    LikeCommentInput,
    LikePostInput,
    UnfollowInput,
    UnlikeCommentInput,
    UnlikePostInput,
    UpdatePostInput,
)
from .types import CommentType, PostType


def _post(global_id: str):
    return node_pk(global_id, "Post")


def _comment(global_id: str):
    return node_pk(global_id, "Comment")


def _user(global_id: str):
    return node_pk(global_id, "User")


@strawberry.type
class Mutation:
    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Post a photo (multipart upload) with an optional caption of at most 2,200 characters. Codes: "
            "invalid_image, image_too_large, too_long, sign_up_incomplete."
        ),
    )
    def create_post(self, info: Info, input: CreatePostInput) -> PostType:
        return services.post_create(user=require_user(info), image=input.image, caption=input.caption)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Edit the caption of your post. Codes: not_found, forbidden, too_long.",
    )
    def update_post(self, info: Info, input: UpdatePostInput) -> PostType:
        return services.post_update(user=require_user(info), post_id=_post(input.id), caption=input.caption)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Delete your post with its comments, likes and image. Codes: not_found, forbidden.",
    )
    def delete_post(self, info: Info, input: DeletePostInput) -> Ok:
        services.post_delete(user=require_user(info), post_id=_post(input.id))
        return Ok()

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Comment on a post, or reply to a comment on it (a reply to a reply joins the same thread). "
            "Codes: not_found, forbidden, invalid_text."
        ),
    )
    def add_comment(self, info: Info, input: AddCommentInput) -> CommentType:
        parent_id = _comment(input.parent_id) if input.parent_id is not None else None
        return services.comment_add(
            user=require_user(info), post_id=_post(input.post_id), text=input.text, parent_id=parent_id
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Delete a comment (yours, or any on your post) with its replies. Codes: not_found, forbidden.",
    )
    def delete_comment(self, info: Info, input: DeleteCommentInput) -> Ok:
        services.comment_delete(user=require_user(info), comment_id=_comment(input.id))
        return Ok()

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Like a post; liking twice is one like. Codes: not_found, forbidden.",
    )
    def like_post(self, info: Info, input: LikePostInput) -> PostType:
        return services.post_like(user=require_user(info), post_id=_post(input.post_id))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Take a like back; idempotent. Codes: not_found, forbidden.",
    )
    def unlike_post(self, info: Info, input: UnlikePostInput) -> PostType:
        return services.post_unlike(user=require_user(info), post_id=_post(input.post_id))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Like a comment; liking twice is one like. Codes: not_found, forbidden.",
    )
    def like_comment(self, info: Info, input: LikeCommentInput) -> CommentType:
        return services.comment_like(user=require_user(info), comment_id=_comment(input.comment_id))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Take a like back; idempotent. Codes: not_found, forbidden.",
    )
    def unlike_comment(self, info: Info, input: UnlikeCommentInput) -> CommentType:
        return services.comment_unlike(user=require_user(info), comment_id=_comment(input.comment_id))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Follow an account; a private one gets a follow request instead. Idempotent. Codes: not_found, "
            "cannot_follow_self."
        ),
    )
    def follow(self, info: Info, input: FollowInput) -> UserType:
        return services.user_follow(user=require_user(info), target_id=_user(input.user_id))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Stop following, or withdraw a waiting request. Idempotent. Codes: not_found, cannot_follow_self.",
    )
    def unfollow(self, info: Info, input: UnfollowInput) -> UserType:
        return services.user_unfollow(user=require_user(info), target_id=_user(input.user_id))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Let a user who asked follow your private account. Codes: not_found.",
    )
    def approve_follow_request(self, info: Info, input: ApproveFollowRequestInput) -> UserType:
        return services.follow_request_approve(user=require_user(info), requester_id=_user(input.user_id))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Turn down a follow request. Codes: not_found.",
    )
    def decline_follow_request(self, info: Info, input: DeclineFollowRequestInput) -> UserType:
        return services.follow_request_decline(user=require_user(info), requester_id=_user(input.user_id))
