"""Throttle counters count and compare in one atomic step: N concurrent attempts against a limit of L let L in."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import RefreshToken
from accounts.services import user_forgot_password, user_login
from common.errors import ErrorCode, Throttled
from common.throttling import throttle_give_back, throttle_reset, throttle_take
from tests.concurrency import run_concurrently
from tests.factories import PASSWORD, UserFactory


def test_the_attempt_past_the_limit_is_refused():
    assert [throttle_take("k", limit=3, window_seconds=60) for _ in range(5)] == [True, True, True, False, False]


def test_a_given_back_attempt_frees_its_slot():
    for _ in range(3):
        throttle_take("k", limit=3, window_seconds=60)
    throttle_give_back("k")
    assert throttle_take("k", limit=3, window_seconds=60)
    assert not throttle_take("k", limit=3, window_seconds=60)


def test_giving_back_after_the_window_ended_leaves_no_counter():
    throttle_give_back("never-counted")
    assert [throttle_take("never-counted", limit=1, window_seconds=60) for _ in range(2)] == [True, False]


def test_a_reset_starts_the_count_afresh():
    for _ in range(3):
        throttle_take("k", limit=3, window_seconds=60)
    throttle_reset("k")
    assert throttle_take("k", limit=3, window_seconds=60)


def test_successful_logins_do_not_use_up_the_ip_limit(db):
    UserFactory(username="grace.hopper")
    for i in range(29):
        with pytest.raises(ValidationError):
            user_login(login=f"someone{i}", password="wrong-password", ip_address="203.0.113.7")
    for _ in range(3):
        user_login(login="grace.hopper", password=PASSWORD, ip_address="203.0.113.7")
    with pytest.raises(ValidationError):
        user_login(login="someone29", password="wrong-password", ip_address="203.0.113.7")
    with pytest.raises(Throttled):
        user_login(login="grace.hopper", password=PASSWORD, ip_address="203.0.113.7")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestConcurrentAttempts:
    """Real threads, each on its own PostgreSQL connection, sharing one Redis: what several workers do."""

    @pytest.fixture(autouse=True)
    def postgres_and_redis(self):
        if connection.vendor != "postgresql":
            pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
        if not settings.REDIS_URL:
            pytest.skip("the local-memory cache is per process; the race needs the shared Redis")

    def test_twenty_concurrent_wrong_passwords_for_one_account_let_exactly_ten_be_tried(self):
        # Before counting came first, all twenty read a count of 0 while the others were still hashing.
        user = UserFactory(username="grace.hopper")
        results = run_concurrently(
            lambda: user_login(login="grace.hopper", password="wrong-password", ip_address="203.0.113.7"), 20
        )
        assert _codes(results) == {ErrorCode.INVALID_CREDENTIALS: 10, ErrorCode.THROTTLED: 10}
        with pytest.raises(Throttled):
            user_login(login="grace.hopper", password=PASSWORD, ip_address="198.51.100.1")
        assert not RefreshToken.objects.filter(user=user).exists()

    def test_forty_concurrent_wrong_logins_from_one_ip_let_exactly_thirty_be_tried(self):
        results = run_concurrently(_wrong_login_for_a_new_name(ip_address="203.0.113.7"), 40)
        assert _codes(results) == {ErrorCode.INVALID_CREDENTIALS: 30, ErrorCode.THROTTLED: 10}
        UserFactory(username="grace.hopper")
        with pytest.raises(Throttled):
            user_login(login="grace.hopper", password=PASSWORD, ip_address="203.0.113.7")

    def test_thirty_concurrent_code_requests_from_one_ip_let_exactly_twenty_through(self):
        assert settings.CODE_REQUESTS_PER_IP_PER_HOUR == 20
        contacts = iter([f"nobody{i}@example.com" for i in range(30)])  # a list iterator is thread-safe
        results = run_concurrently(
            lambda: user_forgot_password(email_or_phone=next(contacts), ip_address="203.0.113.7"), 30
        )
        assert sum(result is None for result in results) == 20
        assert _codes(results) == {ErrorCode.THROTTLED: 10}


def _wrong_login_for_a_new_name(*, ip_address: str):
    names = iter([f"someone{i}" for i in range(1000)])
    return lambda: user_login(login=next(names), password="wrong-password", ip_address=ip_address)


def _codes(results: list) -> dict:
    """How many calls failed with each code; a failure of any other kind is a bug and is raised."""
    counts: dict = {}
    for result in results:
        if isinstance(result, ValidationError | Throttled):
            code = result.code if isinstance(result, Throttled) else result.error_list[0].code
            counts[code] = counts.get(code, 0) + 1
        elif isinstance(result, Exception):
            raise result
    return counts
