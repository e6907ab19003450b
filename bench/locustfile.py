"""Locust drives one operation (BENCH_OPERATION) against the running server, as fast as each user can."""

import os
import sys
from pathlib import Path

from locust import HttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")

import django

django.setup()

from bench.operations import Fixtures, failure_of, operations, request_body  # noqa: E402

FIXTURES = Fixtures.load(Path(os.environ["BENCH_FIXTURES"]))
OPERATION = next(op for op in operations(FIXTURES) if op.name == os.environ["BENCH_OPERATION"])


class GraphQLClient(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.toggle = False
        self.headers = {"Content-Type": "application/json"}
        if OPERATION.signed_in:
            self.headers["Authorization"] = f"Bearer {FIXTURES.token}"

    @task
    def send(self):
        self.toggle = not self.toggle
        body = request_body(OPERATION, toggle=self.toggle)
        with self.client.post(
            "/graphql/", data=body, headers=self.headers, name=OPERATION.name, catch_response=True
        ) as r:
            # A refused status, a top-level error or a mutation's `userErrors` is a failed request.
            failure = f"HTTP {r.status_code}" if r.status_code != 200 else failure_of(r.json())
            if failure:
                r.failure(failure[:200])
