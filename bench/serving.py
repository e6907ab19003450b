"""Which production server: each candidate started on the seeded bench database, then measured from outside.

    BENCH_DATABASE_URL=postgres://... python bench/serving.py [--rounds 2] [--seconds 20] [--slow 100] [--hold 30]

For every candidate, rounds interleaved (a, b, c, a, b, c): the explore page with `wrk` (8 connections), the
same load while 100 slow clients trickle requests for 30 s (bench/slow_clients.py) with /healthz probed twice a
second, and a WebSocket upgrade on /graphql/. The table goes into the "Serving" section of bench/RESULTS.md;
the rest of the file is left as it is. The database must be seeded (`make bench` does it).
"""

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import sections_write  # noqa: E402
from bench.run import SERVER_ENV  # noqa: E402
from bench.server import Server  # noqa: E402
from bench.slow_clients import Attack, under_attack  # noqa: E402
from bench.wrk import WrkResult, wrk_run  # noqa: E402

BIN = Path(sys.executable).parent
WORKERS = 5  # today's 2 x CPUs + 1 on this 2-core machine, for every candidate
GUNICORN_COMMON = ["--workers", str(WORKERS), "--keep-alive", "5", "--timeout", "30", "--preload"]


@dataclass
class Candidate:
    name: str
    command: list[str]
    env: dict = field(default_factory=dict)


UVICORN = ["--worker-class", "uvicorn_worker.UvicornWorker", *GUNICORN_COMMON]
GRANIAN = [str(BIN / "granian"), "--workers", str(WORKERS), "--no-access-log"]

CANDIDATES = [
    Candidate(
        "gunicorn, sync workers (before)",
        [str(BIN / "gunicorn"), "instaclone.wsgi:application", "--worker-class", "sync", *GUNICORN_COMMON],
    ),
    # Django's stock ASGI handler: a thread per request, so persistent connections pile up (97 of PostgreSQL's
    # 100 after 15 s, then "too many clients"); measured without them, as Django's documentation advises.
    Candidate(
        "gunicorn + uvicorn workers, Django's stock ASGI handler, a connection per request",
        [str(BIN / "gunicorn"), "bench.asgi_stock:application", *UVICORN],
        {"DATABASE_CONN_MAX_AGE": "0"},
    ),
    Candidate("granian ASGI, instaclone.asgi", [*GRANIAN, "--interface", "asgi", "instaclone.asgi:application"]),
    Candidate(
        "granian WSGI, 2 threads per worker (no WebSocket)",
        [*GRANIAN, "--interface", "wsgi", "--blocking-threads", "2", "instaclone.wsgi:application"],
    ),
    Candidate(
        "make serve: gunicorn + uvicorn workers, instaclone.asgi (one sync thread per process)",
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
        {"WEB_CONCURRENCY": str(WORKERS)},
    ),
]  # fmt: skip


@dataclass
class Round:
    alone: WrkResult
    cpu_ms: float
    attacked: WrkResult | None
    attack: Attack | None
    websocket: str
    connections: int
    load: float  # the machine's 1-minute load average when the round started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20, help="length of the wrk run without slow clients")
    parser.add_argument("--slow", type=int, default=100, help="slow connections")
    parser.add_argument("--hold", type=int, default=30, help="seconds the slow connections are held")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8001)))
    parser.add_argument("--only", default="", help="parts of candidate names, separated by |")
    parser.add_argument("--max-load", type=float, default=1.0, help="wait (up to 3 min) for a quieter machine")
    parser.add_argument("--no-attack", action="store_true", help="throughput only")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server under test on the way out
    candidates = [c for c in CANDIDATES if not args.only or any(p in c.name for p in args.only.split("|"))]

    _django_setup()
    bodies = [json.dumps({"query": _explore_query(), "variables": {}})]
    results: dict[str, list[Round]] = {c.name: [] for c in candidates}
    for number in range(args.rounds):
        for candidate in candidates:
            load = _quiet_wait(args.max_load)
            print(f"Round {number + 1}: {candidate.name} (load average {load:.1f})", flush=True)
            token = _reader_token()  # access tokens live 15 minutes: one per round
            with _started(candidate, args.port) as server:
                url = f"http://127.0.0.1:{args.port}/graphql/"
                _answer_check(url, bodies[0], token)
                wrk_run(url, bodies, token=token, connections=8, seconds=3)  # warm every worker
                cpu = server.cpu_seconds()
                alone = wrk_run(url, bodies, token=token, connections=8, seconds=args.seconds)
                cpu_ms = (server.cpu_seconds() - cpu) * 1000 / max(1, alone.requests)
                connections = _database_connections()
                attacked, attack = None, None
                if not args.no_attack:
                    attacked, attack = asyncio.run(
                        under_attack(url, bodies, token=token, port=args.port, connections=args.slow, seconds=args.hold)
                    )
                websocket = websocket_upgrade("127.0.0.1", args.port)
            print(f"  alone: {alone.row()}, server CPU {cpu_ms:.1f} ms per request")
            print(f"  database connections open after it: {connections}; WebSocket handshake: {websocket}")
            if attack:
                print(f"  attacked: {attacked.row()}\n  {attack.summary()}", flush=True)
            results[candidate.name].append(Round(alone, cpu_ms, attacked, attack, websocket, connections, load))
    table = _table(results, args)
    print(table)
    if not args.no_write:
        _write_section(table, results, args)


