"""A live ASGI server (uvicorn, in a thread or in its own process) against the test database, and a
`graphql-transport-ws` client for it: what a mobile app's subscription does, over a real socket."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import redis
import requests
import uvicorn
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import connections
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]
WAIT = 10  # seconds: the bound on any wait for an event; an event arrives in milliseconds


class ServerThread:
    """instaclone.asgi in uvicorn on a free port of this process: it shares the test's database (SQLite's
    in-memory one too) and its settings, and the in-memory channel layer when REDIS_URL is unset."""

    def __init__(self):
        from instaclone.asgi import application

        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(application, lifespan="off", log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        # Each request's connection closes when it ends, so none outlives the test (the flush and the
        # database's removal wait for open connections).
        settings_dict = connections["default"].settings_dict
        self._max_age = settings_dict["CONN_MAX_AGE"]
        settings_dict["CONN_MAX_AGE"] = 0
        self._thread.start()
        deadline = time.monotonic() + WAIT
        while not self._server.started:
            assert self._thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self._server.should_exit = True
        self._thread.join(WAIT)
        self._socket.close()
        connections["default"].settings_dict["CONN_MAX_AGE"] = self._max_age


@contextlib.contextmanager
def server_process(**environment):
    """instaclone.asgi in uvicorn in a process of its own, on the test database (PostgreSQL only: SQLite's
    in-memory test database lives in this process)."""
    database = connections["default"].settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_CONN_MAX_AGE": "0", **environment}
    command = [sys.executable, "-m", "uvicorn", "instaclone.asgi:application", "--port", str(port), "--lifespan", "off"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 3 * WAIT
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base}/healthz", timeout=WAIT).ok:
                    break
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(WAIT)


def graphql(base_url: str, query: str, variables: dict | None = None, *, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.post(
        f"{base_url}/graphql/", json={"query": query, "variables": variables or {}}, headers=headers, timeout=WAIT
    )
    return response.json()


class Subscriber:
    """One socket speaking graphql-transport-ws: `connection_init` with the token, then operations."""

    def __init__(self, base_url: str, *, token: str | None = None, init: bool = True, payload: dict | None = None):
        url = base_url.replace("http://", "ws://") + "/graphql/"
        self.socket = connect(url, subprotocols=["graphql-transport-ws"], proxy=None, open_timeout=WAIT, legacy=True)
        self._ids = 0
        if init:
            if payload is None:
                payload = {"Authorization": f"Bearer {token}"} if token else {}
            self.send({"type": "connection_init", "payload": payload})

    def send(self, message: dict) -> None:
        self.socket.send(json.dumps(message))

    def receive(self, timeout: float = WAIT) -> dict:
        return json.loads(self.socket.recv(timeout=timeout))

    def acknowledged(self) -> bool:
        return self.receive()["type"] == "connection_ack"

    def subscribe(self, query: str, variables: dict | None = None, **extra) -> str:
        self._ids += 1
        operation_id = str(self._ids)
        payload = {"query": query, "variables": variables or {}, **extra}
        self.send({"id": operation_id, "type": "subscribe", "payload": payload})
        return operation_id

    def next_message(self, timeout: float = WAIT) -> dict:
        """The next message other than a ping."""
        while True:
            message = self.receive(timeout)
            if message["type"] == "ping":
                self.send({"type": "pong"})
                continue
            return message

    def nothing_within(self, seconds: float) -> bool:
        try:
            message = self.next_message(seconds)
        except TimeoutError:
            return True
        raise AssertionError(f"unexpected message {message}")

    def close_code(self, timeout: float = WAIT) -> int | None:
        """Wait for the server to close the socket; its close code."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.socket.recv(timeout=max(0.01, deadline - time.monotonic()))
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        except TimeoutError:
            return None
        return None

    def close(self) -> None:
        self.socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def listening(group: str) -> None:
    """Wait until a socket has joined `group` on the channel layer. A subscription joins it after its
    `subscribe` message is read, and the protocol says nothing when that is done: an event sent before would
    reach no one."""
    deadline = time.monotonic() + WAIT
    while not _members(group):
        assert time.monotonic() < deadline, f"nobody listens on {group}"
        time.sleep(0.01)


def _members(group: str) -> int:
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        return len(layer.groups.get(group, {}))  # the in-thread server's own layer: one per process
    # Redis pub/sub: each server process subscribes once to the group's channel for its sockets.
    channel = f"{settings.CHANNEL_LAYERS['default']['CONFIG']['prefix']}__group__{group}"
    with redis.Redis.from_url(settings.REDIS_URL) as client:
        return client.pubsub_numsub(channel)[0][1]
