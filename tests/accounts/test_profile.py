import pytest

from accounts.models import AuthStatus, User
from tests.factories import PASSWORD, UserFactory, access_token

from .operations import UPDATE_PROFILE, codes

GOOD = {
    "firstName": "Grace",
    "lastName": "Hopper",
    "username": "grace.hopper",
    "password": "cobol-1959-navy",
    "confirmPassword": "cobol-1959-navy",
}


def update(gql, user, **fields):
    return gql(UPDATE_PROFILE, {"input": fields}, token=access_token(user))["data"]["updateProfile"]


@pytest.fixture
def verified(db):
    return UserFactory(username="user_abc123", auth_status=AuthStatus.CODE_VERIFIED, password="")


def test_completing_the_profile_finishes_sign_up(gql, verified):
    payload = update(gql, verified, **GOOD)
    assert payload["userErrors"] == []
    assert payload["user"]["authStatus"] == "DONE"
    verified.refresh_from_db()
    assert (verified.username, verified.first_name, verified.auth_status) == ("grace.hopper", "Grace", "DONE")
    assert verified.check_password("cobol-1959-navy")
    assert verified.password.startswith("argon2")


def test_username_taken_without_regard_to_case(gql, verified):
    UserFactory(username="Grace.Hopper")
    payload = update(gql, verified, **GOOD)
    assert codes(payload) == ["USERNAME_TAKEN"]
    verified.refresh_from_db()
    assert (verified.username, verified.auth_status) == ("user_abc123", AuthStatus.CODE_VERIFIED)


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"confirmPassword": "something-else-1"}, "confirmPassword", "PASSWORD_MISMATCH"),
        ({"password": "short", "confirmPassword": "short"}, "password", "PASSWORD_TOO_WEAK"),
        ({"password": "12345678901", "confirmPassword": "12345678901"}, "password", "PASSWORD_TOO_WEAK"),
        ({"password": "password123", "confirmPassword": "password123"}, "password", "PASSWORD_TOO_WEAK"),
        ({"username": "abc"}, "username", "INVALID_USERNAME"),
        ({"username": "1234567"}, "username", "INVALID_USERNAME"),
        ({"username": "bad name!"}, "username", "INVALID_USERNAME"),
        ({"firstName": "x" * 31}, "firstName", "INVALID_NAME"),
        ({"lastName": "  "}, "lastName", "INVALID_NAME"),
    ],
)
def test_bad_profile_input_is_refused_and_nothing_changes(gql, verified, fields, field, code):
    password_hash = verified.password
    payload = update(gql, verified, **{**GOOD, **fields})
    assert (field, code) in [(e["field"], e["code"]) for e in payload["userErrors"]]
    assert payload["user"] is None
    verified.refresh_from_db()
    assert (verified.username, verified.auth_status, verified.first_name) == ("user_abc123", "CODE_VERIFIED", "Ada")
    assert verified.password == password_hash


def test_completing_sign_up_needs_a_username_and_a_password(gql, verified):
    payload = update(gql, verified, firstName="Grace")
    assert {(e["field"], e["code"]) for e in payload["userErrors"]} == {
        ("username", "REQUIRED"),
        ("password", "REQUIRED"),
    }


def test_an_unverified_account_cannot_complete_its_profile(gql):
    user = UserFactory(auth_status=AuthStatus.NEW)
    payload = update(gql, user, **GOOD)
    assert codes(payload) == ["SIGN_UP_INCOMPLETE"]
    assert payload["userErrors"][0]["field"] is None  # not about a field: the account is not there yet
    user.refresh_from_db()
    assert user.username != "grace.hopper"


def test_later_edits_change_only_the_fields_given(gql):
    user = UserFactory(bio="old")
    payload = update(gql, user, bio="Compilers, mostly.", isPrivate=True)
    assert payload["user"]["firstName"] == "Ada"
    user.refresh_from_db()
    assert (user.bio, user.is_private, user.auth_status) == ("Compilers, mostly.", True, AuthStatus.PHOTO_DONE)


def test_later_edits_cannot_change_the_password(gql):
    user = UserFactory()
    payload = update(gql, user, password="another-good-one-9", confirmPassword="another-good-one-9")
    assert codes(payload) == ["USE_CHANGE_PASSWORD"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_too_long_bio_is_refused(gql):
    user = UserFactory(bio="old")
    payload = update(gql, user, bio="x" * 151)
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("bio", "TOO_LONG")]
    assert User.objects.get(pk=user.pk).bio == "old"
