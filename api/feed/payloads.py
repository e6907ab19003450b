"""The payloads of the feed mutations (API.md version 2): each its own type, objects read after the write, new
objects with their edge (for `@prependEdge` / `@appendEdge`) and deleted ones by id (for `@deleteRecord`)."""

import strawberry
import strawberry_django

from api.accounts.payloads import UserPayload
from api.accounts.types import UserType
from common.graphql.internals import DjangoCursorEdge
from common.graphql.payloads import Payload

from .types import CommentType, PostType


@strawberry.type
class PostPayload(Payload):
    post: PostType | None = strawberry_django.field(default=None, description="The post, as it is now.")


@strawberry.type
class CommentPayload(Payload):
    comment: CommentType | None = strawberry_django.field(default=None, description="The comment, as it is now.")


@strawberry.type
class UserAndViewerPayload(UserPayload):
    viewer: UserType | None = strawberry_django.field(
        default=None, description="The signed-in user, with the new counts."
    )


@strawberry.type
class CreatePostPayload(PostPayload):
    post_edge: DjangoCursorEdge[PostType] | None = strawberry.field(
        default=None, description="The new post's edge, for lists ordered newest first."
    )


@strawberry.type
class UpdatePostPayload(PostPayload):
    pass


@strawberry.type
class DeletePostPayload(Payload):
    deleted_post_id: strawberry.ID | None = None


@strawberry.type
class AddCommentPayload(CommentPayload):
    comment_edge: DjangoCursorEdge[CommentType] | None = strawberry.field(
        default=None, description="The new comment's edge in `comments` (or `replies`), oldest first."
    )
    post: PostType | None = strawberry_django.field(default=None, description="The post, with its new count.")


@strawberry.type
class DeleteCommentPayload(Payload):
    deleted_comment_id: strawberry.ID | None = None
    post: PostType | None = strawberry_django.field(default=None, description="The post, with its new count.")


@strawberry.type
class LikePostPayload(PostPayload):
    pass


@strawberry.type
class UnlikePostPayload(PostPayload):
    pass


@strawberry.type
class SavePostPayload(PostPayload):
    pass


@strawberry.type
class UnsavePostPayload(PostPayload):
    pass


@strawberry.type
class LikeCommentPayload(CommentPayload):
    pass


@strawberry.type
class UnlikeCommentPayload(CommentPayload):
    pass


@strawberry.type
class FollowPayload(UserAndViewerPayload):
    pass


@strawberry.type
class UnfollowPayload(UserAndViewerPayload):
    pass


@strawberry.type
class RemoveFollowerPayload(UserAndViewerPayload):
    pass


@strawberry.type
class ApproveFollowRequestPayload(UserPayload):
    pass


@strawberry.type
class DeclineFollowRequestPayload(UserPayload):
    pass
