import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info

from accounts.graphql.types import UserType
from accounts.models import AuthStatus
from common.graphql.auth import current_user, require_user
from common.graphql.errors import ForbiddenField
from common.graphql.ids import node_pk
from common.graphql.pagination import Connection

from .. import selectors
from .types import PostType


@strawberry.type
class Query:
    @strawberry_django.field
    def post(self, info: Info, id: strawberry.ID) -> PostType | None:
        return selectors.post_lookup(viewer=current_user(info), post_id=node_pk(id, "Post"))

    @strawberry_django.connection(Connection[PostType], description="Every post you may see, newest first.")
    def posts(self, info: Info) -> QuerySet:
        return selectors.posts_explore(viewer=current_user(info))

    @strawberry_django.connection(
        Connection[PostType], description="Posts of the accounts you follow, and your own, newest first."
    )
    def feed(self, info: Info) -> QuerySet:
        viewer = require_user(info)
        if not viewer.has_status(AuthStatus.DONE):
            raise ForbiddenField("Finish signing up to see your feed.")
        return selectors.posts_home_feed(viewer=viewer)

    @strawberry_django.connection(Connection[UserType], description="Username or full-name prefix search.")
    def users(self, search: str) -> QuerySet:
        return selectors.users_search(text=search)

    @strawberry_django.connection(Connection[UserType], description="Requests waiting for you, newest first.")
    def follow_requests(self, info: Info) -> QuerySet:
        return selectors.follow_requests_of(owner=require_user(info))
