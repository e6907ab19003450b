"""Every document is parsed and validated once per process (common.graphql.persisted), and what a kept document
skips can never let through what the full check refuses."""

import hashlib
import json

import pytest

from common.graphql import persisted
from feed.models import Post
from tests.factories import PostFactory, UserFactory, access_token

POSTS = "query Posts($first: Int) { posts(first: $first) { edges { node { caption } } } }"
NESTED = (
    "query Nested($first: Int) { posts(first: $first) { edges { node { "
    "comments(first: $first) { edges { node { likes(first: $first) { edges { cursor } } } } } } } } }"
)
# A cheap query beside a mutation that takes two uploads: the upload rule counts the operation that runs.
CHEAP_AND_TWO_POSTS = """
query Cheap { __typename }
mutation Two($a: CreatePostInput!, $b: CreatePostInput!) {
  a: createPost(input: $a) { __typename }
  b: createPost(input: $b) { __typename }
}"""
NO_FILES = {"a": {"media": [], "caption": "a"}, "b": {"media": [], "caption": "b"}}


@pytest.fixture(autouse=True)
def fresh_process_state():
    persisted._parsed.clear()
    yield
    persisted._parsed.clear()


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    import strawberry.schema.schema as strawberry_schema

    parsed = []
    real_parse = strawberry_schema.parse
    monkeypatch.setattr(strawberry_schema, "parse", lambda text, **k: parsed.append(text) or real_parse(text, **k))
    return parsed


def _send(client, query=None, *, variables=None, operation=None, digest=None, token=None):
    body = {"query": query, "variables": variables or {}, "operationName": operation}
    if digest is not None:
        body["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post("/graphql/", json.dumps(body), content_type="application/json", headers=headers)
    return response.status_code, response.json()


def test_a_document_sent_in_full_is_parsed_once_per_process(client, db, parses):
    PostFactory(caption="kept")
    answers = [_send(client, POSTS, variables={"first": 5}) for _ in range(3)]
    assert answers == [(200, {"data": {"posts": {"edges": [{"node": {"caption": "kept"}}]}}})] * 3
    assert parses == [POSTS]


def test_a_kept_document_is_validated_once_and_only_its_cost_is_checked_again(client, db, monkeypatch):
    import strawberry.schema.schema as strawberry_schema

    validations = []
    real_validate = strawberry_schema.validate_document
    monkeypatch.setattr(
        strawberry_schema, "validate_document", lambda *a, **k: validations.append(1) or real_validate(*a, **k)
    )
    for first in (1, 2, 3):
        assert _send(client, NESTED, variables={"first": first})[0] == 200
    status, body = _send(client, NESTED, variables={"first": 100})
    assert (status, body["errors"][0]["extensions"]["code"]) == (400, "QUERY_TOO_COMPLEX")
    assert len(validations) == 1


def test_a_refused_document_is_checked_in_full_every_time(client, db, parses):
    bad = "{ posts { nope } }"
    for _ in range(2):
        status, body = _send(client, bad)
        assert status == 400
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert parses == [bad, bad]


def test_the_cost_limit_holds_for_a_kept_document_with_other_variables(client, db):
    status, body = _send(client, NESTED, variables={"first": 2})
    assert status == 200 and "errors" not in body
    status, body = _send(client, NESTED, variables={"first": 100})
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_a_kept_document_is_checked_again_once_introspection_is_switched_off(client, db, settings):
    query = "{ __schema { queryType { name } } }"
    settings.GRAPHQL_INTROSPECTION = True
    assert _send(client, query) == (200, {"data": {"__schema": {"queryType": {"name": "Query"}}}})
    settings.GRAPHQL_INTROSPECTION = False
    status, body = _send(client, query)
    assert status == 400
    assert "introspection has been disabled" in body["errors"][0]["message"]


@pytest.mark.parametrize("persisted_query", [False, True], ids=["sent in full", "persisted"])
def test_another_operation_of_a_kept_document_meets_the_upload_rule(client, db, persisted_query):
    """A persisted document used to be remembered by its hash alone: once its cheap query had passed, its
    mutation ran both uploads without the one-upload rule. Keyed by the operation too, it is refused."""
    digest = hashlib.sha256(CHEAP_AND_TWO_POSTS.encode()).hexdigest() if persisted_query else None
    assert _send(client, CHEAP_AND_TWO_POSTS, operation="Cheap", digest=digest) == (
        200,
        {"data": {"__typename": "Query"}},
    )
    token = access_token(UserFactory())
    query = None if persisted_query else CHEAP_AND_TWO_POSTS
    status, body = _send(client, query, variables=NO_FILES, operation="Two", digest=digest, token=token)
    assert status == 400
    assert "one mutation that takes files" in body["errors"][0]["message"]
    assert not Post.objects.exists()


def test_kept_documents_are_bounded_by_the_length_of_their_text():
    kept = persisted._LeastRecentlyUsed(capacity=100)
    kept.put(("a",), "document a", size=60)
    kept.put(("b",), "document b", size=30)
    assert kept.get(("a",)) == "document a"  # now the most recently used
    kept.put(("c",), "document c", size=30)
    assert kept.get(("b",)) is None
    assert (kept.get(("a",)), kept.get(("c",)), kept.used) == ("document a", "document c", 90)
    kept.put(("huge",), "document too long to keep", size=101)
    assert kept.get(("huge",)) is None
    assert kept.used == 90
