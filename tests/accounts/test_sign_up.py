import pytest

from accounts.models import AuthStatus, AuthType, OneTimeCode, User
from tests.factories import UserFactory
from tests.outbox import last_code_sent_to, messages_to

from .operations import SIGN_UP, codes


def sign_up(gql, contact):
    return gql(SIGN_UP, {"c": contact})["data"]["signUp"]


def test_email_sign_up_creates_a_new_account_and_sends_a_code(gql):
    payload = sign_up(gql, "  User@Example.COM ")
    user = User.objects.get()
    assert user.email == "user@example.com"
    assert user.auth_type == AuthType.VIA_EMAIL
    assert user.auth_status == AuthStatus.NEW
    assert payload["user"]["authStatus"] == "NEW"
    assert payload["accessToken"] and payload["refreshToken"]
    assert payload["userErrors"] == []
    assert len(last_code_sent_to("user@example.com")) == 6


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("+998 90 123 45 67", "+998901234567"), ("(202) 555-0143", "+12025550143"), ("+1-202-555-0143", "+12025550143")],
)
def test_phone_numbers_in_any_common_format_are_stored_in_e164(gql, typed, stored):
    sign_up(gql, typed)
    user = User.objects.get()
    assert user.phone_number == stored
    assert user.auth_type == AuthType.VIA_PHONE
    assert len(last_code_sent_to(stored)) == 6


@pytest.mark.parametrize("garbage", ["hello", "123", "user @example.com", "", "a@b"])
def test_garbage_contact_is_a_validation_error_and_creates_nothing(gql, garbage):
    payload = sign_up(gql, garbage)
    [error] = payload["userErrors"]
    assert (error["field"], error["code"]) == ("emailOrPhone", "INVALID_CONTACT")
    assert error["message"]
    assert (payload["accessToken"], payload["refreshToken"], payload["user"]) == (None, None, None)
    assert not User.objects.exists()


def test_contact_of_a_verified_account_is_taken_and_nothing_changes(gql):
    owner = UserFactory(email="taken@example.com", auth_status=AuthStatus.CODE_VERIFIED)
    payload = sign_up(gql, "Taken@example.com")
    assert codes(payload) == ["CONTACT_TAKEN"]
    assert list(User.objects.all()) == [owner]
    assert not OneTimeCode.objects.exists()
    assert messages_to("taken@example.com") == []


def test_abandoned_sign_up_is_reused_with_a_fresh_code(gql, freeze):
    first = sign_up(gql, "new@example.com")
    first_code = last_code_sent_to("new@example.com")
    freeze.tick(61)
    second = sign_up(gql, "new@example.com")
    assert User.objects.count() == 1
    assert second["user"]["id"] == first["user"]["id"]
    assert second["accessToken"] != first["accessToken"]
    assert len(messages_to("new@example.com")) == 2
    live = OneTimeCode.objects.filter(expires_at__gt=freeze.now())
    assert live.count() == 1
    assert first_code not in live.get().code_hash


def test_repeating_a_sign_up_within_a_minute_is_throttled(gql):
    sign_up(gql, "new@example.com")
    payload = sign_up(gql, "new@example.com")
    assert codes(payload) == ["THROTTLED"]
    assert len(messages_to("new@example.com")) == 1


def test_codes_are_stored_hashed(gql):
    sign_up(gql, "new@example.com")
    code = last_code_sent_to("new@example.com")
    stored = OneTimeCode.objects.get()
    assert code not in stored.code_hash
    assert len(stored.code_hash) == 64


def test_one_network_may_ask_for_at_most_twenty_codes_an_hour(gql):
    for n in range(20):
        assert sign_up(gql, f"person{n}@example.com")["accessToken"]
    payload = sign_up(gql, "one.more@example.com")
    assert codes(payload) == ["THROTTLED"]
    assert not User.objects.filter(email="one.more@example.com").exists()
    assert messages_to("one.more@example.com") == []
