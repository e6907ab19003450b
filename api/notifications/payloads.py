import strawberry

from common.graphql.payloads import Payload


@strawberry.type
class MarkNotificationsReadPayload(Payload):
    unread_notifications_count: int | None = strawberry.field(
        default=None, description="How many are still unread (the badge), after the change."
    )
