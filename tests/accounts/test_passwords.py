import pytest

from accounts.models import AuthStatus, CodePurpose, OneTimeCode, RefreshToken
from tests.factories import PASSWORD, UserFactory, access_token
from tests.outbox import last_code_sent_to, messages_to

from .operations import CHANGE, FORGOT, LOGIN, REFRESH, RESET, VERIFY, codes, fields

NEW_PASSWORD = "a-brand-new-secret-7"
SENT = {"sent": True, "userErrors": []}


def forgot(gql, contact):
    return gql(FORGOT, {"c": contact})["data"]["forgotPassword"]


def reset(gql, contact, code, password=NEW_PASSWORD, confirm=NEW_PASSWORD):
    data = {"emailOrPhone": contact, "code": code, "password": password, "confirmPassword": confirm}
    return gql(RESET, {"input": data})["data"]["resetPassword"]


@pytest.fixture
def person(db):
    return UserFactory(email="grace@example.com")


def test_forgot_password_answers_the_same_for_unknown_contacts_and_sends_nothing(gql, person):
    assert forgot(gql, "nobody@example.com") == forgot(gql, "grace@example.com") == SENT
    assert messages_to("nobody@example.com") == []
    assert len(messages_to("grace@example.com")) == 1


def test_forgot_password_answers_the_same_when_throttled(gql, person):
    forgot(gql, "grace@example.com")
    assert forgot(gql, "grace@example.com") == SENT
    assert len(messages_to("grace@example.com")) == 1


def test_reset_sets_the_password_and_revokes_earlier_refresh_tokens(gql, person):
    old = gql(LOGIN, {"input": {"login": "grace@example.com", "password": PASSWORD}})["data"]["login"]
    forgot(gql, "Grace@Example.com")
    payload = reset(gql, "grace@example.com", last_code_sent_to("grace@example.com"))
    assert payload["accessToken"]
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert codes(gql(REFRESH, {"t": old["refreshToken"]})["data"]["refreshToken"]) == ["INVALID_TOKEN"]
    assert RefreshToken.objects.filter(user=person, revoked_at__isnull=True).count() == 1


def test_a_wrong_reset_code_changes_nothing(gql, person):
    forgot(gql, "grace@example.com")
    code = last_code_sent_to("grace@example.com")
    assert codes(reset(gql, "grace@example.com", f"{(int(code) + 1) % 10**6:06d}")) == ["INVALID_CODE"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_reset_for_an_unknown_contact_is_an_invalid_code(gql, person):
    assert codes(reset(gql, "nobody@example.com", "123456")) == ["INVALID_CODE"]


def test_a_weak_new_password_is_refused_before_the_code_is_spent(gql, person):
    forgot(gql, "grace@example.com")
    code = last_code_sent_to("grace@example.com")
    payload = reset(gql, "grace@example.com", code, "12345678", "12345678")
    [error] = payload["userErrors"]  # too common, and only digits: one code, both reasons in its message
    assert (error["field"], error["code"]) == ("password", "PASSWORD_TOO_WEAK")
    assert "common" in error["message"] and "numeric" in error["message"]
    assert payload["accessToken"] is None
    assert OneTimeCode.objects.get().used_at is None
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_sign_up_code_cannot_reset_a_password(gql):
    from .conftest import SignedUp

    person = SignedUp(gql, "new@example.com")
    assert codes(reset(gql, "new@example.com", person.code)) == ["INVALID_CODE"]
    person.user.refresh_from_db()
    assert not person.user.has_usable_password() or not person.user.check_password(NEW_PASSWORD)


def test_a_reset_code_cannot_verify_a_sign_up(gql, freeze):
    from .conftest import SignedUp

    person = SignedUp(gql, "new@example.com")
    freeze.tick(61)
    forgot(gql, "new@example.com")
    reset_code = last_code_sent_to("new@example.com")
    assert OneTimeCode.objects.filter(purpose=CodePurpose.RESET).count() == 1
    assert codes(gql(VERIFY, {"code": reset_code}, token=person.token)["data"]["verifyCode"]) == ["INVALID_CODE"]
    person.user.refresh_from_db()
    assert person.user.auth_status == AuthStatus.NEW


def test_change_password_needs_the_old_one(gql, person):
    data = {"oldPassword": "wrong-one", "password": NEW_PASSWORD, "confirmPassword": NEW_PASSWORD}
    payload = gql(CHANGE, {"input": data}, token=access_token(person))["data"]["changePassword"]
    assert codes(payload) == ["WRONG_PASSWORD"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_change_password_revokes_every_other_refresh_token(gql, person):
    old = gql(LOGIN, {"input": {"login": "grace@example.com", "password": PASSWORD}})["data"]["login"]
    data = {"oldPassword": PASSWORD, "password": NEW_PASSWORD, "confirmPassword": NEW_PASSWORD}
    payload = gql(CHANGE, {"input": data}, token=old["accessToken"])["data"]["changePassword"]
    assert payload["refreshToken"]
    assert codes(gql(REFRESH, {"t": old["refreshToken"]})["data"]["refreshToken"]) == ["INVALID_TOKEN"]
    assert codes(gql(REFRESH, {"t": payload["refreshToken"]})["data"]["refreshToken"]) == []


def test_change_password_mismatch_changes_nothing(gql, person):
    data = {"oldPassword": PASSWORD, "password": NEW_PASSWORD, "confirmPassword": "different-secret-8"}
    payload = gql(CHANGE, {"input": data}, token=access_token(person))["data"]["changePassword"]
    assert codes(payload) == ["PASSWORD_MISMATCH"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_resets_count_towards_the_network_limit_and_say_so_alike(gql, person):
    for n in range(20):
        forgot(gql, f"nobody{n}@example.com")
    assert codes(forgot(gql, "grace@example.com")) == codes(forgot(gql, "nobody@example.com")) == ["THROTTLED"]
    assert messages_to("grace@example.com") == []


def test_forgot_password_with_garbage_is_a_validation_error_and_sends_nothing(gql, person):
    payload = forgot(gql, "not a contact")
    assert codes(payload) == ["INVALID_CONTACT"]
    assert fields(payload) == ["emailOrPhone"]
    assert not OneTimeCode.objects.exists()
