"""The production ASGI application plus one path whose sync code never returns, for the time-limit test of
tests/api/test_serving.py. Served only by that test's server process."""

import time

from asgiref.sync import sync_to_async

from instaclone.asgi import application as instaclone_application


def _stuck() -> None:
    time.sleep(3600)  # Python code that does not end: no database timeout can stop it


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/stuck":
        await receive()
        await sync_to_async(_stuck)()
        return
    await instaclone_application(scope, receive, send)
