"""In-process cost of the main pages: median wall and CPU time per request through Django (no HTTP server), beside
another checkout of the project to get ratios measured side by side, or a profile of one page.

    python bench/inprocess.py                          # this tree
    python bench/inprocess.py --against /tmp/before    # rounds interleaved with another checkout, and ratios
    python bench/inprocess.py --profile "explore page 1"   # pyinstrument's tree of 300 requests

The machine is shared and noisy: every figure is a median over many requests, and a comparison runs each
tree in a fresh process per round, rounds interleaved. CPU time (`time.process_time`) is what the request costs
this process; wall time adds the database's and the scheduler's waits. Minor page faults per request tell when
CPython's frame stack maps and unmaps chunks under a page (common/frame_stack.py). Uses the seeded database of
`make bench` (BENCH_DATABASE_URL), with the reader and the busiest post of `bench.operations.fixtures_prepare`.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "explore page 1",
    "home feed page 1",
    "post + 20 comments",
    "profile + 12 posts",
    "hashtag page 1 (most used tag)",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="another checkout of the project, measured alongside")
    parser.add_argument("--rounds", type=int, default=5, help="processes per tree (default 5)")
    parser.add_argument("--requests", type=int, default=60, help="requests per page and round (default 60)")
    parser.add_argument("--profile", metavar="PAGE", help="print pyinstrument's profile of PAGE instead")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one round in the tree given
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.requests)))
    elif args.profile:
        _profile(args.profile, args.requests * 5)
    else:
        _compare([ROOT, args.against] if args.against else [ROOT], args.rounds, args.requests)


def _setup(tree: Path):
    sys.path.insert(0, str(tree))
    os.chdir(tree)
    from bench.run import DATABASE_URL, SERVER_ENV

    os.environ.update(SERVER_ENV)
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
    import django

    django.setup()
    from django.test import Client

    from bench.operations import fixtures_prepare, operations, request_body

    fixtures = fixtures_prepare()
    client = Client(headers={"Authorization": f"Bearer {fixtures.token}"})
    bodies = {op.name: request_body(op) for op in operations(fixtures) if op.name in PAGES}

    def send(page: str) -> None:
        response = client.post("/graphql/", bodies[page], content_type="application/json")
        if response.status_code != 200 or "errors" in response.json():
            raise RuntimeError(f"{page}: {response.content[:500]!r}")

    return send


def _measure(tree: Path, requests: int) -> dict[str, list[float]]:
    send = _setup(tree)
    medians = {}
    for page in PAGES:
        for _ in range(10):
            send(page)  # the first requests fill the process's caches
        wall, cpu = [], []
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(requests):
            started_wall, started_cpu = time.perf_counter(), time.process_time()
            send(page)
            wall.append((time.perf_counter() - started_wall) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / requests
        medians[page] = [statistics.median(wall), statistics.median(cpu), faults]
    return medians


def _compare(trees: list[Path], rounds: int, requests: int) -> None:
    results = {tree: [] for tree in trees}
    for _ in range(rounds):
        for tree in trees:
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--measure",
                str(tree),
                "--requests",
                str(requests),
            ]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            results[tree].append(json.loads(out.strip().splitlines()[-1]))
    print(f"Median of {rounds} rounds x {requests} requests per page, ms per request (wall / CPU), minor page faults")
    for page in PAGES:
        cells = []
        for tree in trees:
            wall = statistics.median(r[page][0] for r in results[tree])
            cpu = statistics.median(r[page][1] for r in results[tree])
            faults = statistics.median(r[page][2] for r in results[tree])
            cells.append((wall, cpu, faults))
        line = f"{page:32s}" + "".join(f"  {wall:6.2f} / {cpu:6.2f} {faults:5.0f}" for wall, cpu, faults in cells)
        if len(cells) == 2:
            line += f"   ratio {cells[0][0] / cells[1][0]:.2f} / {cells[0][1] / cells[1][1]:.2f}"
        print(line)
    if len(trees) == 2:
        print(f"(columns: {trees[0]}, then {trees[1]}; a ratio below 1 means this tree is cheaper)")


def _profile(page: str, requests: int) -> None:
    from pyinstrument import Profiler

    send = _setup(ROOT)
    for _ in range(20):
        send(page)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(requests):
            send(page)
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
