import json
from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone

from accounts.models import RefreshToken
from accounts.tokens import token_pair_issue, user_from_access_token
from tests.factories import UserFactory

from .operations import LOGOUT, ME, REFRESH, codes


def me(gql, token):
    return gql(ME, token=token)["data"]["me"]


def refusal(gql, token) -> str:
    """A refused access token is never anonymous: HTTP 401 with a challenge and one UNAUTHENTICATED error whose
    reason tells the client to refresh (TOKEN_EXPIRED) or to sign in again (TOKEN_INVALID)."""
    headers = {"Authorization": f"Bearer {token}"}
    response = gql.client.post("/graphql/", json.dumps({"query": ME}), content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    body = response.json()
    assert body.get("data") is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    return error["extensions"]["reason"]


def claims(user, **extra):
    now = timezone.now()
    return {"sub": str(user.pk), "type": "access", "iat": now, "exp": now + timedelta(minutes=5), **extra}


def test_a_valid_access_token_authenticates(gql):
    user = UserFactory()
    token = jwt.encode(claims(user), settings.JWT_SIGNING_KEY, algorithm="HS256")
    assert me(gql, token)["username"] == user.username


def test_a_token_is_turned_into_a_whole_user_with_one_query(db, django_assert_num_queries):
    user = UserFactory(bio="read with the rest of the row")
    token = token_pair_issue(user=user).access_token
    with django_assert_num_queries(1):
        authenticated = user_from_access_token(token)
        assert authenticated == user
        assert authenticated.get_deferred_fields() == set()  # services may read or save any field
        assert authenticated.bio == user.bio
        assert authenticated.tokens_valid_after is None


def test_a_token_whose_subject_is_not_a_user_id_is_rejected(gql):
    token = jwt.encode(claims(UserFactory(), sub="not-a-uuid"), settings.JWT_SIGNING_KEY, algorithm="HS256")
    assert refusal(gql, token) == "TOKEN_INVALID"


def test_a_token_of_a_deleted_account_is_rejected(gql):
    user = UserFactory()
    token = jwt.encode(claims(user), settings.JWT_SIGNING_KEY, algorithm="HS256")
    user.delete()
    assert refusal(gql, token) == "TOKEN_INVALID"


def test_private_fields_are_shown_to_the_user_themself_only(gql):
    user = UserFactory(phone_number="+12025550143")
    token = jwt.encode(claims(user), settings.JWT_SIGNING_KEY, algorithm="HS256")
    assert me(gql, token)["email"] == user.email
    stranger = gql("query($u: String!) { user(username: $u) { email phoneNumber authType } }", {"u": user.username})
    assert stranger["data"]["user"] == {"email": None, "phoneNumber": None, "authType": None}


def test_an_unsigned_token_is_rejected(gql):
    user = UserFactory()
    token = jwt.encode(claims(user), None, algorithm="none")
    assert refusal(gql, token) == "TOKEN_INVALID"


def test_a_token_with_a_wrong_signature_is_rejected(gql):
    user = UserFactory()
    assert refusal(gql, jwt.encode(claims(user), "another-key-of-32-bytes-or-more!!", algorithm="HS256")) == (
        "TOKEN_INVALID"
    )


def test_an_expired_token_is_rejected(gql):
    user = UserFactory()
    token = jwt.encode(claims(user, exp=timezone.now() - timedelta(seconds=1)), settings.JWT_SIGNING_KEY)
    assert refusal(gql, token) == "TOKEN_EXPIRED"


def test_a_refresh_token_is_not_an_access_token(gql):
    user = UserFactory()
    pair = _login(gql, user)
    assert refusal(gql, pair["refreshToken"]) == "TOKEN_INVALID"
    assert me(gql, pair["accessToken"])["id"]


def test_an_access_token_cannot_refresh(gql):
    user = UserFactory()
    pair = _login(gql, user)
    assert codes(refresh(gql, pair["accessToken"])) == ["INVALID_TOKEN"]
    assert RefreshToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1


def test_refreshing_rotates_the_token(gql):
    user = UserFactory()
    pair = _login(gql, user)
    new = refresh(gql, pair["refreshToken"])
    assert new["refreshToken"] != pair["refreshToken"]
    assert codes(refresh(gql, new["refreshToken"])) == []


def test_a_reused_rotated_token_revokes_every_refresh_token_of_the_user(gql):
    user = UserFactory()
    other_device = _login(gql, user)
    pair = _login(gql, user)
    rotated = refresh(gql, pair["refreshToken"])
    assert codes(refresh(gql, pair["refreshToken"])) == ["INVALID_TOKEN"]
    assert codes(refresh(gql, rotated["refreshToken"])) == ["INVALID_TOKEN"]
    assert codes(refresh(gql, other_device["refreshToken"])) == ["INVALID_TOKEN"]
    assert not RefreshToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_logout_revokes_that_refresh_token_only(gql):
    user = UserFactory()
    other_device = _login(gql, user)
    pair = _login(gql, user)
    assert gql(LOGOUT, {"t": pair["refreshToken"]})["data"]["logout"] == {"loggedOut": True, "userErrors": []}
    assert codes(refresh(gql, pair["refreshToken"])) == ["INVALID_TOKEN"]
    assert codes(refresh(gql, other_device["refreshToken"])) == []


def test_logout_with_a_forged_token_is_refused_and_revokes_nothing(gql):
    user = UserFactory()
    _login(gql, user)
    assert codes(gql(LOGOUT, {"t": "not-a-token"})["data"]["logout"]) == ["INVALID_TOKEN"]
    assert RefreshToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1


def refresh(gql, token):
    return gql(REFRESH, {"t": token})["data"]["refreshToken"]


def _login(gql, user):
    from tests.factories import PASSWORD

    from .operations import LOGIN

    return gql(LOGIN, {"input": {"login": user.username, "password": PASSWORD}})["data"]["login"]


def test_changing_the_password_ends_earlier_access_tokens_too(gql):
    from tests.factories import PASSWORD

    from .operations import CHANGE

    user = UserFactory()
    old = _login(gql, user)
    data = {"oldPassword": PASSWORD, "password": "a-brand-new-secret-7", "confirmPassword": "a-brand-new-secret-7"}
    new = gql(CHANGE, {"input": data}, token=old["accessToken"])["data"]["changePassword"]
    assert refusal(gql, old["accessToken"]) == "TOKEN_INVALID"
    assert me(gql, new["accessToken"])["id"]


def test_a_reused_refresh_token_ends_the_access_tokens_too(gql):
    user = UserFactory()
    pair = _login(gql, user)
    refresh(gql, pair["refreshToken"])
    refresh(gql, pair["refreshToken"])  # the thief, or the owner, presents the rotated token again
    assert refusal(gql, pair["accessToken"]) == "TOKEN_INVALID"
