"""Turning measurements into bench/RESULTS.md, with the query plans of the feeds beside them."""

from feed import selectors

from .operations import Fixtures

FEED_ROWS = {"explore page 1", "explore deep page", "home feed page 1"}


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
        http = load[name]
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
    return "\n".join(lines)


def explain_plans(fixtures: Fixtures) -> dict[str, str]:
    from accounts.models import User
    from feed.models import Follow

    reader = User.objects.get(username=fixtures.username)
    busiest_follower = User.objects.filter(pk__in=Follow.objects.values("follower_id")).order_by("-following_count")[0]
    return {
        "Explore, page 1": selectors.posts_explore(viewer=reader).select_related("author")[:21].explain(analyze=True),
        f"Home feed of {reader.username} ({reader.following_count} follows)": selectors.posts_home_feed(viewer=reader)
        .select_related("author")[:21]
        .explain(analyze=True),
        f"Home feed of {busiest_follower.username} ({busiest_follower.following_count} follows)": selectors.posts_home_feed(
            viewer=busiest_follower
        )
        .select_related("author")[:21]
        .explain(analyze=True),
    }
