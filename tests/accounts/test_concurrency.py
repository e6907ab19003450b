import pytest
from django.db import connection

from accounts.models import User
from accounts.services import user_sign_up
from common.errors import Throttled
from tests.concurrency import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")


def test_twenty_concurrent_sign_ups_for_one_email_create_one_account():
    results = run_concurrently(lambda: user_sign_up(email_or_phone="race@example.com", ip_address="203.0.113.7"), 20)
    assert User.objects.filter(email="race@example.com").count() == 1
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, Throttled)]
    assert unexpected == []
    winners = {r[0].pk for r in results if isinstance(r, tuple)}
    assert len(winners) == 1
