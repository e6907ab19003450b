"""One `wrk` run posting GraphQL requests over and over: a load generator written in C that leaves the 2 cores
to the server (locust, in Python, took about half of them). Debian's `wrk` is installed when missing.

The request bodies rotate (like, then unlike), `{unique}` in a body becomes a fresh address on every request
(sign-ups), and an answer counts as failed unless it is a 200 without `errors` and without `userErrors`."""

import re
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

SCRIPT = """
local bodies = %(bodies)s
local headers = %(headers)s
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
function init(args)
  counter, failures, first_failure = 0, 0, ""
end
function request()
  counter = counter + 1
  local body = bodies[counter %% #bodies + 1]
  body = body:gsub("{unique}", "bench-%(nonce)s-" .. id .. "-" .. counter .. "@example.com")
  return wrk.format("POST", nil, headers, body)
end
function response(status, _, body)
  if status ~= 200 or body:find('"errors"', 1, true) or body:find('"userErrors":%%s*%%[%%s*{') then
    failures = failures + 1
    if first_failure == "" then first_failure = status .. " " .. body:sub(1, 300) end
  end
end
function done()
  local total, sample = 0, ""
  for _, thread in ipairs(threads) do
    total = total + thread:get("failures")
    if sample == "" then sample = thread:get("first_failure") end
  end
  io.write("failed answers: " .. total .. "\\n")
  io.write("first failed answer: " .. sample .. "\\n")
end
"""


@dataclass
class WrkResult:
    requests: int
    rps: float
    median_ms: float
    p99_ms: float
    errors: int  # connect, read, write and timeout errors (no answer within the server's own 30 s limit)
    failures: int  # answers that were not a 200 with data and no errors
    first_failure: str = ""

    def row(self) -> str:
        return (
            f"{self.rps:.1f} req/s, median {self.median_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, {self.errors} socket "
            f"errors, {self.failures} failed answers"
        )


def wrk_ensure() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    # Debian's package: a C binary, so the load tool does not compete with the server for the CPU.
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, capture_output=True).returncode != 0:  # a fresh machine has no package lists yet
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        if subprocess.run(install, capture_output=True).returncode != 0:
            raise RuntimeError("wrk is not installed and apt-get could not install it: `apt-get install wrk` as root")
    return shutil.which("wrk") or "wrk"


def wrk_run(
    url: str, bodies: list[str], *, token: str | None, connections: int, seconds: int, threads: int = 2
) -> WrkResult:
    """POST the JSON `bodies` in turn to `url` with `connections` keep-alive connections for `seconds` seconds."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    script = SCRIPT % {
        "bodies": _lua_table(bodies),
        "headers": "{" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()) + "}",
        "nonce": secrets.token_hex(4),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        command = [
            wrk_ensure(), "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{seconds}s",
            "--timeout", "30s", "--latency", "-s", file.name, url,
        ]  # fmt: skip
        finished = subprocess.run(command, capture_output=True, text=True)
        if finished.returncode != 0:
            raise RuntimeError(f"wrk failed: {finished.stderr or finished.stdout}")
    finally:
        Path(file.name).unlink()
    return wrk_parse(finished.stdout)


def wrk_parse(output: str) -> WrkResult:
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    failures = re.search(r"failed answers: (\d+)", output)
    first = re.search(r"first failed answer: (.*)", output)
    return WrkResult(
        requests=requests, rps=rps, median_ms=_percentile(output, "50"), p99_ms=_percentile(output, "99"),
        errors=errors, failures=int(failures.group(1)) if failures else 0,
        first_failure=first.group(1).strip() if first else "",
    )  # fmt: skip


def _percentile(output: str, which: str) -> float:
    found = re.search(rf"^\s+{which}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    return float(found.group(1)) * _UNITS_MS[found.group(2)] if found else float("nan")


def _lua_table(texts: list[str]) -> str:
    return "{" + ", ".join(_lua_string(text) for text in texts) + "}"


def _lua_string(text: str) -> str:
    # Not JSON's escapes: LuaJIT (Lua 5.1) has no \uXXXX, which JSON writes for control characters. Its decimal
    # \ddd, always three digits so that a digit after it is not read as part of it, spells any byte.
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\{b:03d}" for b in text.encode()) + '"'
