"""Issue 10's attacks, repeated against the production server: the expensive query (item 2), the upload that
multiplies into long decodes (item 5) and forgotPassword's timing (item 7). Writes the "Hardening" section of
bench/RESULTS.md.

    .venv/bin/python bench/attacks.py

It starts the server as `make serve` does (production settings, PostgreSQL at BENCH_DATABASE_URL, Redis at
BENCH_REDIS_URL, the database task queue), on BENCH_PORT (default 8002), and stops it at the end.
"""

import io
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import sections_write  # noqa: E402
from bench.server import Server  # noqa: E402
from bench.timing_forgot_password import ask as forgot_password_time  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", 8002))
URL = f"http://127.0.0.1:{PORT}"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/instaclone_bench")
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    "REQUEST_LOG_LEVEL": "WARNING",
    "LOG_LEVEL": "WARNING",
    "CODE_REQUESTS_PER_IP_PER_HOUR": "1000000",  # the timing samples all come from 127.0.0.1
    "BIND": f"127.0.0.1:{PORT}",
}
EXPENSIVE = {
    "one query": "{ posts(first:100){ edges { node { comments(first:100){ edges { node { likes(first:100){ edges "
    "{ node { id } } } } } } } } } }",
    "two aliases": "{ a: posts(first:100){ edges { node { comments(first:100){ edges { node { likes(first:100){ "
    "edges { node { id } } } } } } } } } b: posts(first:100){ edges { node { comments(first:100){ edges { node { "
    "likes(first:100){ edges { node { id } } } } } } } } } }",
    "followers of followers": '{ users(search:"", first:100){ edges { node { followers(first:100){ edges { node { '
    "followers(first:100){ edges { node { id } } } } } } } } } }",
}


def main() -> None:
    token, known = _prepare()
    with Server(["make", "serve"], cwd=ROOT, env={**os.environ, **SERVER_ENV}, url=URL):
        rows = [_expensive_query(name, query) for name, query in EXPENSIVE.items()]
        rows.append(_upload_attack(token))
        timing = _forgot_password_medians(known)
    _write(rows, timing)


def _prepare() -> tuple[str, str]:
    """A migrated database with one finished account: its token signs the uploads, its email is 'known'."""
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {DATABASE_URL.rsplit('/', 1)[1]}"],
        capture_output=True,
    )
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import AuthStatus, User
    from accounts.tokens import token_pair_issue
    from common.database import statement_timeout_lift

    statement_timeout_lift()
    call_command("migrate", verbosity=0)
    email = "attacks.bench@example.com"
    user, _ = User.objects.get_or_create(
        email=email, defaults={"username": f"attacks_{uuid.uuid4().hex[:8]}", "auth_status": AuthStatus.PHOTO_DONE}
    )
    return token_pair_issue(user=user).access_token, email


def _post(body: bytes, content_type: str, token: str | None = None) -> tuple[int, float, dict]:
    headers = {"Content-Type": content_type, **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"{URL}/graphql/", data=body, headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, answer = response.status, json.load(response)
    except urllib.error.HTTPError as error:
        status, answer = error.code, json.load(error)
    return status, (time.perf_counter() - started) * 1000, answer


def _healthz_under(attack, seconds: float = 10, attackers: int = 5) -> tuple[float, float]:
    """Median and worst /healthz time while `attackers` threads repeat `attack` for `seconds`."""
    stop = time.monotonic() + seconds
    threads = [threading.Thread(target=_repeat_until, args=(attack, stop), daemon=True) for _ in range(attackers)]
    for thread in threads:
        thread.start()
    samples = []
    while time.monotonic() < stop:
        started = time.perf_counter()
        with urllib.request.urlopen(f"{URL}/healthz", timeout=60):
            samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.2)
    for thread in threads:
        thread.join()
    return statistics.median(samples), max(samples)


def _repeat_until(attack, stop: float) -> None:
    while time.monotonic() < stop:
        attack()


def _expensive_query(name: str, query: str) -> dict:
    body = json.dumps({"query": query}).encode()
    runs = [_post(body, "application/json") for _ in range(20)]
    status, _, answer = runs[-1]
    healthz = _healthz_under(lambda: _post(body, "application/json"))
    return {
        "attack": f"item 2, {name} ({len(query)} bytes)",
        "answer": f"{status} {answer['errors'][0]['extensions']}",
        "median_ms": statistics.median(elapsed for _, elapsed, _ in runs),
        "healthz": healthz,
    }


def _upload_attack(token: str) -> dict:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (6300, 6300), (200, 30, 30)).save(buffer, format="PNG")
    fields = " ".join(f"p{i}: createPost(input: {{media: [{{image: $i}}]}}) {{ post {{ id }} }}" for i in range(15))
    operations = json.dumps({"query": f"mutation($i: Upload!) {{ {fields} }}", "variables": {"i": None}})
    boundary = uuid.uuid4().hex
    parts = [("operations", operations.encode(), None), ("map", b'{"0": ["variables.i"]}', None)]
    parts.append(("0", buffer.getvalue(), "big.png"))
    body = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'.encode()
            + (f'; filename="{filename}"\r\nContent-Type: image/png'.encode() if filename else b"")
            + b"\r\n\r\n"
            + content
            + b"\r\n"
            for name, content, filename in parts
        )
        + f"--{boundary}--\r\n".encode()
    )
    content_type = f"multipart/form-data; boundary={boundary}"

    from feed.models import Post

    before = Post.objects.count()
    runs = [_post(body, content_type, token) for _ in range(5)]
    status, _, answer = runs[-1]
    healthz = _healthz_under(lambda: _post(body, content_type, token))
    return {
        "attack": f"item 5, 15 aliased createPost on one {len(buffer.getvalue()) // 1024} KB 6300x6300 PNG",
        "answer": f"{status} {answer['errors'][0]['message']}, posts made: {Post.objects.count() - before}",
        "median_ms": statistics.median(elapsed for _, elapsed, _ in runs),
        "healthz": healthz,
    }


def _forgot_password_medians(known: str, samples: int = 30) -> dict[str, float]:
    unknown = "nobody.at.all.4711@example.com"
    times: dict[str, list[float]] = {known: [], unknown: []}
    for round_ in range(samples + 3):
        for contact in (known, unknown) if round_ % 2 else (unknown, known):
            elapsed = forgot_password_time(f"{URL}/graphql/", contact)
            if round_ >= 3:
                times[contact].append(elapsed)
    return {"known": statistics.median(times[known]), "unknown": statistics.median(times[unknown])}


def _write(rows: list[dict], timing: dict[str, float]) -> None:
    lines = [
        "## Hardening (issue 10): the attacks against `make serve`",
        "",
        f"Measured by `bench/attacks.py` on {time.strftime('%Y-%m-%d')}, production settings, PostgreSQL and Redis, "
        "5 attacking threads while /healthz is probed every 200 ms for 10 s.",
        "",
        "| attack | answer | median answer time | /healthz under 5 concurrent attacks (median / worst) |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {row['attack']} | {row['answer']} | {row['median_ms']:.1f} ms | "
        f"{row['healthz'][0]:.1f} / {row['healthz'][1]:.1f} ms |"
        for row in rows
    ]
    lines += [
        "",
        f"forgotPassword, median of 30 each (item 7): known contact {timing['known']:.1f} ms, unknown "
        f"{timing['unknown']:.1f} ms, difference {timing['known'] - timing['unknown']:+.1f} ms.",
        "",
    ]
    section = "\n".join(lines)
    sections_write([section])
    print(section)


if __name__ == "__main__":
    main()
