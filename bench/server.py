"""A server the benchmark starts: its own process group, ready once /healthz answers, stopped with everything it
started (make, gunicorn's arbiter, its workers) when the `with` block ends."""

import os
import signal
import subprocess
from pathlib import Path

import psutil

from bench.healthz import healthz_wait


class Server:
    def __init__(self, command: list[str], *, cwd: Path, env: dict, url: str, ready_seconds: float = 120):
        self.command, self.cwd, self.env, self.url, self.ready_seconds = command, cwd, env, url, ready_seconds

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, start_new_session=True)
        if healthz_wait(self.url, seconds=self.ready_seconds):
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
        # make may exit before gunicorn has let go of the port: wait for every process of the group.
        root = psutil.Process(self.process.pid)
        group = [root, *root.children(recursive=True)]
        os.killpg(self.process.pid, signal.SIGTERM)
        _, alive = psutil.wait_procs(group, timeout=30)
        for process in alive:
            process.kill()
        self.process.wait()
