"""Turning measurements into bench/RESULTS.md, with the query plans of the feeds beside them."""

from pathlib import Path

from feed import selectors

from .operations import Fixtures

FEED_ROWS = {"explore page 1", "explore deep page", "home feed page 1"}
PROFILE_NOTES = Path(__file__).resolve().parent / "PROFILE.md"
NOT_RUN = {"median_ms": float("nan"), "p95_ms": float("nan"), "rps": float("nan"), "failures": 0}


def render(*, when, machine, versions, users, seconds, counts, in_process, load, plans) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine}",
        f"- Versions: {versions}",
        f"- Data: {', '.join(f'{n:,} {k}' for k, n in counts.items())}",
        f"- Load: locust, {users} concurrent users with no think time, {seconds} s per operation, against gunicorn "
        "(`make serve` settings) on localhost; the load generator shares the machine's 2 cores.",
        "- In-process: the same request through Django's test client without HTTP (median of 15); the floor is the "
        "bare SQL of the page query, run alone on the same connection (median of 15).",
        "",
        "| operation | median ms | p95 ms | req/s | failures | SQL / request | response bytes | in-process ms "
        "| bare SQL ms | ratio to floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, local in in_process.items():
        http = load.get(name, NOT_RUN)
        floor = f"{local.floor_ms:.2f}" if local.floor_ms and name in FEED_ROWS else ""
        ratio = f"{local.ratio:.1f}x" if local.ratio and name in FEED_ROWS else ""
        lines.append(
            f"| {name} | {http['median_ms']:.0f} | {http['p95_ms']:.0f} | {http['rps']:.1f} | {http['failures']} "
            f"| {local.sql_queries} | {local.response_bytes:,} | {local.median_ms:.1f} | {floor} | {ratio} |"
        )
    deep, first = in_process["explore deep page"], in_process["explore page 1"]
    lines += [
        "",
        f"Deep explore page / page 1 (in-process): {deep.median_ms / first.median_ms:.2f}x.",
        "",
        "## Query plans (EXPLAIN ANALYZE)",
        "",
    ]
    for title, plan in plans.items():
        lines += [f"### {title}", "", "```", plan, "```", ""]
    lines.append(PROFILE_NOTES.read_text())
    return "\n".join(lines)


def explain_plans(fixtures: Fixtures) -> dict[str, str]:
    """The plans of the page queries: explore, and the home feeds of a typical reader and of the account that
    follows the most."""
    from django.db import connection

    from accounts.models import User

    reader = User.objects.get(username=fixtures.username)
    heaviest = User.objects.order_by("-following_count").first()
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    pages = {
        "Explore, page 1": selectors.posts_explore(viewer=reader),
        f"Home feed of {reader.username} ({reader.following_count} follows)": selectors.posts_home_feed(viewer=reader),
        f"Home feed of {heaviest.username} ({heaviest.following_count} follows)": selectors.posts_home_feed(
            viewer=heaviest
        ),
    }
    return {title: qs.select_related("author")[:21].explain(**options) for title, qs in pages.items()}
