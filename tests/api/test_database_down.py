"""The database down is said as such: SERVICE_UNAVAILABLE with HTTP 503 and a JSON body, never a masked 500.

The app's connection is pointed at a port where nothing listens, as when PostgreSQL restarts. (An in-memory
SQLite test database cannot be taken away from its connection, so these run on PostgreSQL.)"""

import json

import pytest
from django.db import connection

from tests.factories import UserFactory, access_token

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def take_database_down():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    saved = dict(connection.settings_dict)

    def down():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=1)

    yield down
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def _assert_unavailable(response):
    assert response.status_code == 503
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "127.0.0.1" not in error["message"]  # no driver message reaches the client


def test_an_anonymous_query_answers_503_when_the_database_is_down(client, take_database_down):
    take_database_down()
    body = json.dumps({"query": "{ posts { edges { cursor } } }"})
    _assert_unavailable(client.post("/graphql/", body, content_type="application/json"))


def test_a_signed_in_request_answers_503_when_the_database_is_down(client, take_database_down):
    token = access_token(UserFactory())
    take_database_down()
    response = client.post(
        "/graphql/",
        json.dumps({"query": "{ me { id } }"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    _assert_unavailable(response)


def test_healthz_answers_503_when_the_database_is_down(client, take_database_down):
    take_database_down()
    assert client.get("/healthz").status_code == 503
