"""What every subscription shares: the context of a WebSocket connection, the close codes, and the loop that turns
the channel layer's events into objects the subscriber may see.

An event carries only an id (`common.live`). Each subscriber reads the object back through the same selectors
as any query, as the viewer it is now: its access token is checked again (a revoked one closes the socket) and
the privacy rule is applied to this very event, so a subscriber who stopped following a private account hears
nothing more of it, whatever it was allowed when it subscribed.
"""

from collections.abc import AsyncGenerator, Callable, Iterator
from dataclasses import dataclass, field
from uuid import UUID

from channels.db import database_sync_to_async
from django.db.models import QuerySet
from django.http import HttpRequest
from strawberry import Info
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from accounts.models import User
from accounts.tokens import InvalidToken, user_from_access_token
from common.graphql.internals import optimize

# Close codes of the socket (graphql-transport-ws leaves 4000-4999 to the server).
TOKEN_EXPIRED = 4401  # the access token the socket was opened with has expired: reconnect with a fresh one
TOKEN_REFUSED = 4403  # the token in connection_init was refused, or was revoked since: sign in again


@dataclass
class LiveContext:
    """`info.context` of an operation over WebSocket: `request` is built from the handshake (headers, host,
    client address) so the helpers that read a request work; its `user` is the one the token speaks for."""

    request: HttpRequest
    ws: object  # the connection's consumer: `listen_to_channel`, `close`
    connection_params: dict = field(default_factory=dict)
    token: str | None = None


async def live_objects(
    info: Info, *, event: str, group: str, load: Callable[[User | None, UUID], QuerySet]
) -> AsyncGenerator[object, None]:
    """For each `event` sent to `group`, the object `load(viewer, id)` finds, shaped for the subscriber's
    selection; an event whose object is gone or hidden from the viewer is dropped."""
    context: LiveContext = info.context
    async with context.ws.listen_to_channel(event, groups=[group]) as messages:
        async for message in messages:
            found = await database_sync_to_async(_read_back)(info, load, message["id"])
            if isinstance(found, InvalidToken):
                await context.ws.close(code=TOKEN_EXPIRED if found.expired else TOKEN_REFUSED)
                return
            if found is not None:
                yield found


def _read_back(info: Info, load, object_id: str):
    context: LiveContext = info.context
    viewer = None
    if context.token is not None:
        try:
            viewer = user_from_access_token(context.token)
        except InvalidToken as refused:
            return refused
        context.request.user = viewer
    try:
        pk = UUID(object_id)
    except (TypeError, ValueError):
        return None
    return optimize(load(viewer, pk), info).first()


class SubscriptionsOnlyOverWebSocket(SchemaExtension):
    """The WebSocket carries subscriptions only: queries and mutations go over HTTP, where the transport's
    rules (token refusals, upload limits, persisted documents, the request log) apply. And HTTP carries no
    subscription: the sync view cannot stream, and running one there failed as a masked 500; now it is refused
    as the client's mistake (400)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        if isinstance(context.context, LiveContext):
            context.allowed_operations = frozenset({OperationType.SUBSCRIPTION})
        else:
            context.allowed_operations = frozenset(context.allowed_operations) - {OperationType.SUBSCRIPTION}
        yield


SOCKET_RULES = (
    "Over WebSocket (`graphql-transport-ws` on /graphql/), with the access token in `connection_init`'s payload "
    '(`{"Authorization": "Bearer <token>"}`). The server closes the socket with code 4401 when that token '
    "expires (reconnect with a fresh one) and 4403 when it is refused or revoked (sign in again)."
)
