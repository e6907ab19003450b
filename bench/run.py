"""`make bench`: seed PostgreSQL if needed, measure each operation in-process, then serve it as `make serve` does
and drive it from outside with `wrk`, and write bench/RESULTS.md.

With BENCH_BASELINE=<git ref> (`make bench BENCH_BASELINE=HEAD~5`) that commit is built beside the tree
(bench/sides.py) and served in the same run: rounds interleaved (this tree, baseline; then baseline, this tree;
...), every figure reported with its ratio, so a speed-up is measured side by side rather than against an old file.
Every round of every tree: each operation with `wrk` (requests per second, latency, server CPU per request), the
explore page sent as a persisted document (automatic persisted queries: the hash only), the explore page while 100
slow clients trickle their requests (bench/slow_clients.py), and the server restarted with only trusted documents.

Environment: BENCH_BASELINE, BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/instaclone_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/13), BENCH_ROUNDS (default 3), BENCH_SECONDS (per operation and
round, default 10), BENCH_CONNECTIONS (wrk's, default 8), BENCH_WORKERS (server processes, default 5),
BENCH_SLOW (slow clients, default 100), BENCH_HOLD (seconds they are held, default 30), BENCH_PORT (default 8001).
"""

import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/instaclone_bench")
BASELINE = os.environ.get("BENCH_BASELINE", "")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 8))
WORKERS = int(os.environ.get("BENCH_WORKERS", 5))
SLOW = int(os.environ.get("BENCH_SLOW", 100))
HOLD = int(os.environ.get("BENCH_HOLD", 30))
PORT = int(os.environ.get("BENCH_PORT", 8001))
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "False",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "SMS_BACKEND": "common.sms.FileSmsBackend",
    "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    "REQUEST_LOG_LEVEL": "WARNING",
    # Every sign-up of the load comes from 127.0.0.1; the per-network limit would turn them into `throttled`.
    "CODE_REQUESTS_PER_IP_PER_HOUR": "1000000",
    "LOG_LEVEL": "WARNING",
}


def main() -> None:
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
    sys.path.insert(0, str(ROOT))
    _ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from bench.operations import fixtures_prepare, measure_in_process, operations
    from bench.report import SIDE_BY_SIDE, explain_plans, sections
    from bench.results import sections_write
    from bench.sides import baseline_prepare, this_tree
    from common.database import statement_timeout_lift

    statement_timeout_lift()  # migrating a seeded database may rewrite a million rows; the server keeps it
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username__startswith="demo_").exists():
        print("Seeding the default data set (a few minutes)...", flush=True)
        call_command("seed_demo")
    counts = _counts()  # before the load runs add sign-ups and likes
    fixtures = fixtures_prepare()
    print("Measuring in-process...", flush=True)
    in_process = {op.name: measure_in_process(op, fixtures) for op in operations(fixtures)}
    sides = [this_tree(DATABASE_URL)]
    if BASELINE:
        sides.append(baseline_prepare(BASELINE, DATABASE_URL, SERVER_ENV))
    rounds = {side.name: [] for side in sides}
    with tempfile.TemporaryDirectory() as work:
        for number in range(ROUNDS):
            for side in sides if number % 2 == 0 else sides[::-1]:
                print(f"Round {number + 1} of {ROUNDS}: {side.name}", flush=True)
                rounds[side.name].append(side_round(side, Path(work)))
    when = datetime.now(UTC)
    settings = {
        "rounds": ROUNDS, "seconds": SECONDS, "connections": CONNECTIONS, "workers": WORKERS, "slow": SLOW,
        "hold": HOLD,
    }  # fmt: skip
    preamble, written = sections(
        when=when, machine=_machine(), versions=_versions(), counts=counts, settings=settings, sides=sides,
        rounds=rounds, in_process=in_process, plans=explain_plans(fixtures),
    )  # fmt: skip
    sections_write(written, preamble=preamble, dropped=() if BASELINE else (SIDE_BY_SIDE,))
    print(preamble + "\n\n" + "\n\n".join(written[:4]))


def side_round(side, work: Path):
    """One round of one tree: its server started, every measure taken, the server stopped."""
    from bench.measure import round_measure

    return round_measure(
        side, work, env={**os.environ, **SERVER_ENV}, port=PORT, seconds=SECONDS, connections=CONNECTIONS,
        workers=WORKERS, slow=SLOW, hold=HOLD,
    )  # fmt: skip


def _ensure_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True
    )
    if exists.stdout.strip() != "1":
        subprocess.run(["psql", server, "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)


def _machine() -> str:
    memory = ""
    if Path("/proc/meminfo").exists():
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    return f"{platform.machine()}, {os.cpu_count()} CPUs{memory}, {platform.platform()}"


def _versions() -> str:
    from importlib.metadata import version

    import django
    from django.db import connection

    from bench.wrk import wrk_ensure

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk = subprocess.run([wrk_ensure(), "--version"], capture_output=True, text=True).stdout.split("[")[0].strip()
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, strawberry-graphql "
        f"{version('strawberry-graphql')}, strawberry-graphql-django {version('strawberry-graphql-django')}, "
        f"PostgreSQL {postgres}, gunicorn {version('gunicorn')}, uvicorn {version('uvicorn')}, {wrk}"
    )


def _counts() -> dict:
    from accounts.models import User
    from feed.models import Follow, Post, PostComment, PostLike

    return {
        "users": User.objects.count(),
        "posts": Post.objects.count(),
        "likes": PostLike.objects.count(),
        "comments": PostComment.objects.count(),
        "follows": Follow.objects.count(),
    }


if __name__ == "__main__":
    main()
