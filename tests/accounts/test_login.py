import pytest

from accounts.models import AuthStatus, AuthType, RefreshToken
from tests.factories import PASSWORD, UserFactory

from .operations import LOGIN, codes


def login(gql, name, password=PASSWORD):
    return gql(LOGIN, {"input": {"login": name, "password": password}})["data"]["login"]


@pytest.fixture
def person(db):
    return UserFactory(
        username="grace.hopper", email="grace@example.com", phone_number="+12025550143", auth_type=AuthType.VIA_EMAIL
    )


@pytest.mark.parametrize(
    "name", ["grace.hopper", "Grace.Hopper", "GRACE@example.com", "(202) 555-0143", "+1 202 555 0143"]
)
def test_login_by_username_email_or_phone_in_any_format(gql, person, name):
    payload = login(gql, name)
    assert payload["user"]["username"] == "grace.hopper"
    assert payload["accessToken"]
    assert RefreshToken.objects.filter(user=person).count() == 1


def test_unknown_account_and_wrong_password_get_the_same_answer(gql, person):
    unknown = login(gql, "nobody.here")
    wrong = login(gql, "grace.hopper", "not-the-password")
    assert unknown == wrong
    assert codes(wrong) == ["INVALID_CREDENTIALS"]
    assert not RefreshToken.objects.exists()


def test_an_unfinished_sign_up_is_told_only_after_a_correct_password(gql):
    UserFactory(username="half.done", auth_status=AuthStatus.CODE_VERIFIED)
    assert codes(login(gql, "half.done", "wrong-password")) == ["INVALID_CREDENTIALS"]
    assert codes(login(gql, "half.done")) == ["SIGN_UP_INCOMPLETE"]
    assert not RefreshToken.objects.exists()


def test_ten_failures_lock_the_account_even_for_the_right_password(gql, person):
    for _ in range(10):
        assert codes(login(gql, "grace.hopper", "wrong-password")) == ["INVALID_CREDENTIALS"]
    assert codes(login(gql, "grace@example.com")) == ["THROTTLED"]
    assert not RefreshToken.objects.exists()


def test_thirty_failures_from_one_ip_lock_that_ip(gql, person):
    for i in range(30):
        login(gql, f"someone{i}", "wrong-password")
    assert codes(login(gql, "grace.hopper")) == ["THROTTLED"]


def test_the_account_lock_ends_after_fifteen_minutes(gql, person, settings):
    from django.core.cache import cache

    for _ in range(10):
        login(gql, "grace.hopper", "wrong-password")
    cache.clear()  # what the cache's expiry does after the 15-minute window
    assert login(gql, "grace.hopper")["accessToken"]
