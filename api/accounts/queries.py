import strawberry
import strawberry_django
from strawberry import Info

from accounts.selectors import user_me, users_by_username
from common.graphql.auth import current_user

from .types import UserType


@strawberry.type
class Query:
    @strawberry_django.field
    def me(self, info: Info) -> UserType | None:
        return user_me(viewer=current_user(info))

    @strawberry_django.field
    def user(self, username: str) -> UserType | None:
        return users_by_username(username=username)
