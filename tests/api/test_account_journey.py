"""The whole sign-up journey a client walks, over HTTP, for an email and for a phone number."""

import pytest

from tests.accounts.operations import (
    LOGIN,
    ME,
    SIGN_UP,
    UPDATE_PHOTO,
    UPDATE_PROFILE,
    VERIFY,
)
from tests.images import image_bytes
from tests.outbox import last_code_sent_to


@pytest.mark.parametrize(
    ("typed", "stored", "auth_type"),
    [("Walker@Example.COM", "walker@example.com", "VIA_EMAIL"), ("+998 90 123 45 67", "+998901234567", "VIA_PHONE")],
)
def test_sign_up_verify_profile_photo_and_log_in(gql, typed, stored, auth_type):
    signed = gql(SIGN_UP, {"c": typed})["data"]["signUp"]
    token = signed["accessToken"]
    assert (signed["userErrors"], signed["user"]["authStatus"]) == ([], "NEW")

    verified = gql(VERIFY, {"code": last_code_sent_to(stored)}, token=token)["data"]["verifyCode"]
    assert (verified["userErrors"], verified["user"]["authStatus"]) == ([], "CODE_VERIFIED")

    profile = {
        "firstName": "Jo",
        "lastName": "Walker",
        "username": "jo.walker",
        "password": "long-walk-home-42",
        "confirmPassword": "long-walk-home-42",
    }
    done = gql(UPDATE_PROFILE, {"input": profile}, token=token)["data"]["updateProfile"]
    assert (done["userErrors"], done["user"]["authStatus"]) == ([], "DONE")

    photo = gql.upload(UPDATE_PHOTO, {}, {"photo": image_bytes(size=(500, 400))}, token=token)["data"]["updatePhoto"]
    assert (photo["userErrors"], photo["user"]["authStatus"]) == ([], "PHOTO_DONE")
    assert photo["user"]["photoUrl"].endswith(".jpg")

    logged_in = gql(LOGIN, {"input": {"login": typed, "password": "long-walk-home-42"}})["data"]["login"]
    me = gql(ME, token=logged_in["accessToken"])["data"]["me"]
    assert me["username"] == "jo.walker"
    assert me["authType"] == auth_type
    assert (me["email"] or me["phoneNumber"]) == stored
