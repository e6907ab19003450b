from datetime import datetime

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay

from api.accounts.types import UserType
from common.graphql.auth import current_user
from common.graphql.flags import viewer_flag
from common.graphql.nodes import SelectorNode
from common.graphql.pagination import Connection, connection
from common.graphql.prefetch import NestedPage
from common.graphql.request import absolute_url
from feed import selectors
from feed.models import Post, PostComment

REPLIES_PAGE = NestedPage("replies", "parent_id", lambda info: selectors.replies())
COMMENTS_PAGE = NestedPage("comments", "post_id", lambda info: selectors.comments_top_level())


@strawberry.type(name="Image", description="A re-encoded JPEG, at most 1080 px on its long side.")
class ImageType:
    url: str
    width: int
    height: int


@strawberry_django.type(
    PostComment, name="Comment", description="A comment on a post, or a reply (`parent` set) to a top-level one."
)
class CommentType(SelectorNode, relay.Node):
    author: UserType
    post: "PostType"
    parent: "CommentType | None"
    text: str
    created_at: datetime
    likes_count: int
    replies_count: int

    me_liked: bool = viewer_flag(selectors.viewer_liked_comment, description="False for anonymous readers.")

    @connection(
        Connection["CommentType"],
        description="Replies, oldest first.",
        prefetch_related=[REPLIES_PAGE.hint],
    )
    def replies(self) -> QuerySet[PostComment]:
        return REPLIES_PAGE.of(self, selectors.replies_of_comment(comment=self))

    @connection(Connection[UserType], description="Who liked it, newest first.")
    def likes(self) -> QuerySet:
        return selectors.users_who_liked_comment(comment=self)

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[PostComment]:
        return selectors.comments_visible(viewer=current_user(info))


@strawberry_django.type(Post, name="Post", description="A photo with its caption, counts and threads.")
class PostType(SelectorNode, relay.Node):
    author: UserType
    caption: str
    created_at: datetime
    likes_count: int
    comments_count: int

    @strawberry_django.field(only=["image", "image_width", "image_height"])
    def image(self, info: Info) -> ImageType:
        return ImageType(
            url=absolute_url(info.context.request, self.image), width=self.image_width, height=self.image_height
        )

    me_liked: bool = viewer_flag(selectors.viewer_liked_post, description="False for anonymous readers.")

    @connection(
        Connection[CommentType],
        description="Top-level comments, oldest first.",
        prefetch_related=[COMMENTS_PAGE.hint],
    )
    def comments(self) -> QuerySet[PostComment]:
        return COMMENTS_PAGE.of(self, selectors.comments_of_post(post=self))

    @connection(Connection[UserType], description="Who liked it, newest first.")
    def likes(self) -> QuerySet:
        return selectors.users_who_liked_post(post=self)

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[Post]:
        return selectors.posts_visible(viewer=current_user(info))
