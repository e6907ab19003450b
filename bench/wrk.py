"""One `wrk` run posting one GraphQL request over and over: a load generator written in C that leaves the 2 cores
to the server (locust, in Python, took about half of them). Debian's `wrk` is installed when missing."""

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class WrkResult:
    requests: int
    rps: float
    median_ms: float
    p99_ms: float
    errors: int  # non-2xx answers, plus connect, read, write and timeout errors

    def row(self) -> str:
        return f"{self.rps:.1f} req/s, median {self.median_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, {self.errors} errors"


def wrk_ensure() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    # Debian's package: a C binary, so the load tool does not compete with the server for the CPU.
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def wrk_run(url: str, body: dict, *, token: str | None, connections: int, seconds: int, threads: int = 2) -> WrkResult:
    """POST `body` as JSON to `url` with `connections` keep-alive connections for `seconds` seconds."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    script = f'wrk.method = "POST"\nwrk.body = {_lua_string(json.dumps(body))}\n'
    script += "".join(f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}\n" for k, v in headers.items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        command = [
            wrk_ensure(), "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{seconds}s",
            "--latency", "-s", file.name, url,
        ]  # fmt: skip
        finished = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        Path(file.name).unlink()
    return wrk_parse(finished.stdout)


def wrk_parse(output: str) -> WrkResult:
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return WrkResult(
        requests=requests, rps=rps, median_ms=_percentile(output, "50"), p99_ms=_percentile(output, "99"),
        errors=errors,
    )  # fmt: skip


def _percentile(output: str, which: str) -> float:
    found = re.search(rf"^\s+{which}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    return float(found.group(1)) * _UNITS_MS[found.group(2)] if found else float("nan")


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal (quotes and backslash escapes) is a valid Lua string literal
