"""The gunicorn worker `make serve` runs: uvicorn's, which parses HTTP and WebSocket on an event loop (a slow
client costs a socket, not a worker), with gunicorn's per-request time limit kept.

A sync gunicorn worker that overran `timeout` was killed and replaced by the arbiter. An event loop keeps
beating while a request is stuck in a thread, so here the worker stops its heartbeat once a request has run
longer than `timeout` after its body arrived: the request is logged, and the arbiter kills the worker after
another `timeout` at most and starts a fresh one. A thread cannot be stopped from outside, and Django runs a
request's sync code in a thread, so replacing the process is the only way to free what it holds. Database
statements end sooner on their own (`DATABASE_STATEMENT_TIMEOUT_MS`, 5 s).

Checked against uvicorn-worker 0.4.0 and uvicorn 0.54: `callback_notify` is the heartbeat uvicorn's server
calls every `timeout_notify` seconds.
"""

import time

from uvicorn_worker import UvicornWorker

HEARTBEAT_SECONDS = 1.0  # how often a healthy worker tells the arbiter it is alive


class TimeLimitedUvicornWorker(UvicornWorker):
    # The ASGI application answers no lifespan events; saying so spares a log line per worker start.
    CONFIG_KWARGS = {**UvicornWorker.CONFIG_KWARGS, "lifespan": "off"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config.timeout_notify = HEARTBEAT_SECONDS
        self.reported: set[int] = set()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = RequestClock(self.wsgi)  # gunicorn's name for the application, ASGI here

    async def callback_notify(self) -> None:
        overdue = self.wsgi.overdue(self.timeout)
        if not overdue:
            self.notify()
            return
        for key, (seconds, method, path) in overdue.items():
            if key not in self.reported:
                self.reported.add(key)
                self.log.error(
                    "Request over the time limit: %s %s has run %.0f s (limit %s s); worker %s stops its heartbeat "
                    "and is replaced", method, path, seconds, self.timeout, self.pid,
                )  # fmt: skip


class RequestClock:
    """ASGI middleware that knows which HTTP requests are running and since when. The clock starts when the
    whole body has arrived: a slow upload is the client's time, spent on a socket, not the worker's."""

    def __init__(self, app):
        self.app = app
        self.started: dict[int, tuple[float, str, str]] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        key = id(scope)

        async def receive_clocked():
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                self.started.setdefault(key, (time.monotonic(), scope["method"], scope["path"]))
            return message

        try:
            return await self.app(scope, receive_clocked, send)
        finally:
            self.started.pop(key, None)

    def overdue(self, limit: float) -> dict[int, tuple[float, str, str]]:
        now = time.monotonic()
        return {
            key: (now - started, method, path)
            for key, (started, method, path) in list(self.started.items())
            if now - started > limit
        }
