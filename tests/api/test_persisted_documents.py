"""Persisted documents over HTTP: Apollo's automatic persisted queries, and the trusted-documents switch."""

import hashlib
import json

import pytest

from common.graphql import persisted
from tests.factories import PostFactory

POSTS = "query Posts($first: Int) { posts(first: $first) { edges { node { caption } } } }"
NESTED = (
    "query Nested($first: Int) { posts(first: $first) { edges { node { "
    "comments(first: $first) { edges { node { likes(first: $first) { edges { cursor } } } } } } } } }"
)


def _sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def _send(client, query=None, digest=None, variables=None):
    body = {"variables": variables or {}}
    if query is not None:
        body["query"] = query
    if digest is not None:
        body["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    response = client.post("/graphql/", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


@pytest.fixture(autouse=True)
def fresh_process_state(settings):
    """Each test starts as a new process would: no manifest read, no document parsed."""
    settings.GRAPHQL_TRUSTED_DOCUMENTS = ""
    persisted.trusted_documents.cache_clear()
    persisted._parsed.clear()
    yield
    persisted.trusted_documents.cache_clear()
    persisted._parsed.clear()


def test_an_unknown_hash_asks_the_client_for_the_document(client, db):
    _, body = _send(client, digest=_sha(POSTS))
    [error] = body["errors"]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_document_sent_once_with_its_hash_is_then_run_by_hash_alone(client, db):
    PostFactory(caption="kept")
    _, first = _send(client, query=POSTS, digest=_sha(POSTS))
    status, by_hash = _send(client, digest=_sha(POSTS), variables={"first": 5})
    assert status == 200
    assert by_hash == first == {"data": {"posts": {"edges": [{"node": {"caption": "kept"}}]}}}


def test_a_document_this_process_ran_before_is_still_kept_for_its_hash(client, db):
    # The worker had parsed it (sent in full, without a hash): registering it must still reach the shared cache.
    PostFactory(caption="kept")
    _send(client, query=POSTS)
    _send(client, query=POSTS, digest=_sha(POSTS))
    status, by_hash = _send(client, digest=_sha(POSTS))
    assert status == 200
    assert by_hash == {"data": {"posts": {"edges": [{"node": {"caption": "kept"}}]}}}


def test_a_client_cannot_keep_a_document_under_a_hash_of_its_choosing(client, db):
    victim = _sha(POSTS)
    body = {"query": "{ me { id } }", "extensions": {persisted.KEEP: victim}}
    client.post("/graphql/", json.dumps(body), content_type="application/json")
    _, by_hash = _send(client, digest=victim)
    assert by_hash["errors"][0]["message"] == "PersistedQueryNotFound"


def test_a_hash_that_does_not_match_its_document_is_refused(client, db):
    status, body = _send(client, query=POSTS, digest=_sha("{ me { id } }"))
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_an_invalid_document_is_not_kept(client, db):
    bad = "{ posts { nope } }"
    _send(client, query=bad, digest=_sha(bad))
    _, body = _send(client, digest=_sha(bad))
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_persisted_document_is_parsed_once_per_process(client, db, monkeypatch):
    import strawberry.schema.schema as strawberry_schema

    parsed = []
    real_parse = strawberry_schema.parse
    monkeypatch.setattr(strawberry_schema, "parse", lambda *a, **k: parsed.append(1) or real_parse(*a, **k))
    for _ in range(3):
        status, _ = _send(client, query=POSTS, digest=_sha(POSTS))
        assert status == 200
    _send(client, digest=_sha(POSTS))
    assert len(parsed) == 1


def test_the_cost_limit_holds_for_a_persisted_document_every_time(client, db):
    status, body = _send(client, query=NESTED, digest=_sha(NESTED), variables={"first": 2})
    assert status == 200 and "errors" not in body
    status, body = _send(client, digest=_sha(NESTED), variables={"first": 100})
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_the_first_time_every_limit_applies(client, db):
    deep = "query { " + "posts { edges { node { author { " * 6 + "id" + " } } } }" * 6 + " }"
    status, body = _send(client, query=deep, digest=_sha(deep))
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.fixture
def trusted(settings, tmp_path):
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({_sha(POSTS): POSTS}))
    settings.GRAPHQL_TRUSTED_DOCUMENTS = str(manifest)
    persisted.trusted_documents.cache_clear()


def test_with_trusted_documents_a_listed_hash_runs(client, db, trusted):
    PostFactory(caption="listed")
    status, body = _send(client, digest=_sha(POSTS))
    assert status == 200
    assert body["data"]["posts"]["edges"] == [{"node": {"caption": "listed"}}]


def test_with_trusted_documents_any_other_document_is_refused(client, db, trusted):
    other = "{ me { id } }"
    for query, digest in [(other, None), (other, _sha(other)), (None, _sha(other))]:
        _, body = _send(client, query=query, digest=digest)
        assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        assert "data" not in body or body["data"] is None


def test_the_example_clients_manifest_is_accepted_by_a_server_in_trusted_mode(client, db, settings):
    from pathlib import Path

    manifest = Path(__file__).resolve().parents[2] / "clients" / "web" / "src" / "gql" / "persisted-documents.json"
    if not manifest.exists():
        pytest.skip("the example client's manifest is made by `npm run check` in clients/web (.ci/run does it)")
    documents = json.loads(manifest.read_text())
    settings.GRAPHQL_TRUSTED_DOCUMENTS = str(manifest)
    persisted.trusted_documents.cache_clear()
    for digest, document in documents.items():
        assert _sha(document) == digest
        _, body = _send(client, digest=digest, variables={})
        codes = {error["extensions"]["code"] for error in body.get("errors", [])}
        # Variables are missing, so most refuse them; what matters is that the server knows every document.
        assert "PERSISTED_QUERY_NOT_FOUND" not in codes


def test_with_trusted_documents_the_manifests_text_runs_whatever_text_comes_with_the_hash(client, db, trusted):
    PostFactory(caption="manifest")
    reprinted = "query Posts($first: Int) {\n  posts(first: $first) {\n    edges { node { caption } }\n  }\n}"
    status, body = _send(client, query=reprinted, digest=_sha(POSTS))
    assert status == 200
    assert body["data"]["posts"]["edges"] == [{"node": {"caption": "manifest"}}]


@pytest.mark.parametrize("version", [True, 1.0, "1", 2])
def test_a_persisted_query_version_other_than_the_integer_one_is_refused(client, db, version):
    body = {"query": POSTS, "extensions": {"persistedQuery": {"version": version, "sha256Hash": _sha(POSTS)}}}
    response = client.post("/graphql/", json.dumps(body), content_type="application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_persisted_query_runs_over_get_by_its_hash(client, db):
    PostFactory(caption="by get")
    _send(client, query=POSTS, digest=_sha(POSTS))
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": _sha(POSTS)}})
    response = client.get("/graphql/", {"extensions": extensions}, headers={"Accept": "*/*"})
    assert response.status_code == 200
    assert response.json() == {"data": {"posts": {"edges": [{"node": {"caption": "by get"}}]}}}
