"""One locust run: a fixed number of users sending one operation with no think time, headless."""

import csv
import os
import subprocess
import sys
from pathlib import Path

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


def locust_run(name: str, fixtures_path: Path, work: Path, *, host: str, users: int, seconds: int) -> dict:
    prefix = work / name.replace(" ", "_").replace("/", "").replace("+", "")
    env = {**os.environ, "BENCH_OPERATION": name, "BENCH_FIXTURES": str(fixtures_path)}
    locust = Path(sys.executable).parent / "locust"
    command = [
        str(locust), "-f", str(LOCUSTFILE), "--headless", "--only-summary", "-u", str(users), "-r", str(users),
        "-t", f"{seconds}s", "--host", host, "--csv", str(prefix), "--loglevel", "WARNING",
    ]  # fmt: skip
    finished = subprocess.run(command, cwd=LOCUSTFILE.parent.parent, env=env, capture_output=True, text=True)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics for {name}: {finished.stderr[-2000:]}")
    with stats.open() as rows:
        row = next(r for r in csv.DictReader(rows) if r["Name"] == name)
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "median_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "rps": float(row["Requests/s"]),
    }
