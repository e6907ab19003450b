from datetime import datetime
from enum import Enum

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay

from api.accounts.types import UserType
from api.feed.types import CommentType, PostType
from common.graphql.auth import current_user
from common.graphql.nodes import SelectorNode
from feed.notifications import notifications_of
from notifications.models import Notification
from notifications.models import NotificationKind as Kind

NotificationKindEnum = strawberry.enum(
    Enum(
        "NotificationKind",
        {kind.name: strawberry.enum_value(kind.value, description=f"Someone {kind.label}.") for kind in Kind},
    ),
    name="NotificationKind",
    description="What the actor did: to your post (`post`), your comment (`comment`, on `post`), or to you.",
)


@strawberry_django.type(
    Notification,
    name="Notification",
    description=(
        "Someone's act that concerns you. `post` is set for every kind but the follow kinds, `comment` for "
        "`POST_COMMENTED` and `COMMENT_REPLIED` (the new comment), `COMMENT_LIKED` (yours) and a mention in a comment."
    ),
)
class NotificationType(SelectorNode, relay.Node):
    kind: NotificationKindEnum
    actor: UserType
    post: PostType | None
    comment: CommentType | None
    created_at: datetime
    read: bool

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[Notification]:
        viewer = current_user(info)
        return notifications_of(recipient=viewer) if viewer is not None else Notification.objects.none()
