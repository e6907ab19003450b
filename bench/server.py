"""A server the benchmark starts: its own process group, ready once /healthz answers, stopped with everything it
started (make, gunicorn's arbiter, its workers) when the `with` block ends."""

import os
import signal
import socket
import subprocess
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from bench.healthz import healthz_wait


class Server:
    def __init__(self, command: list[str], *, cwd: Path, env: dict, url: str, ready_seconds: float = 120):
        self.command, self.cwd, self.env, self.url, self.ready_seconds = command, cwd, env, url, ready_seconds

    def __enter__(self) -> "Server":
        if _port_taken(self.url):
            # A server left by an interrupted run (in a session of its own, Ctrl-C does not reach it) would answer
            # /healthz and every request in place of this one, and be measured as this tree.
            raise RuntimeError(f"{self.url} is already served: stop what holds its port first")
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, start_new_session=True)
        try:
            ready = healthz_wait(self.url, seconds=self.ready_seconds) and self.process.poll() is None
        except BaseException:
            self.__exit__()  # Ctrl-C while it starts
            raise
        if ready:
            return self
        self.__exit__()
        raise RuntimeError(f"{' '.join(self.command)} in {self.cwd} did not answer {self.url}/healthz")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server: every process it started (the arbiter and the workers)."""
        total = 0.0
        root = psutil.Process(self.process.pid)
        for process in [root, *root.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def __exit__(self, *exc) -> None:
        # make may exit before gunicorn has let go of the port: wait for every process of the group, found by
        # group rather than as make's children, which an exited make no longer has.
        group = _group(self.process.pid)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        _, alive = psutil.wait_procs(group, timeout=30)
        for process in alive:
            process.kill()
        self.process.wait()


def _port_taken(url: str) -> bool:
    address = urlsplit(url)
    try:
        socket.create_connection((address.hostname, address.port), timeout=1).close()
    except OSError:
        return False
    return True


def _group(group_id: int) -> list[psutil.Process]:
    members = []
    for process in psutil.process_iter():
        with suppress(psutil.Error, OSError):
            if os.getpgid(process.pid) == group_id:
                members.append(process)
    return members
