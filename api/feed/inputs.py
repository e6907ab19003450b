import strawberry
from strawberry.file_uploads import Upload


@strawberry.input(description="One image of a new post.")
class PostMediaInput:
    image: Upload = strawberry.field(description="A JPEG, PNG or WebP of at most 10 MB and 40 megapixels.")
    alt_text: str = strawberry.field(default="", description="For screen readers: at most 1,000 characters.")


@strawberry.input
class CreatePostInput:
    media: list[PostMediaInput] = strawberry.field(description="1 to 10 images, in the order they are shown.")
    caption: str = ""


@strawberry.input
class UpdatePostInput:
    id: strawberry.ID
    caption: str | None = strawberry.field(
        default=None, description="The new caption (its hashtags and mentions follow it); null keeps it."
    )
    alt_texts: list[str] | None = strawberry.field(
        default=None,
        description=(
            "One alt text per image, in the images' order (an empty string removes one); null keeps them. "
            "A list of another length is refused."
        ),
    )


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
class SavePostInput:
    post_id: strawberry.ID


@strawberry.input
class UnsavePostInput:
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
