"""The HTTP side of the ASGI application (instaclone/asgi_http.py): a request's Django code, signals and
middleware included, runs in one trip to the process's one sync thread, not one trip per middleware boundary."""

import asyncio
import json

from asgiref.sync import SyncToAsync

from instaclone.asgi_http import OneThreadASGIHandler


def _post_graphql(handler, body: bytes) -> tuple[list[dict], int]:
    """The messages the handler sends for one POST to /graphql/, and how many sync calls it made."""
    sent, calls = [], [0]
    original = SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        calls[0] += 1
        return await original(self, *args, **kwargs)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/graphql/", "raw_path": b"/graphql/", "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
    }  # fmt: skip
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # the client stays connected: Django's own handler listens for a disconnect

    async def send(message):
        sent.append(message)

    SyncToAsync.__call__ = counted
    try:
        asyncio.run(handler(scope, receive, send))
    finally:
        SyncToAsync.__call__ = original
    return sent, calls[0]


def test_a_request_is_answered_in_one_trip_to_the_sync_thread(db):  # request_started checks connections
    sent, sync_calls = _post_graphql(OneThreadASGIHandler(), json.dumps({"query": "{ __typename }"}).encode())

    assert sent[0]["status"] == 200
    assert json.loads(b"".join(m.get("body", b"") for m in sent[1:])) == {"data": {"__typename": "Query"}}
    assert sync_calls == 1  # Django's own handler made 15: signals, middleware boundaries, the view, close
