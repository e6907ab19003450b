import strawberry
import strawberry_django
from strawberry import Info, relay

from common.graphql.auth import current_user
from common.graphql.request import absolute_url

from ..models import AuthStatus, AuthType, User

AuthStatusEnum = strawberry.enum(AuthStatus, name="AuthStatus")
AuthTypeEnum = strawberry.enum(AuthType, name="AuthType")


@strawberry_django.type(User, name="User")
class UserType(relay.Node):
    username: str
    first_name: str
    last_name: str
    bio: str
    auth_status: AuthStatusEnum
    posts_count: int
    followers_count: int
    following_count: int
    is_private: bool

    @strawberry_django.field(only=["first_name", "last_name"])
    def full_name(self) -> str:
        return self.full_name

    @strawberry_django.field(only=["photo"])
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


def _is_viewer(user: User, info: Info) -> bool:
    viewer = current_user(info)
    return viewer is not None and viewer.pk == user.pk


@strawberry.type
class AuthPayload:
    user: UserType
    access_token: str
    refresh_token: str


@strawberry.type
class Ok:
    ok: bool = True
