from collections.abc import AsyncGenerator

import strawberry
from channels.db import database_sync_to_async
from strawberry import Info

from api.live import SOCKET_RULES, live_objects
from common.errors import Forbidden
from common.graphql.auth import current_user
from common.graphql.ids import node_pk
from feed import selectors
from feed.live import COMMENT_ADDED, comments_group

from .types import CommentType


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            "Each new comment or reply on the post, as it is made: for anyone who may see the post, checked again "
            f"for every comment. {SOCKET_RULES}"
        )
    )
    async def comment_added(self, info: Info, post_id: strawberry.ID) -> AsyncGenerator[CommentType, None]:
        pk = node_pk(post_id, "Post")
        visible = selectors.post_lookup(viewer=current_user(info), post_id=pk)
        if not await database_sync_to_async(visible.exists)():
            raise Forbidden("No such post, or you may not see it.")
        events = live_objects(
            info,
            event=COMMENT_ADDED,
            group=comments_group(pk),
            load=lambda viewer, comment_pk: selectors.comments_visible(viewer=viewer).filter(pk=comment_pk, post_id=pk),
        )
        async for comment in events:
            yield comment
