from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay

from common.graphql.auth import current_user
from common.graphql.flags import viewer_flag
from common.graphql.nodes import SelectorNode
from common.graphql.pagination import Connection
from common.graphql.prefetch import page_prefetch, prefetched_page
from common.graphql.request import absolute_url

from ..models import AuthStatus, AuthType, User

if TYPE_CHECKING:
    from feed.graphql.types import PostType

# A profile shows its posts and follow graph, which the feed app owns. Only this GraphQL type refers to feed,
# and only lazily (at schema build time); accounts' models and services know nothing of it.
FEED_TYPES = "feed.graphql.types"

AuthStatusEnum = strawberry.enum(AuthStatus, name="AuthStatus")
AuthTypeEnum = strawberry.enum(AuthType, name="AuthType")


def _social():
    from feed import selectors

    return selectors


def _viewer_follows(viewer):
    return _social().viewer_follows(viewer)


def _viewer_requested_follow(viewer):
    return _social().viewer_requested_follow(viewer)


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

    is_followed_by_me: bool = viewer_flag(_viewer_follows, description="False for anonymous readers.")
    follow_request_pending: bool = viewer_flag(
        _viewer_requested_follow, description="True while the viewer's request to follow this private account waits."
    )

    @strawberry_django.connection(
        Connection[Annotated["PostType", strawberry.lazy(FEED_TYPES)]],
        description="Newest first.",
        only=["is_private"],
        prefetch_related=[
            page_prefetch(
                "posts",
                "author_id",
                "_posts_page",
                lambda info: _social().posts_of_visible_authors(viewer=current_user(info)),
            )
        ],
    )
    def posts(self, info: Info) -> QuerySet:
        return prefetched_page(self, "_posts_page", _social().posts_of_user(viewer=current_user(info), owner=self))

    @strawberry_django.connection(Connection["UserType"], description="Newest first.")
    def followers(self, info: Info) -> QuerySet[User]:
        return _social().followers_of(viewer=current_user(info), owner=self)

    @strawberry_django.connection(Connection["UserType"], description="Newest first.")
    def following(self, info: Info) -> QuerySet[User]:
        return _social().following_of(viewer=current_user(info), owner=self)

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[User]:
        return User.objects.filter(is_active=True)


def _is_viewer(user: User, info: Info) -> bool:
    viewer = current_user(info)
    return viewer is not None and viewer.pk == user.pk


@strawberry.type(description="Tokens for `Authorization: Bearer`: access lives 15 minutes, refresh 14 days.")
class AuthPayload:
    user: UserType
    access_token: str
    refresh_token: str


@strawberry.type(description="The answer of a mutation that has nothing else to return.")
class Ok:
    ok: bool = True
