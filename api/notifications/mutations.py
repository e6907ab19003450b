import strawberry
from strawberry import Info

from common.errors import ErrorCode as E
from common.graphql.auth import require_user
from common.graphql.ids import node_pk
from common.graphql.payloads import payload_mutation
from feed.notifications import notifications_read, notifications_unread_count

from .inputs import MarkNotificationsReadInput
from .payloads import MarkNotificationsReadPayload


@strawberry.type
class Mutation:
    @payload_mutation(
        codes=(E.NOT_FOUND,),
        description="Mark read every notification up to and including `upTo` (newest first), or all of them.",
    )
    def mark_notifications_read(self, info: Info, input: MarkNotificationsReadInput) -> MarkNotificationsReadPayload:
        viewer = require_user(info)
        up_to = node_pk(input.up_to, "Notification") if input.up_to is not None else None
        notifications_read(recipient=viewer, up_to_id=up_to)
        return MarkNotificationsReadPayload(unread_notifications_count=notifications_unread_count(recipient=viewer))
