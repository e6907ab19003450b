"""The first request of a fresh process, paid once before the workers fork instead of by every worker.

Django imports the URLconf, and with it the schema, on the first request it serves; strawberry, the optimizer
and the ORM fill their per-type caches the first time each type is resolved. A fresh worker answered its first
request of each operation in 360-625 ms (15-25 ms warm). `warm_up()` loads the URLconf and sends the main
documents through the whole stack (middleware, view, executor) as an anonymous reader, before gunicorn forks
(`preload_app`) or before a worker takes its first request otherwise.

It only reads: on an empty database the documents find nothing (and still load the schema and run the
executor), and on a database that is down or not migrated the requests answer an error, which is logged and
ignored. A database connection it opened is closed again, so no process inherits it across a fork.
"""

import asyncio
import io
import json
import logging
import sys
import threading
import time
from importlib import import_module

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections

logger = logging.getLogger("instaclone.warmup")

POST = (
    "id caption createdAt likesCount commentsCount meLiked meSaved image { url width height } "
    "author { id username photoUrl isFollowedByMe }"
)
RICH_POST = (
    f"{POST} media {{ url width height altText }} hashtags {{ id name postsCount }} mentions {{ id username }} "
    "captionEntities { kind start end user { id username } hashtag { name } }"
)
COMMENT = "id text createdAt likesCount repliesCount meLiked author { id username }"
NOBODY = "warm-up-nobody"  # no username has a dash: the lookup finds nothing
NO_POST = "UG9zdDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="  # Post:<nil UUID>, which no row has


def _page(fields: str) -> str:
    return f"pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {fields} }} }}"


FIRST_COMMENTS = f"comments(first: 2) {{ {_page(COMMENT)} }}"
DOCUMENTS = {
    "WarmUpExplore": (
        f"query WarmUpExplore {{ posts(first: 20) {{ {_page(f'{RICH_POST} {FIRST_COMMENTS}')} }} }}",
        {},
    ),
    "WarmUpFeed": (f"query WarmUpFeed {{ feed(first: 20) {{ {_page(POST)} }} }}", {}),
    "WarmUpPost": (
        f"query WarmUpPost($id: ID!) {{ post(id: $id) {{ {POST} comments(first: 20) {{ {_page(COMMENT)} }} }} }}",
        {"id": NO_POST},
    ),
    "WarmUpProfile": (
        "query WarmUpProfile($u: String!) { user(username: $u) { id username fullName bio photoUrl postsCount "
        f"followersCount followingCount isFollowedByMe posts(first: 12) {{ {_page(POST)} }} }} }}",
        {"u": NOBODY},
    ),
}


def warm_up() -> dict[str, str]:
    """The HTTP status each document answered. Never raises: a process that could not warm up serves anyway, only
    its first requests are slower."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _warm_up()
    # Imported inside a running event loop (`make run`: uvicorn --reload imports the app there): Django's ORM
    # refuses the loop's thread, and its refusal used to stop the app from loading, so warm up on a thread.
    statuses: dict[str, str] = {}
    thread = threading.Thread(target=lambda: statuses.update(_warm_up()), name="warm-up")
    thread.start()
    thread.join()
    return statuses


def _warm_up() -> dict[str, str]:
    started = time.perf_counter()
    opened = [alias for alias in connections if connections[alias].connection is None]
    statuses = {}
    try:
        import_module(settings.ROOT_URLCONF)  # instaclone.urls imports the views and builds the schema
        handler = WSGIHandler()
        for name, (document, variables) in DOCUMENTS.items():
            statuses[name] = _send(handler, json.dumps({"query": document, "variables": variables}).encode())
    except Exception:
        logger.warning("Warm-up stopped; the first requests of this process will be slower.", exc_info=True)
    finally:
        for alias in opened:
            connections[alias].close()
    logger.info("Warmed up in %.0f ms: %s", (time.perf_counter() - started) * 1000, statuses)
    return statuses


def _send(handler: WSGIHandler, body: bytes) -> str:
    """One POST to /graphql/ through Django's WSGI handler, as a proxy speaking HTTPS would send it."""
    host = _allowed_host()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/graphql/",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": host,
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "https",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    statuses = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(response)
    finally:
        response.close()
    return statuses[0] if statuses else "none"


def _allowed_host() -> str:
    """A host name the settings accept: the first of ALLOWED_HOSTS (`.example.com` allows example.com)."""
    for host in settings.ALLOWED_HOSTS:
        return "localhost" if host == "*" else host.lstrip(".")
    return "localhost"  # with DEBUG on, an empty ALLOWED_HOSTS accepts localhost
