"""A header that is not a good bearer token is refused whole (401), never treated as anonymous (API.md)."""

import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.utils import timezone

from accounts.tokens import refresh_tokens_revoke_all, token_pair_issue
from feed.models import Post
from tests.factories import UserFactory
from tests.images import image_bytes

ME = json.dumps({"query": "{ me { id } }"})
LIKE = json.dumps({"query": 'mutation { likePost(input: {postId: "x"}) { userErrors { code } } }'})


def _expired_access_token(user) -> str:
    issued = timezone.now() - timedelta(hours=1)
    claims = {"sub": str(user.pk), "type": "access", "iat": issued.timestamp(), "exp": issued + timedelta(minutes=15)}
    return jwt.encode(claims, settings.JWT_SIGNING_KEY, algorithm="HS256")


def _post(client, body, authorization, **kwargs):
    return client.post("/graphql/", body, content_type="application/json", headers={"Authorization": authorization})


def _assert_refused(response, reason):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED", "reason": reason}
    assert "data" not in response.json()


@pytest.mark.parametrize("body", [ME, LIKE], ids=["query", "mutation"])
def test_an_expired_token_is_refused_so_the_client_refreshes(client, db, body):
    response = _post(client, body, f"Bearer {_expired_access_token(UserFactory())}")
    _assert_refused(response, "TOKEN_EXPIRED")


@pytest.mark.parametrize(
    "authorization",
    ["Bearer garbage", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer a.b.c"],
)
def test_a_malformed_header_is_refused_and_never_anonymous(client, db, authorization):
    _assert_refused(_post(client, ME, authorization), "TOKEN_INVALID")


def test_a_forged_signature_is_refused(client, db):
    user = UserFactory()
    claims = {
        "sub": str(user.pk),
        "type": "access",
        "iat": timezone.now().timestamp(),
        "exp": timezone.now() + timedelta(minutes=5),
    }
    forged = jwt.encode(claims, "not-our-key-but-long-enough-for-hs256-0123456789", algorithm="HS256")
    _assert_refused(_post(client, ME, f"Bearer {forged}"), "TOKEN_INVALID")


def test_a_refresh_token_used_as_an_access_token_is_refused(client, db):
    pair = token_pair_issue(user=UserFactory())
    _assert_refused(_post(client, ME, f"Bearer {pair.refresh_token}"), "TOKEN_INVALID")


def test_a_revoked_token_is_refused_as_invalid(client, db):
    user = UserFactory()
    pair = token_pair_issue(user=user)
    refresh_tokens_revoke_all(user=user)
    _assert_refused(_post(client, ME, f"Bearer {pair.access_token}"), "TOKEN_INVALID")


def test_a_token_of_a_disabled_account_is_refused(client, db):
    user = UserFactory()
    pair = token_pair_issue(user=user)
    user.is_active = False
    user.save()
    _assert_refused(_post(client, ME, f"Bearer {pair.access_token}"), "TOKEN_INVALID")


def test_an_upload_with_an_expired_token_is_refused_before_anything_is_stored(client, db):
    user = UserFactory()
    operations = json.dumps(
        {
            "query": "mutation($i: Upload!) { createPost(input: {media: [{image: $i}]}) { post { id } } }",
            "variables": {"i": None},
        }
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "operations": operations,
        "map": json.dumps({"0": ["variables.i"]}),
        "0": SimpleUploadedFile("a.jpg", image_bytes()),
    }
    response = client.post("/graphql/", data, headers={"Authorization": f"Bearer {_expired_access_token(user)}"})
    _assert_refused(response, "TOKEN_EXPIRED")
    assert not Post.objects.exists()


def test_no_header_is_anonymous(client, db):
    response = client.post("/graphql/", ME, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {"me": None}}


def test_a_good_token_reads_its_user(client, db):
    user = UserFactory()
    response = _post(client, ME, f"Bearer {token_pair_issue(user=user).access_token}")
    assert response.status_code == 200
    assert response.json()["data"]["me"]["id"]
