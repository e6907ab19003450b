"""A dependency down is said as such: SERVICE_UNAVAILABLE with HTTP 503, never a masked INTERNAL_SERVER_ERROR.

The cache here is a real Redis client pointed at a port where nothing listens, as when Redis is down. Before,
login, signUp and forgotPassword answered HTTP 200 with a masked INTERNAL_SERVER_ERROR.
"""

import json

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings

from accounts.models import OneTimeCode, RefreshToken, User
from tests.factories import PASSWORD, UserFactory

REDIS_DOWN = override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)

# `{ __typename }` selects nothing that depends on the payload's shape: the refusal comes before it matters.
MUTATIONS = {
    "login": 'mutation($p: String!) { login(input: {login: "grace.hopper", password: $p}) { __typename } }',
    "signUp": 'mutation { signUp(input: {emailOrPhone: "new@example.com"}) { __typename } }',
    "forgotPassword": 'mutation { forgotPassword(input: {emailOrPhone: "grace@example.com"}) { __typename } }',
}


@pytest.fixture
def grace(db):
    return UserFactory(username="grace.hopper", email="grace@example.com")


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_mutation_that_needs_the_cache_answers_503_service_unavailable(client, grace, name):
    with REDIS_DOWN:
        request = json.dumps({"query": MUTATIONS[name], "variables": {"p": PASSWORD} if name == "login" else {}})
        response = client.post("/graphql/", request, content_type="application/json")
    assert response.status_code == 503
    body = response.json()
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert body["errors"][0]["message"] == "The service is briefly unavailable. Try again in a moment."
    assert body["errors"][0]["path"] == [name]
    assert not RefreshToken.objects.exists()
    assert not OneTimeCode.objects.exists()
    assert list(User.objects.values_list("username", flat=True)) == ["grace.hopper"]


def test_a_query_that_needs_no_cache_still_answers(client, grace):
    with REDIS_DOWN:
        response = client.post("/graphql/", json.dumps({"query": "{ __typename }"}), content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_the_admin_login_says_the_service_is_unavailable_and_logs_nobody_in(client, db):
    UserFactory(username="root.admin", is_staff=True, is_superuser=True)
    with REDIS_DOWN:
        response = client.post("/admin/login/", {"username": "root.admin", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 200
    assert "The service is briefly unavailable" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_healthz_answers_503_when_the_cache_does_not(client, db):
    with REDIS_DOWN:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
