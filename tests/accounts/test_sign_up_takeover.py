"""A sign-up for a contact that a NEW account holds ends every session issued for that account before
(DESIGN.md, sign-up takeover). Otherwise whoever signs up first with someone else's address keeps tokens that,
once the owner signs up, verifies and sets a password, open the owner's finished account."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client

from accounts.models import AuthStatus, OneTimeCode, RefreshToken, User
from accounts.services import user_sign_up, user_update_profile, user_verify_code
from accounts.tokens import InvalidToken, token_decode, token_refresh, user_from_access_token
from common.errors import Throttled
from tests.outbox import last_code_sent_to

VICTIM = "victim@example.com"
ATTACKER_IP = "198.51.100.66"
VICTIM_IP = "203.0.113.7"

SIGN_UP = (
    "mutation($c: String!) { signUp(input: {emailOrPhone: $c}) "
    "{ accessToken refreshToken user { id } userErrors { field code message } } }"
)
REFRESH = (
    "mutation($t: String!) { refreshToken(input: {refreshToken: $t}) { accessToken user { id } userErrors { code } } }"
)
ME = "{ me { id email bio } }"


def a_minute_passes() -> None:
    """Age the codes sent so far past the 60 s cool-down, so the next sign-up is accepted. (The clock itself
    is left alone: tokens issued in a moved clock's future would be refused for their `iat`.)"""
    OneTimeCode.objects.update(created_at=F("created_at") - timedelta(seconds=61))


def refused(access_token: str) -> bool:
    """Whether the access token is refused, whichever way user_from_access_token says so."""
    try:
        return user_from_access_token(access_token) is None
    except InvalidToken:
        return True


def victim_finishes_sign_up(user: User) -> User:
    user = user_verify_code(user=user, code=last_code_sent_to(VICTIM))
    return user_update_profile(
        user=user, username="the.victim", password="a-long-secret-9", confirm_password="a-long-secret-9"
    )


def test_a_later_sign_up_revokes_the_earlier_access_and_refresh_tokens(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, early = user_sign_up(email_or_phone=VICTIM, ip_address=ATTACKER_IP)
    a_minute_passes()
    with django_capture_on_commit_callbacks(execute=True):
        user, late = user_sign_up(email_or_phone=VICTIM, ip_address=VICTIM_IP)
    user = victim_finishes_sign_up(user)

    assert refused(early.access_token)
    with pytest.raises(ValidationError) as error:
        token_refresh(refresh_token=early.refresh_token)
    assert error.value.error_dict["refresh_token"][0].code == "invalid_token"
    # The pair issued with the revocation, a fraction of a second after it, still works.
    assert user_from_access_token(late.access_token) == user
    assert token_refresh(refresh_token=late.refresh_token)[0] == user
    assert RefreshToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
    assert User.objects.get(email=VICTIM).auth_status == AuthStatus.DONE


def test_a_refused_sign_up_revokes_nothing(db, django_capture_on_commit_callbacks):
    """A repeat within the cool-down is throttled: it gets no tokens, so it ends nobody's session."""
    with django_capture_on_commit_callbacks(execute=True):
        user, first = user_sign_up(email_or_phone=VICTIM, ip_address=VICTIM_IP)
    with pytest.raises(Throttled):
        user_sign_up(email_or_phone=VICTIM, ip_address=ATTACKER_IP)
    assert user_from_access_token(first.access_token) == user
    assert RefreshToken.objects.get(user=user).revoked_at is None


def post(client: Client, query: str, variables: dict, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = json.dumps({"query": query, "variables": variables})
    return client.post("/graphql/", body, content_type="application/json", headers=headers)


def test_the_attackers_early_tokens_do_not_open_the_victims_finished_account(db, django_capture_on_commit_callbacks):
    """Over HTTP, as the attack was made: the attacker keeps the tokens of an early signUp."""
    attacker, victim = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        early = post(attacker, SIGN_UP, {"c": VICTIM}).json()["data"]["signUp"]
    assert early["userErrors"] == [] and early["refreshToken"]
    a_minute_passes()
    with django_capture_on_commit_callbacks(execute=True):
        late = post(victim, SIGN_UP, {"c": VICTIM}).json()["data"]["signUp"]
    assert late["userErrors"] == [] and late["user"]["id"] == early["user"]["id"]
    user = victim_finishes_sign_up(User.objects.get(email=VICTIM))

    refreshed = post(attacker, REFRESH, {"t": early["refreshToken"]}).json()["data"]["refreshToken"]
    assert refreshed["accessToken"] is None
    assert [error["code"] for error in refreshed["userErrors"]] == ["INVALID_TOKEN"]
    me = post(attacker, ME, {}, token=early["accessToken"])
    assert me.status_code == 401 or me.json()["data"]["me"] is None
    # The victim's own session works, and the attacker's refresh token is revoked in the database.
    assert post(victim, ME, {}, token=late["accessToken"]).json()["data"]["me"]["email"] == VICTIM
    early_id = token_decode(early["refreshToken"], expected_type="refresh")["jti"]
    assert RefreshToken.objects.get(pk=early_id).revoked_at is not None
    assert User.objects.get(pk=user.pk).bio == ""
