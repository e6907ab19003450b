"""The benchmark on tiny data, so it cannot rot: seed, measure in-process, drive operations with `wrk` against a
live server (its rotating bodies, fresh sign-up addresses and failure count), and render the results."""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.measure import EXPLORE, Load, RoundResult
from bench.operations import LIKE, UNLIKE, fixtures_prepare, measure_in_process, operations
from bench.report import explain_plans, sections
from bench.sides import Side
from bench.wrk import wrk_run


def _body(query: str, variables: dict | None = None) -> str:
    return json.dumps({"query": query, "variables": variables or {}})


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_runs_end_to_end_on_tiny_data(live_server, settings):
    settings.CODE_REQUESTS_PER_IP_PER_HOUR = 1_000_000  # every sign-up comes from 127.0.0.1, as under make bench
    call_command("seed_demo", users=6, posts=30, likes=40, comments=20, follows=10, stdout=StringIO())
    fixtures = fixtures_prepare()
    ops = {op.name: op for op in operations(fixtures)}
    in_process = {name: measure_in_process(op, fixtures, runs=2) for name, op in ops.items()}
    assert in_process["explore page 1"].sql_queries <= 4
    assert in_process["home feed page 1"].floor_ms > 0
    assert in_process["hashtag page 1 (most used tag)"].sql_queries <= 4

    url = f"{live_server.url}/graphql/"
    explore = wrk_run(url, [_body(ops[EXPLORE].query)], token=fixtures.token, connections=2, seconds=2)
    assert explore.requests > 0
    assert (explore.failures, explore.errors) == (0, 0)
    # One connection for the writes: SQLite takes one writer at a time.
    likes = [_body(LIKE, ops["likePost / unlikePost"].variables), _body(UNLIKE, ops["likePost / unlikePost"].variables)]
    toggled = wrk_run(url, likes, token=fixtures.token, connections=1, seconds=2)
    assert toggled.requests > 1 and toggled.failures == 0
    # Bodies take turns: every other one is refused.
    halves = wrk_run(
        url, [_body(ops[EXPLORE].query), _body("{ nope }")], token=fixtures.token, connections=1, seconds=2
    )
    assert halves.requests > 2 and abs(halves.failures * 2 - halves.requests) <= 2
    sign_ups = wrk_run(url, [_body(ops["signUp"].query, {"c": "{unique}"})], token=None, connections=1, seconds=2)
    assert sign_ups.requests > 1 and sign_ups.failures == 0  # a fresh address on every request

    refused = wrk_run(url, [_body("{ nothingHere }")], token=None, connections=1, seconds=1)
    assert refused.requests > 0 and refused.failures == refused.requests
    assert refused.first_failure.startswith("400")

    this = Side("this tree", Path("."), "sqlite://", commit="0000000 test")
    rounds = {this.name: [RoundResult(loads={EXPLORE: Load(explore, 12.5)}, refused={"login": "400 {}"})]}
    preamble, written = sections(
        when=datetime.now(UTC), machine="test", versions="test", counts={"posts": 30},
        settings={"rounds": 1, "seconds": 2, "connections": 2, "workers": 1, "slow": 0, "hold": 0},
        sides=[this], rounds=rounds, in_process=in_process, plans=explain_plans(fixtures),
    )  # fmt: skip
    report = preamble + "\n".join(written)
    assert f"| explore page 1 | {explore.rps:,.1f} |" in report
    assert "| signUp |" in report
    assert "| hashtag page 1 (most used tag) |" in report
    assert "Not answered with data, so not measured: login" in report
    assert "Home feed of" in report
