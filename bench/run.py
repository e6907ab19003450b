"""`make bench`: seed PostgreSQL if needed, serve with gunicorn, drive each operation with locust, and write
bench/RESULTS.md beside the in-process numbers (SQL per request, response size, bare-SQL floor).

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/instaclone_bench), BENCH_USERS
(locust users, default 8), BENCH_SECONDS (per operation, default 20), BENCH_PORT (default 8001).
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
USERS = int(os.environ.get("BENCH_USERS", 8))
SECONDS = int(os.environ.get("BENCH_SECONDS", 20))
PORT = int(os.environ.get("BENCH_PORT", 8001))
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "False",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "SMS_BACKEND": "common.sms.FileSmsBackend",
    "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    "REQUEST_LOG_LEVEL": "WARNING",
    # Every locust sign-up comes from 127.0.0.1; the per-network limit would turn them into `throttled`.
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
    from bench.load import locust_run
    from bench.operations import fixtures_prepare, measure_in_process, operations
    from bench.report import explain_plans, render
    from common.database import statement_timeout_lift

    statement_timeout_lift()  # migrating a seeded database may rewrite a million rows; the server keeps it
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username__startswith="demo_").exists():
        print("Seeding the default data set (a few minutes)...", flush=True)
        call_command("seed_demo")
    counts = _counts()  # before the load runs add sign-ups and likes
    fixtures = fixtures_prepare()
    ops = operations(fixtures)
    print("Measuring in-process...", flush=True)
    in_process = {op.name: measure_in_process(op, fixtures) for op in ops}
    with tempfile.TemporaryDirectory() as work:
        fixtures_path = Path(work) / "fixtures.json"
        fixtures.save(fixtures_path)
        with _server():
            host = f"http://127.0.0.1:{PORT}"
            load = {}
            for op in ops:
                print(f"Load: {op.name} ({USERS} users, {SECONDS} s)...", flush=True)
                load[op.name] = locust_run(op.name, fixtures_path, Path(work), host=host, users=USERS, seconds=SECONDS)
    results = render(
        when=datetime.now(UTC),
        machine=_machine(),
        versions=_versions(),
        users=USERS,
        seconds=SECONDS,
        counts=counts,
        in_process=in_process,
        load=load,
        plans=explain_plans(fixtures),
    )
    (ROOT / "bench" / "RESULTS.md").write_text(results)
    print(results)


def _ensure_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True
    )
    if exists.stdout.strip() != "1":
        subprocess.run(["psql", server, "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)


class _server:
    """The server as `make serve` runs it, on its own port, for the length of the load runs."""

    def __enter__(self):
        env = {**os.environ, "BIND": f"127.0.0.1:{PORT}"}
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)
        from bench.healthz import healthz_wait  # bench/ is importable once main() has put the root on the path

        if healthz_wait(f"http://127.0.0.1:{PORT}", seconds=30):
            return self
        self.process.terminate()
        raise RuntimeError("the server did not answer /healthz")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


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

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, strawberry-graphql "
        f"{version('strawberry-graphql')}, strawberry-graphql-django {version('strawberry-graphql-django')}, "
        f"PostgreSQL {postgres}, gunicorn {version('gunicorn')}, locust {version('locust')}"
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
