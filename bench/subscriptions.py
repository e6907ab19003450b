"""Subscriptions under load: one uvicorn worker holding 1,000 idle subscriptions (memory per connection), and
the time from a like's write to its `notificationAdded` event on the author's socket with 100 subscribers.

Run: `.venv/bin/python bench/subscriptions.py` (about a minute). It uses DATABASE_URL (PostgreSQL; migrated
here) and REDIS_URL (the Redis pub/sub layer; the in-memory one when unset), makes its own accounts (named
`subbench_*`, removed first), serves with one uvicorn worker in production settings, and writes the
"Subscriptions" section of bench/RESULTS.md.
"""

import asyncio
import json
import os
import platform
import socket
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import requests
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import sections_write  # noqa: E402
from bench.server import Server  # noqa: E402

IDLE = 1000
SUBSCRIBERS = 100
ROUNDS = 3
SERVER_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "LOG_LEVEL": "WARNING",
    "REQUEST_LOG_LEVEL": "WARNING",
}
LIKE = "mutation($id: ID!) { likePost(input: {postId: $id}) { userErrors { code } } }"
UNLIKE = "mutation($id: ID!) { unlikePost(input: {postId: $id}) { userErrors { code } } }"
NOTIFICATION_ADDED = "subscription { notificationAdded { id kind createdAt } }"
COMMENT_ADDED = "subscription($p: ID!) { commentAdded(postId: $p) { id } }"


def main() -> None:
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    people = _accounts()
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", "instaclone.asgi:application", "--port", str(port), "--lifespan", "off"]
    base = f"http://127.0.0.1:{port}"
    with Server(command, cwd=ROOT, env={**os.environ}, url=base, ready_seconds=20) as server:
        idle = asyncio.run(_idle_connections(base, server.process.pid, people["public_post"]))
        latencies = asyncio.run(_like_to_event(base, people))
    _write(idle, latencies)


def _accounts() -> dict:
    from accounts.models import AuthStatus, User
    from accounts.tokens import token_pair_issue
    from feed.models import Post
    from tests.factories import global_id

    User.objects.filter(username__startswith="subbench_").delete()
    liker = User.objects.create(username="subbench_liker", auth_status=AuthStatus.PHOTO_DONE)
    authors, posts = [], []
    for n in range(SUBSCRIBERS):
        author = User.objects.create(username=f"subbench_{n:04d}", auth_status=AuthStatus.PHOTO_DONE)
        authors.append(token_pair_issue(user=author).access_token)
        posts.append(global_id("Post", Post.objects.create(author=author, caption="bench")))
    return {
        "liker": token_pair_issue(user=liker).access_token,
        "authors": authors,
        "posts": posts,
        "public_post": posts[0],
    }


async def _subscribe(base: str, query: str, variables: dict | None = None, token: str | None = None):
    socket_ = await connect(base.replace("http", "ws") + "/graphql/", subprotocols=["graphql-transport-ws"])
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await socket_.send(json.dumps({"type": "connection_init", "payload": payload}))
    assert json.loads(await socket_.recv())["type"] == "connection_ack"
    await socket_.send(
        json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables or {}}})
    )
    return socket_


async def _idle_connections(base: str, pid: int, post_id: str) -> dict:
    """1,000 anonymous `commentAdded` subscriptions held open; the worker's resident memory before and after."""
    process = psutil.Process(pid)
    warm = [await _subscribe(base, COMMENT_ADDED, {"p": post_id}) for _ in range(10)]  # imports, first queries
    await asyncio.sleep(1)
    before = process.memory_info().rss
    sockets = []
    for _ in range(IDLE // 100):
        sockets += await asyncio.gather(*(_subscribe(base, COMMENT_ADDED, {"p": post_id}) for _n in range(100)))
    await asyncio.sleep(2)  # every subscription has joined its group
    after = process.memory_info().rss
    for socket_ in warm + sockets:
        await socket_.close()
    return {
        "connections": len(sockets),
        "before_mb": before / 2**20,
        "after_mb": after / 2**20,
        "per_connection_kb": (after - before) / len(sockets) / 1024,
    }


async def _like_to_event(base: str, people: dict) -> list[float]:
    """Each of 100 authors subscribes to `notificationAdded`; the liker likes their posts one after the other.
    Latency: the event's arrival minus the notification's `createdAt` (written in the like's transaction, just
    before its commit), on one machine's clock."""
    sockets = [await _subscribe(base, NOTIFICATION_ADDED, token=token) for token in people["authors"]]
    await asyncio.sleep(1)  # each subscription joins its group after its `subscribe` message is read
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {people['liker']}"}

    def post(document: str, post_id: str) -> None:
        answer = requests.post(
            f"{base}/graphql/", json={"query": document, "variables": {"id": post_id}}, headers=headers, timeout=10
        ).json()
        assert "errors" not in answer and not next(iter(answer["data"].values()))["userErrors"], answer

    for _ in range(ROUNDS):
        for socket_, post_id in zip(sockets, people["posts"], strict=True):
            await asyncio.to_thread(post, LIKE, post_id)
            message = json.loads(await asyncio.wait_for(socket_.recv(), 10))
            arrived = time.time()
            made = datetime.fromisoformat(message["payload"]["data"]["notificationAdded"]["createdAt"])
            latencies.append((arrived - made.timestamp()) * 1000)
        for post_id in people["posts"]:
            await asyncio.to_thread(post, UNLIKE, post_id)
    for socket_ in sockets:
        await socket_.close()
    return latencies


def _write(idle: dict, latencies: list[float]) -> None:
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    layer = "Redis pub/sub" if os.environ.get("REDIS_URL") else "in-memory"
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    median = statistics.median(latencies)
    rows = [
        ("idle `commentAdded` subscriptions held by one worker", f"{idle['connections']:,}"),
        ("worker memory before / after", f"{idle['before_mb']:.0f} MB / {idle['after_mb']:.0f} MB"),
        ("memory per idle subscription (socket, consumer, handler, group)", f"{idle['per_connection_kb']:.0f} KB"),
        (
            f"like's write to `notificationAdded`, {SUBSCRIBERS} subscribers, {len(latencies)} likes: median",
            f"{median:.1f} ms",
        ),
        ("same, p99", f"{p99:.1f} ms"),
    ]
    table = "\n".join(f"| {what} | {result} |" for what, result in rows)
    section = f"""## Subscriptions

`bench/subscriptions.py`, {datetime.now(UTC):%Y-%m-%d}, {machine}, one uvicorn worker, {layer} channel layer.

| what | result |
| --- | --- |
{table}

The latency runs from the notification's `createdAt` (its INSERT, in the like's transaction) to the message's
arrival: the commit, the publish after commit, the layer, the subscriber's read-back (token and privacy checked
again) and the socket.
"""
    sections_write([section])
    print(section)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
