"""Slow clients against a live server: N connections that trickle a request one byte at a time, while /healthz
is probed on fresh connections. A server whose workers read requests themselves (sync gunicorn) gives each slow
connection a worker until none is left; a server that parses requests on an event loop pays a socket each.

    python bench/slow_clients.py --port 8001 --connections 100 --seconds 30

Half the connections trickle their request line and headers, half send whole headers and trickle a POST body
(Content-Length announced, bytes sent one by one), one byte every `--interval` seconds (2 by default).
"""

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wrk import WrkResult, wrk_run

HEADERS_TRICKLED = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
BODY_HEADERS = (
    b"POST /graphql/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n"
)
PROBE = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


@dataclass
class Attack:
    connections: int
    opened: int = 0
    closed_by_server: int = 0
    probe_ms: list[float] = field(default_factory=list)  # answered probes, in the order they were sent
    probe_failures: int = 0  # no 200 within the probe timeout (or the connection refused)

    @property
    def held(self) -> int:
        return self.opened - self.closed_by_server

    @property
    def probe_max_ms(self) -> float | None:
        return max(self.probe_ms) if self.probe_ms else None

    @property
    def probe_median_ms(self) -> float | None:
        return statistics.median(self.probe_ms) if self.probe_ms else None

    def summary(self) -> str:
        answered = len(self.probe_ms)
        latency = (
            f"median {self.probe_median_ms:.1f} ms, max {self.probe_max_ms:.1f} ms" if answered else "no answer at all"
        )
        return (
            f"{self.held}/{self.connections} slow connections held open ({self.closed_by_server} closed by the "
            f"server); /healthz: {answered} answered ({latency}), {self.probe_failures} failed"
        )


async def attack_run(
    host: str, port: int, *, connections: int, seconds: float, interval: float = 2.0, probe_every: float = 0.5,
    probe_timeout: float = 10.0,
) -> Attack:  # fmt: skip
    """Hold `connections` slow connections for `seconds` while probing /healthz every `probe_every` seconds."""
    result = Attack(connections=connections)
    deadline = time.monotonic() + seconds
    slow = [
        asyncio.create_task(
            _slow_connection(host, port, body=bool(i % 2), interval=interval, deadline=deadline, result=result)
        )
        for i in range(connections)
    ]
    await asyncio.sleep(min(2.0, seconds / 4))  # let every slow connection reach the server before probing
    probes = []
    while time.monotonic() < deadline:
        probes.append(asyncio.create_task(_probe(host, port, timeout=probe_timeout, result=result)))
        await asyncio.sleep(probe_every)
    await asyncio.gather(*slow, *probes)
    return result


async def under_attack(
    url: str, bodies: list[str], *, token: str | None, port: int, connections: int, seconds: float,
    load_connections: int = 8,
) -> tuple[WrkResult, Attack]:  # fmt: skip
    """`wrk` on `url` in the middle of an attack: once every slow connection is in, until a few seconds before
    they are let go."""
    attack = asyncio.create_task(attack_run("127.0.0.1", port, connections=connections, seconds=seconds))
    await asyncio.sleep(3)
    load = await asyncio.to_thread(
        wrk_run, url, bodies, token=token, connections=load_connections, seconds=max(5, int(seconds) - 6)
    )
    return load, await attack


async def _slow_connection(host, port, *, body: bool, interval: float, deadline: float, result: Attack) -> None:
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        return
    result.opened += 1
    trickled = b"{" + b" " * 9998 + b"}" if body else HEADERS_TRICKLED
    closed = asyncio.create_task(reader.read(65536))  # the server hanging up (or answering 408) ends the read
    try:
        if body:
            writer.write(BODY_HEADERS)
            await writer.drain()
        for position in range(len(trickled)):
            writer.write(trickled[position : position + 1])
            await writer.drain()
            await asyncio.wait({closed}, timeout=max(0.0, min(interval, deadline - time.monotonic())))
            if closed.done() or time.monotonic() >= deadline:
                break
    except OSError:
        pass
    if closed.done():
        result.closed_by_server += 1
    else:
        closed.cancel()
    writer.close()


async def _probe(host: str, port: int, *, timeout: float, result: Attack) -> None:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(PROBE)
            await writer.drain()
            status_line = await reader.readline()
            await reader.read()  # the whole answer: the server closes after it (Connection: close)
            writer.close()
    except (TimeoutError, OSError):
        result.probe_failures += 1
        return
    if b" 200 " in status_line:
        result.probe_ms.append((time.perf_counter() - started) * 1000)
    else:
        result.probe_failures += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=2.0)
    args = parser.parse_args()
    result = asyncio.run(
        attack_run(args.host, args.port, connections=args.connections, seconds=args.seconds, interval=args.interval)
    )
    print(result.summary())


if __name__ == "__main__":
    main()
