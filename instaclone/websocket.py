"""GraphQL over WebSocket on /graphql/: strawberry's Channels consumer with this API's rules (API.md, Transport).

- `graphql-transport-ws` only: the legacy `graphql-ws` protocol has no place for the token rules below.
- The access token comes in `connection_init`'s payload, `{"Authorization": "Bearer <token>"}`, parsed as the
  HTTP header is. None is anonymous (`commentAdded` of a public post); a refused one closes the socket with 4403
  before any operation runs. The socket is closed with 4401 when that token expires, and the client reconnects
  with a fresh one.
- A connection that sends no `connection_init` within 10 s is closed (4408, the protocol's code).
- Subscriptions only (api.live.SubscriptionsOnlyOverWebSocket); persisted and trusted documents as over HTTP.
- Origins as CORS allows them for HTTP. Only the token in the payload authenticates, never a cookie, so a page
  on another origin could do nothing with a socket that its own script could not; the list keeps parity.
"""

import asyncio
import io
import time
from datetime import timedelta
from types import SimpleNamespace

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.types.unset import UNSET

from accounts.tokens import ACCESS, InvalidToken, token_decode, user_from_access_token
from api.live import TOKEN_EXPIRED, LiveContext
from common.errors import ServiceUnavailable
from common.graphql.errors import SERVICE_UNAVAILABLE
from common.graphql.persisted import PersistedDocumentRefused, document_for

from .schema import schema
from .views import bearer_token

CONNECTION_INIT_TIMEOUT = timedelta(seconds=10)


class _TransportHandler(BaseGraphQLTransportWSHandler):
    """Strawberry's handler, with persisted documents: a `subscribe` message's `extensions.persistedQuery`
    names its document, and with trusted documents on, nothing else runs."""

    async def handle_subscribe(self, message) -> None:
        payload = message.get("payload")
        if self.connection_acknowledged and isinstance(payload, dict) and message.get("id") not in self.operations:
            request = SimpleNamespace(query=payload.get("query"), extensions=payload.get("extensions") or {})
            try:
                payload["query"] = await sync_to_async(document_for)(request)
                payload["extensions"] = request.extensions  # the mark of a document to keep is ours alone
            except PersistedDocumentRefused as refused:
                await self._refuse(message, refused.as_result().errors[0].formatted)
                return
            except ServiceUnavailable as down:
                await self._refuse(message, {"message": str(down), "extensions": {"code": SERVICE_UNAVAILABLE}})
                return
        await super().handle_subscribe(message)

    async def _refuse(self, message, error: dict) -> None:
        await self.send_message({"id": message["id"], "type": "error", "payload": [error]})


class GraphQLSocket(GraphQLWSConsumer):
    graphql_transport_ws_handler_class = _TransportHandler

    def __init__(self, **kwargs):
        kwargs.setdefault("schema", schema)
        super().__init__(
            **kwargs,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=CONNECTION_INIT_TIMEOUT,
            allowed_origins=("*",) if settings.CORS_ALLOW_ALL_ORIGINS else tuple(settings.CORS_ALLOWED_ORIGINS),
        )
        self._token_expiry: asyncio.TimerHandle | None = None
        self._closing: asyncio.Task | None = None

    async def connect(self) -> None:
        try:
            _handshake_request(self.scope).get_host()  # ALLOWED_HOSTS, as Django checks it for HTTP
        except DisallowedHost:
            await self.close()  # before accepting: the handshake is answered 403
            return
        await super().connect()

    async def disconnect(self, code: int) -> None:
        if self._token_expiry is not None:
            self._token_expiry.cancel()
        if self.run_task is not None:
            await super().disconnect(code)

    async def get_context(self, request, response) -> LiveContext:
        return LiveContext(request=_handshake_request(self.scope), ws=self)

    async def on_ws_connect(self, context: LiveContext):
        """Authenticate `connection_init`: refused → 4403; signed in → closed with 4401 when the token expires."""
        params = context.connection_params
        header = next((value for key, value in params.items() if key.lower() == "authorization"), None)
        try:
            if header is not None and not isinstance(header, str):
                raise InvalidToken("Send `Authorization: Bearer <accessToken>`.")
            token = bearer_token(header)
            if token is None:
                return UNSET
            user, expires_at = await database_sync_to_async(_token_user)(token)
        except InvalidToken as refused:
            reason = "TOKEN_EXPIRED" if refused.expired else "TOKEN_INVALID"
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED", "reason": reason}) from refused
        context.token = token
        context.request.user = user
        delay = max(0.0, expires_at - time.time())
        self._token_expiry = asyncio.get_running_loop().call_later(delay, self._token_expired)
        return UNSET

    def _token_expired(self) -> None:
        self._closing = asyncio.ensure_future(self.close(code=TOKEN_EXPIRED, reason="Token expired"))


def _token_user(token: str):
    return user_from_access_token(token), token_decode(token, expected_type=ACCESS)["exp"]


def _handshake_request(scope) -> ASGIRequest:
    """A Django request made of the handshake's headers, host and client address, for the helpers that read
    one (absolute image URLs, the client's IP)."""
    secure = scope.get("scheme") == "wss"
    request = ASGIRequest({**scope, "method": "GET", "scheme": "https" if secure else "http"}, io.BytesIO())
    request.user = AnonymousUser()
    return request


graphql_socket = GraphQLSocket.as_asgi()
