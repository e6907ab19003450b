import strawberry
from strawberry import Info, relay

from common.errors import ErrorCode as E
from common.graphql.auth import require_user
from common.graphql.ids import node_pk
from common.graphql.pagination import edge_for
from common.graphql.payloads import fresh, payload_mutation
from feed import selectors, services
from feed.media import MediaUpload

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
    RemoveFollowerInput,
    SavePostInput,
    UnfollowInput,
    UnlikeCommentInput,
    UnlikePostInput,
    UnsavePostInput,
    UpdatePostInput,
)
from .payloads import (
    AddCommentPayload,
    ApproveFollowRequestPayload,
    CreatePostPayload,
    DeclineFollowRequestPayload,
    DeleteCommentPayload,
    DeletePostPayload,
    FollowPayload,
    LikeCommentPayload,
    LikePostPayload,
    RemoveFollowerPayload,
    SavePostPayload,
    UnfollowPayload,
    UnlikeCommentPayload,
    UnlikePostPayload,
    UnsavePostPayload,
    UpdatePostPayload,
)

# Who may act on a post or a comment: an unknown or malformed id, someone else's, a private account's.
ON_POST = (E.NOT_FOUND, E.FORBIDDEN, E.SIGN_UP_INCOMPLETE)
ON_USER = (E.NOT_FOUND, E.CANNOT_FOLLOW_SELF, E.SIGN_UP_INCOMPLETE)


def _post(global_id: str):
    return node_pk(global_id, "Post")


def _comment(global_id: str):
    return node_pk(global_id, "Comment")


def _user(global_id: str):
    return node_pk(global_id, "User")


