"""Sign-up's tokens are good only for finishing sign-up (API.md): once it is finished, the client logs in."""

import json

from accounts.models import AuthStatus, User
from accounts.services import user_sign_up
from accounts.tokens import token_refresh
from tests.factories import PASSWORD

ME = json.dumps({"query": "{ me { username } }"})
REFRESH = "mutation($t: String!) { refreshToken(input: {refreshToken: $t}) { accessToken userErrors { code } } }"


def _signed_up(status: AuthStatus):
    user, pair = user_sign_up(email_or_phone="ada@example.com", ip_address="203.0.113.9")
    user.auth_status, user.username = status, "ada.lovelace"
    user.set_password(PASSWORD)
    user.save()
    return user, pair


def _me(client, token):
    return client.post("/graphql/", ME, content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def test_sign_up_tokens_work_through_every_step_of_sign_up(client, db):
    for status in (AuthStatus.NEW, AuthStatus.CODE_VERIFIED, AuthStatus.DONE):
        User.objects.all().delete()
        _, pair = _signed_up(status)
        response = _me(client, pair.access_token)
        assert response.status_code == 200
        assert response.json()["data"]["me"]["username"] == "ada.lovelace"


def test_a_sign_up_access_token_is_refused_once_sign_up_is_finished(client, db):
    _, pair = _signed_up(AuthStatus.PHOTO_DONE)
    response = _me(client, pair.access_token)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED", "reason": "TOKEN_INVALID"}


def test_a_sign_up_refresh_token_is_refused_once_sign_up_is_finished(gql):
    _, pair = _signed_up(AuthStatus.PHOTO_DONE)
    payload = gql(REFRESH, {"t": pair.refresh_token})["data"]["refreshToken"]
    assert payload == {"accessToken": None, "userErrors": [{"code": "INVALID_TOKEN"}]}


def test_refreshing_a_sign_up_token_keeps_its_scope(client, db):
    user, pair = _signed_up(AuthStatus.DONE)
    _, refreshed = token_refresh(refresh_token=pair.refresh_token)
    User.objects.filter(pk=user.pk).update(auth_status=AuthStatus.PHOTO_DONE)
    assert _me(client, refreshed.access_token).status_code == 401


def test_a_login_after_sign_up_gives_a_full_session(gql, client):
    _signed_up(AuthStatus.PHOTO_DONE)
    login = 'mutation($p: String!) { login(input: {login: "ada.lovelace", password: $p}) { accessToken } }'
    token = gql(login, {"p": PASSWORD})["data"]["login"]["accessToken"]
    assert _me(client, token).status_code == 200
