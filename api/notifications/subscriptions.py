from collections.abc import AsyncGenerator

import strawberry
from strawberry import Info

from api.live import SOCKET_RULES, live_objects
from common.graphql.auth import require_user
from feed.live import NOTIFICATION_ADDED, notifications_group
from feed.notifications import notification_of

from .types import NotificationType


@strawberry.type
class Subscription:
    @strawberry.subscription(description=f"Each new notification of yours, as it is made. {SOCKET_RULES}")
    async def notification_added(self, info: Info) -> AsyncGenerator[NotificationType, None]:
        viewer = require_user(info)
        events = live_objects(
            info,
            event=NOTIFICATION_ADDED,
            group=notifications_group(viewer.pk),
            load=lambda viewer, pk: notification_of(recipient=viewer, notification_id=pk),
        )
        async for notification in events:
            yield notification
