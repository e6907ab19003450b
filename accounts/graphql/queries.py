import strawberry
import strawberry_django
from strawberry import Info

from common.graphql.auth import current_user

from ..models import User
from ..selectors import users_by_username
from .types import UserType


@strawberry.type
class Query:
    @strawberry_django.field
    def me(self, info: Info) -> UserType | None:
        viewer = current_user(info)
        return User.objects.filter(pk=viewer.pk) if viewer else None

    @strawberry_django.field
    def user(self, username: str) -> UserType | None:
        return users_by_username(username)
