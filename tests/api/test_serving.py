"""The production server as `make serve` starts it (`gunicorn -c gunicorn.conf.py`), in a process of its own on
a free port: slow clients cost it sockets, not workers; WebSocket is spoken on the HTTP port; a request that
never ends is logged and its worker replaced."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PATIENCE = 60  # seconds: a bound on each wait, far above what any answer takes; never asserted on


@contextlib.contextmanager
def production_server(tmp_path, *extra_arguments, workers: int = 2):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "DATABASE_URL": _database_url(tmp_path),
        "DEBUG": "False",
        "SECRET_KEY": "serving-test-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
    }
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        command = [str(GUNICORN), "-c", "gunicorn.conf.py", *extra_arguments]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + PATIENCE
        while _status(port, "/healthz", timeout=1) != 200:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield port, log
    finally:
        process.terminate()
        process.wait(PATIENCE)


def _database_url(tmp_path) -> str:
    """The test database on PostgreSQL; on SQLite (whose test database lives in this process's memory) a file
    of its own, enough for /healthz's `SELECT 1`."""
    database = connections["default"].settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    user = f"{database['USER']}:{database['PASSWORD']}@" if database["USER"] else ""
    return f"postgres://{user}{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def _status(port: int, path: str, *, timeout: float) -> int | None:
    """The status code of a GET, or None when the server does not answer."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            status_line = sock.makefile("rb").readline()
    except OSError:
        return None
    parts = status_line.split()
    return int(parts[1]) if len(parts) > 1 else None


def _slow_client(port: int, *, body: bool) -> socket.socket:
    """A connection that sent part of its request and sends no more: half its headers, or whole headers and
    one byte of the 1,000 its body announces."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
    if body:
        sock.sendall(
            b"POST /graphql/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
    else:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
    return sock


def _still_open(sock: socket.socket) -> bool:
    """Open and silent: the server neither answered nor hung up."""
    sock.setblocking(False)
    try:
        sock.recv(1)  # an answer, or b"" for a hang-up
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)
    return False


@pytest.mark.django_db(transaction=True)
def test_twenty_slow_clients_do_not_keep_healthz_from_answering(tmp_path):
    with production_server(tmp_path, workers=2) as (port, _log):
        slow = [_slow_client(port, body=bool(i % 2)) for i in range(20)]  # ten per worker
        try:
            assert _status(port, "/healthz", timeout=PATIENCE) == 200
            assert all(_still_open(sock) for sock in slow)
        finally:
            for sock in slow:
                sock.close()


@pytest.mark.django_db(transaction=True)
def test_websocket_handshake_on_graphql_path_is_answered_on_the_http_port(tmp_path):
    handshake = (
        b"GET /graphql/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        b"Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
    )
    with (
        production_server(tmp_path, workers=1) as (port, _log),
        socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as sock,
    ):
        sock.sendall(handshake)
        status_line = sock.makefile("rb").readline()
    # 101: switched to WebSocket. (A server without WebSocket hands this to Django's HTTP view as a plain GET,
    # which answers 400 or GraphiQL's 200.)
    assert status_line.startswith(b"HTTP/1.1 101 "), status_line


@pytest.mark.django_db(transaction=True)
def test_request_over_the_time_limit_is_logged_and_its_worker_replaced(tmp_path):
    with production_server(tmp_path, "--timeout", "2", "tests.api.stuck_asgi:application", workers=1) as (port, log):
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as sock:
            sock.sendall(b"GET /stuck HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            with contextlib.suppress(ConnectionResetError):
                answer = sock.recv(1024)
        assert answer == b""  # the connection ended with its worker, unanswered

        assert "Request over the time limit: GET /stuck" in log.read_text()
        assert "WORKER TIMEOUT" in log.read_text()
        assert _status(port, "/healthz", timeout=PATIENCE) == 200  # a fresh worker serves


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_one_database_connection_across_requests(tmp_path):
    if connections["default"].vendor != "postgresql":
        pytest.skip("counts PostgreSQL's connections")
    with production_server(tmp_path, workers=1) as (port, _log):
        for _ in range(20):
            assert _status(port, "/healthz", timeout=PATIENCE) == 200  # each asks the database `SELECT 1`
        assert _server_connections() == 1


def _server_connections() -> int:
    """Connections to the test database other than this test's own."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]
