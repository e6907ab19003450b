"""Turning `make bench`'s measurements into the sections of bench/RESULTS.md, with the query plans of the feeds
beside them and bench/PROFILE.md's findings after them."""

import math
import statistics
from pathlib import Path

from feed import selectors

from .measure import APQ, EXPLORE, TRUSTED, RoundResult
from .operations import Fixtures
from .results import sections_split

FEED_ROWS = {"explore page 1", "explore deep page", "home feed page 1"}
PROFILE_NOTES = Path(__file__).resolve().parent / "PROFILE.md"
NAN = float("nan")
SIDE_BY_SIDE = "## Side by side with the baseline"


def sections(*, when, machine, versions, counts, settings, sides, rounds, in_process, plans) -> tuple[str, list[str]]:
    """The preamble of RESULTS.md and the sections `make bench` owns."""
    this, baseline = sides[0], (sides[1] if len(sides) > 1 else None)
    trees = "; ".join(f"{side.name}: {side.commit}" for side in sides)
    preamble = "\n".join([
        "# Benchmark results",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine}",
        f"- Versions: {versions}",
        f"- Data: {', '.join(f'{n:,} {k}' for k, n in counts.items())}",
        f"- Trees: {trees}",
        f"- Load: `wrk`, {settings['connections']} keep-alive connections, {settings['seconds']} s per operation and "
        f"round, against each tree's own `make serve` at {settings['workers']} worker processes on localhost; "
        f"medians of {settings['rounds']} rounds{', interleaved between the trees' if baseline else ''}. Server CPU "
        "is the CPU time of the server's processes over a run divided by its requests (steadier than requests per "
        "second on this shared 2-core machine). A failed answer is anything but a 200 with data and no errors.",
        "- In-process: the same request through Django's test client without HTTP (median of 15); the floor is the "
        "bare SQL of the page query, run alone on the same connection (median of 15).",
    ])  # fmt: skip
    written = [_operations(rounds[this.name], in_process)]
    if baseline:
        written.append(_side_by_side(this, baseline, rounds))
    written.append(_slow_clients(sides, rounds, settings))
    written.append("## Query plans (EXPLAIN ANALYZE)\n\n" + "\n".join(
        f"### {title}\n\n```\n{plan}\n```\n" for title, plan in plans.items()
    ))  # fmt: skip
    return preamble, written + sections_split(PROFILE_NOTES.read_text())


def _operations(rounds: list[RoundResult], in_process: dict) -> str:
    lines = [
        "## Operations",
        "",
        "| operation | req/s | median ms | p99 ms | failed answers, all rounds | server CPU ms / request "
        "| SQL / request | response bytes | in-process ms | bare SQL ms | ratio to floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in [*in_process, APQ, TRUSTED]:
        load = _medians(rounds, name)
        local = in_process.get(name)
        cells = [_n(load["rps"], 1), _n(load["median_ms"]), _n(load["p99_ms"]), _n(load["failures"]),
                 _n(load["cpu_ms"], 1)]  # fmt: skip
        if local:
            page = name in FEED_ROWS and local.floor_ms
            cells += [str(local.sql_queries), f"{local.response_bytes:,}", f"{local.median_ms:.1f}",
                      f"{local.floor_ms:.2f}" if page else "", f"{local.ratio:.1f}x" if page else ""]  # fmt: skip
        else:
            cells += [""] * 5
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        *(f"- Not answered with data, so not measured: {name}: `{why}`" for name, why in _refusals(rounds).items()),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _side_by_side(this, baseline, rounds: dict[str, list[RoundResult]]) -> str:
    ours, theirs = rounds[this.name], rounds[baseline.name]
    lines = [
        SIDE_BY_SIDE,
        "",
        f"This tree ({this.commit}) against the {baseline.name} ({baseline.commit}), both served by their own "
        "`make serve` in the same run, rounds interleaved. Ratios are this tree's figure over the baseline's "
        "(above 1 is more requests per second; below 1 is less CPU or latency).",
        "",
        "| operation | req/s | baseline req/s | ratio | server CPU ms / request | baseline | ratio | median ms | "
        "baseline | failed answers, all rounds (this / baseline) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = list(dict.fromkeys(name for r in [*ours, *theirs] for name in [*r.loads, *r.refused]))
    for name in names:
        a, b = _medians(ours, name), _medians(theirs, name)
        cells = [
            _n(a["rps"], 1), _n(b["rps"], 1), _ratio(a["rps"], b["rps"]), _n(a["cpu_ms"], 1), _n(b["cpu_ms"], 1),
            _ratio(a["cpu_ms"], b["cpu_ms"]), _n(a["median_ms"]), _n(b["median_ms"]),
            f"{_n(a['failures'])} / {_n(b['failures'])}",
        ]  # fmt: skip
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "A blank cell: that tree does not answer the operation with data, so it was not measured."]
    lines += [f"- The baseline, {name}: `{why}`" for name, why in _refusals(theirs).items()]
    return "\n".join(lines) + "\n"


def _slow_clients(sides, rounds: dict[str, list[RoundResult]], settings: dict) -> str:
    lines = [
        "## Slow clients",
        "",
        f"The explore page with `wrk` ({settings['connections']} connections) while {settings['slow']} slow clients "
        "(half trickling their headers, half a POST body, one byte every 2 s) are held for "
        f"{settings['hold']} s and /healthz is asked twice a second on fresh connections (10 s timeout); medians "
        "over the rounds, /healthz over every probe of every round.",
        "",
        "| tree | explore req/s alone | under slow clients | kept | failed answers under them | /healthz median / "
        "max ms (failed) | slow connections held |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for side in sides:
        attacked = [r for r in rounds[side.name] if r.attack]
        if not attacked:
            continue
        alone = _medians(rounds[side.name], EXPLORE)["rps"]
        under = statistics.median(r.attacked.rps for r in attacked)
        probes = [ms for r in attacked for ms in r.attack.probe_ms]
        failed = sum(r.attack.probe_failures for r in attacked)
        health = f"{statistics.median(probes):.0f} / {max(probes):.0f}" if probes else "none answered"
        held = min(r.attack.held for r in attacked)
        failures = sum(r.attacked.failures + r.attacked.errors for r in attacked)
        lines.append(
            f"| {side.name} | {alone:.1f} | {under:.1f} | {under / alone:.0%} | {failures} | {health} ({failed}) | "
            f"{held}/{settings['slow']} |"
        )
    return "\n".join(lines) + "\n"


def _refusals(rounds: list[RoundResult]) -> dict[str, str]:
    return {name: why.replace("`", "'") for r in rounds for name, why in r.refused.items()}


def _medians(rounds: list[RoundResult], name: str) -> dict[str, float]:
    loads = [r.loads[name] for r in rounds if name in r.loads]
    if not loads:
        return dict.fromkeys(("rps", "median_ms", "p99_ms", "failures", "cpu_ms"), NAN)
    return {
        "rps": statistics.median(load.result.rps for load in loads),
        "median_ms": statistics.median(load.result.median_ms for load in loads),
        "p99_ms": statistics.median(load.result.p99_ms for load in loads),
        "failures": sum(load.result.failures + load.result.errors for load in loads),
        "cpu_ms": statistics.median(load.cpu_ms for load in loads),
    }


def _n(value: float, digits: int = 0) -> str:
    return "" if math.isnan(value) else f"{value:,.{digits}f}"


def _ratio(a: float, b: float) -> str:
    return "" if math.isnan(a) or math.isnan(b) or not b else f"{a / b:.2f}x"


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
