import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info

from api.accounts.types import UserType
from common.graphql.auth import current_user, require_user
from common.graphql.ids import node_pk
from common.graphql.pagination import Connection, connection
from feed import selectors

from .types import HashtagType, PostType


@strawberry.type
class Query:
    @strawberry_django.field
    def post(self, info: Info, id: strawberry.ID) -> PostType | None:
        return selectors.post_lookup(viewer=current_user(info), post_id=node_pk(id, "Post"))

    @connection(Connection[PostType], description="Every post you may see, newest first.")
    def posts(self, info: Info) -> QuerySet:
        return selectors.posts_explore(viewer=current_user(info))

    @connection(Connection[PostType], description="Posts of the accounts you follow, and your own, newest first.")
    def feed(self, info: Info) -> QuerySet:
        return selectors.posts_home_feed(viewer=require_user(info))

    @connection(
        Connection[PostType],
        description="The posts you saved, newest save first; one you may no longer see is left out (still saved).",
    )
    def saved_posts(self, info: Info) -> QuerySet:
        return selectors.posts_saved(viewer=require_user(info))

    @strawberry_django.field(
        description=(
            "A hashtag by name, with or without `#`, in any case; null if no post you may see carries it (so one "
            "that only private accounts use is null to all but them and their followers)."
        )
    )
    def hashtag(self, info: Info, name: str) -> HashtagType | None:
        return selectors.hashtag_lookup(viewer=current_user(info), name=name)

    @connection(
        Connection[HashtagType],
        description=(
            "Hashtags on posts of public accounts that start with `search`, most used (`postsCount`) first; one "
            "that only private accounts use is not listed, even to who may see it: `hashtag(name:)` finds it."
        ),
    )
    def hashtags(self, search: str) -> QuerySet:
        return selectors.hashtags_search(text=search)

    @connection(Connection[UserType], description="Username or full-name prefix search.")
    def users(self, search: str) -> QuerySet:
        return selectors.users_search(text=search)

    @connection(Connection[UserType], description="Requests waiting for you, newest first.")
    def follow_requests(self, info: Info) -> QuerySet:
        return selectors.follow_requests_of(owner=require_user(info))