def websocket_upgrade(host: str, port: int, path: str = "/graphql/") -> str:
    """The status line answered to a WebSocket handshake: 101 or 403 (the app closed before accepting) mean the
    server speaks WebSocket; a WSGI server hands the request to Django as a plain GET."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
    )
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request.encode())
        answer = sock.recv(4096).decode(errors="replace")
    return answer.split("\r\n", 1)[0]


def _started(candidate: Candidate, port: int) -> Server:
    """A candidate on its own port, in its own process group, for the length of a `with` block."""
    command = [*candidate.command]
    if "gunicorn" in " ".join(command[:3]):
        command += ["--bind", f"127.0.0.1:{port}"]
    else:
        command += ["--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, **SERVER_ENV, **candidate.env}
    return Server(command, cwd=ROOT, env=env, url=f"http://127.0.0.1:{port}", ready_seconds=60)


def _answer_check(url: str, body: str, token: str) -> None:
    """Make sure the page really answers data before measuring it."""
    request = urllib.request.Request(
        url, body.encode(), {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    if answer.get("errors") or not answer.get("data"):
        raise RuntimeError(f"the explore page answers errors: {answer}")


def _database_connections() -> int:
    """Connections the server holds to the bench database (persistent ones stay open between requests)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _quiet_wait(max_load: float) -> float:
    """The machine is shared: wait up to three minutes for the 1-minute load average to fall below `max_load`
    before a round starts, so a neighbour's test run weighs less on the figures."""
    for _ in range(36):
        load = os.getloadavg()[0]
        if load < max_load:
            break
        time.sleep(5)
    return os.getloadavg()[0]


def _django_setup() -> None:
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
    import django

    django.setup()


def _reader_token() -> str:
    from bench.operations import fixtures_prepare

    return fixtures_prepare().token


def _explore_query() -> str:
    from bench.operations import EXPLORE

    return EXPLORE


def _table(results: dict[str, list[Round]], args) -> str:
    lines = [
        f"| server | explore req/s alone | server CPU ms / request | under {args.slow} slow clients | kept | "
        "/healthz median / max ms (failed) | slow connections held | DB connections | WebSocket handshake |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, rounds in results.items():
        alone = statistics.median(r.alone.rps for r in rounds)
        cpu_ms = statistics.median(r.cpu_ms for r in rounds)
        connections = max(r.connections for r in rounds)
        attacked = kept = latency = held = ""
        if all(r.attack for r in rounds):
            attacked_rps = statistics.median(r.attacked.rps for r in rounds)
            attacked, kept = f"{attacked_rps:.1f}", f"{attacked_rps / alone:.0%}"
            probes = [ms for r in rounds for ms in r.attack.probe_ms]
            failed = sum(r.attack.probe_failures for r in rounds)
            latency = f"{statistics.median(probes):.0f} / {max(probes):.0f}" if probes else "none answered"
            latency += f" ({failed})"
            held = f"{min(r.attack.held for r in rounds)}/{args.slow}"
        lines.append(
            f"| {name} | {alone:.1f} | {cpu_ms:.1f} | {attacked} | {kept} | {latency} | {held} | {connections} | "
            f"{rounds[-1].websocket.removeprefix('HTTP/1.1 ')} |"
        )
    return "\n".join(lines)


NOTES = """\
- The stock handler's row serves `bench/asgi_stock.py`, Django alone without the Channels router, hence the 500
  to the WebSocket handshake; with persistent connections (not in the table) it ended in PostgreSQL's "too
  many clients" (97 connections after 15 s), since every request's thread opened its own.
- granian's WSGI interface reads a request's body from the worker's blocking threads: slow bodies hold them
  all, as they hold sync workers. It has no WebSocket either.
- DB connections below 5 under `make serve`: each uvicorn worker accepts connections as they come, so wrk's 8
  keep-alive connections did not reach every worker (a sync worker accepts only when free).
- granian ASGI and `make serve` spend the same server CPU per request; granian's higher requests per second on
  this busy machine is most likely a larger share of the contended cores (more threads per worker), to be
  checked on a quiet one. `make serve` keeps gunicorn for the per-request time limit (instaclone/worker.py:
  the arbiter replaces a worker whose request overran), for which granian has no equivalent."""


def _write_section(table: str, results: dict[str, list[Round]], args) -> None:
    """The "Serving" section of RESULTS.md; the rest of the file stays."""
    from datetime import UTC, datetime

    loads = [r.load for rounds in results.values() for r in rounds]
    section = (
        "## Serving\n\n"
        f"`bench/serving.py`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs shared with PostgreSQL, "
        f"Redis and the load tools (1-minute load average {min(loads):.1f}-{max(loads):.1f} at the rounds' "
        f"starts). Every server at {WORKERS} worker processes; explore page 1 as a signed-in reader with `wrk`, "
        f"8 connections, {args.seconds} s; then the same load for {max(5, args.hold - 6)} s while {args.slow} "
        f"slow clients (half trickling their headers, half a POST body, one byte every 2 s) are held for "
        f"{args.hold} s and /healthz is asked twice a second on fresh connections (10 s timeout). Medians of "
        f"{args.rounds} interleaved rounds. Server CPU is the CPU time of the server's processes over the "
        "undisturbed run divided by its requests (less sensitive to a busy machine than requests per second). "
        "DB connections: the server's connections to PostgreSQL after the undisturbed run.\n\n"
        f"{table}\n\n{NOTES}\n"
    )
    sections_write([section])
    print("bench/RESULTS.md: the Serving section written")


if __name__ == "__main__":
    main()