@strawberry.type
class Mutation:
    @payload_mutation(
        codes=(E.REQUIRED, E.TOO_MANY, E.INVALID_IMAGE, E.IMAGE_TOO_LARGE, E.TOO_LONG, E.SIGN_UP_INCOMPLETE),
        description=(
            "Post 1 to 10 photos (a multipart upload), each with an optional alt text of at most 1,000 characters, "
            "and a caption of at most 2,200 characters with at most 30 hashtags and 20 mentions. An error about "
            "one image names it by its place in the list: `media.2.image`, `media.0.altText`."
        ),
    )
    def create_post(self, info: Info, input: CreatePostInput) -> CreatePostPayload:
        media = [MediaUpload(image=item.image, alt_text=item.alt_text) for item in input.media]
        post = services.post_create(user=require_user(info), media=media, caption=input.caption)
        return CreatePostPayload(post=fresh(post), post_edge=edge_for(post, selectors.posts_explore(viewer=None)))

    @payload_mutation(
        codes=(*ON_POST, E.TOO_LONG, E.TOO_MANY, E.REQUIRED),
        description=(
            "Edit your post: its caption (hashtags and mentions follow it) and the alt texts of its images, one per "
            "image in order (`altTexts.1` names the second when it is too long)."
        ),
    )
    def update_post(self, info: Info, input: UpdatePostInput) -> UpdatePostPayload:
        post = services.post_update(
            user=require_user(info), post_id=_post(input.id), caption=input.caption, alt_texts=input.alt_texts
        )
        return UpdatePostPayload(post=fresh(post))

    @payload_mutation(codes=ON_POST, description="Delete your post with its comments, likes and image.")
    def delete_post(self, info: Info, input: DeletePostInput) -> DeletePostPayload:
        post_id = _post(input.id)
        services.post_delete(user=require_user(info), post_id=post_id)
        return DeletePostPayload(deleted_post_id=relay.to_base64("Post", post_id))

    @payload_mutation(
        codes=(*ON_POST, E.REQUIRED, E.TOO_LONG, E.INVALID_PARENT),
        description=(
            "Comment on a post, or reply to a comment on it (a reply to a reply joins the same thread). "
            "`commentEdge` belongs to the post's `comments`, or to the thread's `replies` for a reply."
        ),
    )
    def add_comment(self, info: Info, input: AddCommentInput) -> AddCommentPayload:
        parent_id = _comment(input.parent_id) if input.parent_id is not None else None
        comment = services.comment_add(
            user=require_user(info), post_id=_post(input.post_id), text=input.text, parent_id=parent_id
        )
        ordering = selectors.replies() if comment.parent_id else selectors.comments_top_level()
        return AddCommentPayload(
            comment=fresh(comment), comment_edge=edge_for(comment, ordering), post=fresh(comment.post)
        )

    @payload_mutation(codes=ON_POST, description="Delete a comment (yours, or any on your post) with its replies.")
    def delete_comment(self, info: Info, input: DeleteCommentInput) -> DeleteCommentPayload:
        comment_id = _comment(input.id)
        post = services.comment_delete(user=require_user(info), comment_id=comment_id)
        return DeleteCommentPayload(deleted_comment_id=relay.to_base64("Comment", comment_id), post=fresh(post))

    @payload_mutation(codes=ON_POST, description="Like a post; liking twice is one like.")
    def like_post(self, info: Info, input: LikePostInput) -> LikePostPayload:
        return LikePostPayload(post=fresh(services.post_like(user=require_user(info), post_id=_post(input.post_id))))

    @payload_mutation(codes=ON_POST, description="Take a like back; idempotent.")
    def unlike_post(self, info: Info, input: UnlikePostInput) -> UnlikePostPayload:
        return UnlikePostPayload(
            post=fresh(services.post_unlike(user=require_user(info), post_id=_post(input.post_id)))
        )

    @payload_mutation(codes=ON_POST, description="Save a post for later, seen only by you; saving twice is one save.")
    def save_post(self, info: Info, input: SavePostInput) -> SavePostPayload:
        return SavePostPayload(post=fresh(services.post_save(user=require_user(info), post_id=_post(input.post_id))))

    @payload_mutation(codes=ON_POST, description="Take a post out of your saved posts; idempotent.")
    def unsave_post(self, info: Info, input: UnsavePostInput) -> UnsavePostPayload:
        return UnsavePostPayload(
            post=fresh(services.post_unsave(user=require_user(info), post_id=_post(input.post_id)))
        )

    @payload_mutation(codes=ON_POST, description="Like a comment; liking twice is one like.")
    def like_comment(self, info: Info, input: LikeCommentInput) -> LikeCommentPayload:
        comment = services.comment_like(user=require_user(info), comment_id=_comment(input.comment_id))
        return LikeCommentPayload(comment=fresh(comment))

    @payload_mutation(codes=ON_POST, description="Take a like back; idempotent.")
    def unlike_comment(self, info: Info, input: UnlikeCommentInput) -> UnlikeCommentPayload:
        comment = services.comment_unlike(user=require_user(info), comment_id=_comment(input.comment_id))
        return UnlikeCommentPayload(comment=fresh(comment))

    @payload_mutation(
        codes=ON_USER,
        description="Follow an account; a private one gets a follow request instead. Idempotent.",
    )
    def follow(self, info: Info, input: FollowInput) -> FollowPayload:
        viewer = require_user(info)
        target = services.user_follow(user=viewer, target_id=_user(input.user_id))
        return FollowPayload(user=fresh(target), viewer=fresh(viewer))

    @payload_mutation(codes=ON_USER, description="Stop following, or withdraw a waiting request. Idempotent.")
    def unfollow(self, info: Info, input: UnfollowInput) -> UnfollowPayload:
        viewer = require_user(info)
        target = services.user_unfollow(user=viewer, target_id=_user(input.user_id))
        return UnfollowPayload(user=fresh(target), viewer=fresh(viewer))

    @payload_mutation(
        codes=ON_USER, description="Make an account stop following you (it can ask or follow again). Idempotent."
    )
    def remove_follower(self, info: Info, input: RemoveFollowerInput) -> RemoveFollowerPayload:
        viewer = require_user(info)
        follower = services.follower_remove(user=viewer, follower_id=_user(input.user_id))
        return RemoveFollowerPayload(user=fresh(follower), viewer=fresh(viewer))

    @payload_mutation(codes=(E.NOT_FOUND,), description="Let a user who asked follow your private account.")
    def approve_follow_request(self, info: Info, input: ApproveFollowRequestInput) -> ApproveFollowRequestPayload:
        requester = services.follow_request_approve(user=require_user(info), requester_id=_user(input.user_id))
        return ApproveFollowRequestPayload(user=fresh(requester))

    @payload_mutation(codes=(E.NOT_FOUND,), description="Turn down a follow request.")
    def decline_follow_request(self, info: Info, input: DeclineFollowRequestInput) -> DeclineFollowRequestPayload:
        requester = services.follow_request_decline(user=require_user(info), requester_id=_user(input.user_id))
        return DeclineFollowRequestPayload(user=fresh(requester))
