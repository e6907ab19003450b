"""The benchmark on tiny data, so it cannot rot: seed, measure in-process, drive one operation with locust
against a live server, and render the results."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from bench.load import locust_run
from bench.operations import fixtures_prepare, measure_in_process, operations
from bench.report import explain_plans, render


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_runs_end_to_end_on_tiny_data(live_server, tmp_path):
    call_command("seed_demo", users=6, posts=30, likes=40, comments=20, follows=10, stdout=StringIO())
    fixtures = fixtures_prepare()
    ops = operations(fixtures)
    in_process = {op.name: measure_in_process(op, fixtures, runs=2) for op in ops}
    assert in_process["explore page 1"].sql_queries <= 4
    assert in_process["home feed page 1"].floor_ms > 0
    assert in_process["hashtag page 1 (most used tag)"].sql_queries <= 4

    fixtures_path = tmp_path / "fixtures.json"
    fixtures.save(fixtures_path)
    load = {
        "explore page 1": locust_run(
            "explore page 1", fixtures_path, tmp_path, host=live_server.url, users=2, seconds=2
        )
    }
    assert load["explore page 1"]["requests"] > 0
    assert load["explore page 1"]["failures"] == 0

    report = render(
        when=datetime.now(UTC), machine="test", versions="test", users=2, seconds=2, counts={"posts": 30},
        in_process=in_process, load=load, plans=explain_plans(fixtures),
    )  # fmt: skip
    assert "| explore page 1 |" in report
    assert "| signUp |" in report
    assert "| hashtag page 1 (most used tag) |" in report
    assert "Home feed of" in report
