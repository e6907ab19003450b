"""PostgreSQL cancels any statement of the app's connections that runs longer than
DATABASE_STATEMENT_TIMEOUT_MS (5 s by default), so one request cannot hold a worker for half a minute."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is a PostgreSQL setting")


def show_statement_timeout(wrapper) -> str:
    with wrapper.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_new_app_connection_cancels_statements_after_five_seconds():
    fresh = connections.create_connection("default")  # as a worker opens it, whatever earlier tests set
    try:
        assert show_statement_timeout(fresh) == "5s"
    finally:
        fresh.close()


def test_a_statement_longer_than_the_configured_timeout_is_cancelled():
    """Through the whole path a server takes: the environment, the settings, a new connection. A 300 ms
    limit stands in for 5 s to keep the test short; `pg_sleep(3)` would end normally without it."""
    script = (
        "from django.db import connection, OperationalError\n"
        "try:\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.execute('SELECT pg_sleep(3)')\n"
        "    print('finished')\n"
        "except OperationalError as error:\n"
        "    print(type(error.__cause__).__name__, error)\n"
    )
    database = connection.settings_dict  # the test database: the one DATABASE_URL names may not exist
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_STATEMENT_TIMEOUT_MS": "300"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "QueryCanceled canceling statement due to statement timeout" in result.stdout


@pytest.mark.django_db
def test_seed_demo_lifts_the_timeout_for_its_own_long_statements():
    call_command("seed_demo", users=3, posts=3, likes=3, comments=3, follows=2, stdout=StringIO())
    assert show_statement_timeout(connection) == "0"
