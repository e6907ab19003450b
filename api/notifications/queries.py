import strawberry
from django.db.models import QuerySet
from strawberry import Info

from common.graphql.auth import require_user
from common.graphql.pagination import Connection, connection
from feed.notifications import notifications_of, notifications_unread_count

from .types import NotificationType


@strawberry.type
class Query:
    @connection(Connection[NotificationType], description="Your notifications, newest first.")
    def notifications(self, info: Info) -> QuerySet:
        return notifications_of(recipient=require_user(info))

    @strawberry.field(description="How many of your notifications are unread: the badge.")
    def unread_notifications_count(self, info: Info) -> int:
        return notifications_unread_count(recipient=require_user(info))
