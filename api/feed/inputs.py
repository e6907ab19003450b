import strawberry
from strawberry.file_uploads import Upload


@strawberry.input
class CreatePostInput:
    image: Upload
    caption: str = ""


@strawberry.input
class UpdatePostInput:
    id: strawberry.ID
    caption: str


@strawberry.input
class DeletePostInput:
    id: strawberry.ID


@strawberry.input
class AddCommentInput:
    post_id: strawberry.ID
    text: str
    parent_id: strawberry.ID | None = None


@strawberry.input
class DeleteCommentInput:
    id: strawberry.ID


@strawberry.input
class LikePostInput:
    post_id: strawberry.ID


@strawberry.input
class UnlikePostInput:
    post_id: strawberry.ID


@strawberry.input
class LikeCommentInput:
    comment_id: strawberry.ID


@strawberry.input
class UnlikeCommentInput:
    comment_id: strawberry.ID


@strawberry.input
class FollowInput:
    user_id: strawberry.ID


@strawberry.input
class UnfollowInput:
    user_id: strawberry.ID


@strawberry.input
class ApproveFollowRequestInput:
    user_id: strawberry.ID


@strawberry.input
class DeclineFollowRequestInput:
    user_id: strawberry.ID


@strawberry.input
class RemoveFollowerInput:
    user_id: strawberry.ID
