import strawberry
import strawberry_django
from strawberry import Info

from common.graphql.auth import current_user

from ..selectors import user_get_by_username
from .types import UserType


@strawberry.type
class Query:
    @strawberry_django.field
    def me(self, info: Info) -> UserType | None:
        return current_user(info)

    @strawberry_django.field
    def user(self, username: str) -> UserType | None:
        return user_get_by_username(username)
