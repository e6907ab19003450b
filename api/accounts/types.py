from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay

from accounts.models import AuthStatus, AuthType, User
from common.graphql.auth import current_user
from common.graphql.fast_fields import row_file_url
from common.graphql.file_urls import absolute_url
from common.graphql.flags import viewer_flag
from common.graphql.nodes import SelectorNode
from common.graphql.pagination import Connection, connection
from common.graphql.prefetch import NestedPage
from feed import selectors as social

if TYPE_CHECKING:
    from api.feed.types import PostType

# Post refers back to User: the annotation is resolved when the schema is built.
FEED_TYPES = "api.feed.types"

POSTS_PAGE = NestedPage("posts", "author_id", lambda info: social.posts_of_visible_authors(viewer=current_user(info)))
FOLLOWERS_PAGE = NestedPage(
    "follower_set",
    "following_id",
    lambda info: social.follows_of_visible_accounts(viewer=current_user(info)),
    node="follower",
)
FOLLOWING_PAGE = NestedPage(
    "following_set",
    "follower_id",
    lambda info: social.follows_by_visible_accounts(viewer=current_user(info)),
    node="following",
)
AuthStatusEnum = strawberry.enum(AuthStatus, name="AuthStatus")
AuthTypeEnum = strawberry.enum(AuthType, name="AuthType")


@strawberry_django.type(User, name="User", description="A person's profile. Contact fields are theirs alone.")
class UserType(SelectorNode, relay.Node):
    username: str
    first_name: str
    last_name: str
    bio: str
    auth_status: AuthStatusEnum
    posts_count: int
    followers_count: int
    following_count: int
    is_private: bool = strawberry_django.field(
        description="Private accounts show posts and follow lists to approved followers only."
    )

    @strawberry_django.field(only=["first_name", "last_name"])
    def full_name(self) -> str:
        return self.full_name

    @row_file_url("photo")
    @strawberry_django.field(only=["photo"], description="Absolute URL of the 320x320 JPEG, or null.")
    def photo_url(self, info: Info) -> str | None:
        return absolute_url(info.context.request, self.photo)

    @strawberry_django.field(only=["email"], description="Only the user themself sees it.")
    def email(self, info: Info) -> str | None:
        return self.email if _is_viewer(self, info) else None

    @strawberry_django.field(only=["phone_number"], description="Only the user themself sees it.")
    def phone_number(self, info: Info) -> str | None:
        return self.phone_number if _is_viewer(self, info) else None

    @strawberry_django.field(only=["auth_type"], description="Only the user themself sees it.")
    def auth_type(self, info: Info) -> AuthTypeEnum | None:
        return self.auth_type if _is_viewer(self, info) else None

    is_followed_by_me: bool = viewer_flag(social.viewer_follows, description="False for anonymous readers.")
    follow_request_pending: bool = viewer_flag(
        social.viewer_requested_follow,
        description="True while the viewer's request to follow this private account waits.",
    )

    @connection(
        Connection[Annotated["PostType", strawberry.lazy(FEED_TYPES)]],
        description="Newest first.",
        only=["is_private"],
        prefetch_related=[POSTS_PAGE.hint],
    )
    def posts(self, info: Info) -> QuerySet:
        return POSTS_PAGE.of(self, info, lambda: social.posts_of_user(viewer=current_user(info), owner=self))

    @connection(
        Connection["UserType"], description="Newest first.", only=["is_private"], prefetch_related=[FOLLOWERS_PAGE.hint]
    )
    def followers(self, info: Info) -> QuerySet[User]:
        return FOLLOWERS_PAGE.of(self, info, lambda: social.followers_of(viewer=current_user(info), owner=self))

    @connection(
        Connection["UserType"], description="Newest first.", only=["is_private"], prefetch_related=[FOLLOWING_PAGE.hint]
    )
    def following(self, info: Info) -> QuerySet[User]:
        return FOLLOWING_PAGE.of(self, info, lambda: social.following_of(viewer=current_user(info), owner=self))

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[User]:
        return User.objects.filter(is_active=True)


def _is_viewer(user: User, info: Info) -> bool:
    viewer = current_user(info)
    return viewer is not None and viewer.pk == user.pk
