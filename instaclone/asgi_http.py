"""Django's ASGI handler with each process's sync code on one thread, so database connections persist.

Django's own handler gives every request a thread of its own (asgiref's `ThreadSensitiveContext`), and Django
keeps one database connection per thread: with `DATABASE_CONN_MAX_AGE` each request opened a PostgreSQL
connection that outlived it, and five uvicorn workers held 97 of PostgreSQL's 100 after 15 s of load, then
failed with "too many clients". Without persistent connections each request pays a new one (bench/RESULTS.md,
Serving). Outside that context asgiref runs every thread-sensitive call of the process on one thread, as a sync
worker did: one connection per process, reused.

The views are sync, so a process serves one request at a time either way; the event loop still reads slow
requests and holds WebSocket connections (Channels' consumers share the same thread for their database calls).

Checked against Django 5.2 (`ASGIHandler.__call__` only refuses non-HTTP scopes, then enters the context
around `handle`) and asgiref 3.13.
"""

import django
from django.core.handlers.asgi import ASGIHandler


class OneThreadASGIHandler(ASGIHandler):
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)


def asgi_http_application() -> OneThreadASGIHandler:
    """What `django.core.asgi.get_asgi_application()` returns, with the handler above."""
    django.setup(set_prefix=False)
    return OneThreadASGIHandler()
