import json

from common.graphql.errors import MASKED_MESSAGE
from instaclone.schema import schema


def test_anonymous_me_is_null(gql):
    assert gql("{ me { id } }") == {"data": {"me": None}}


def test_a_batch_of_operations_is_refused(client, db):
    body = json.dumps([{"query": "{ me { id } }"}, {"query": "{ me { id } }"}])
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400


def test_a_mutation_over_get_is_refused_as_graphql_json(client, db):
    response = client.get("/graphql/", {"query": 'mutation { logout(input: {refreshToken: "x"}) { loggedOut } }'})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["message"] == "mutations are not allowed when using GET"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_query_over_get_is_answered(client, db):
    response = client.get("/graphql/", {"query": "{ me { id } }"})
    assert response.json() == {"data": {"me": None}}


def test_an_unexpected_error_reaches_the_client_masked(gql, monkeypatch):
    def broken(*, username):
        raise RuntimeError("relation secret_table does not exist")

    monkeypatch.setattr("api.accounts.queries.users_by_username", broken)
    result = gql('{ user(username: "someone") { id } }')
    [error] = result["errors"]
    assert error["message"] == MASKED_MESSAGE
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in json.dumps(result)


def test_too_many_aliases_are_refused_before_any_resolver_runs(gql, monkeypatch):
    calls = []
    monkeypatch.setattr("api.accounts.queries.users_by_username", lambda *, username: calls.append(username))
    aliases = " ".join(f'a{i}: user(username: "u{i}") {{ id }}' for i in range(16))
    result = gql(f"{{ {aliases} }}")
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "data" not in result or result["data"] is None
    assert calls == []


def test_too_many_tokens_are_refused_before_any_resolver_runs(gql, monkeypatch):
    calls = []
    monkeypatch.setattr("api.accounts.queries.users_by_username", lambda *, username: calls.append(username))
    fields = " ".join(["id username firstName"] * 700)
    result = gql(f'{{ user(username: "u") {{ {fields} }} }}')
    # The parser stops at the limit, but the refusal is a limit like depth and aliases, not a syntax error.
    [error] = result["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "tokens" in error["message"]
    assert calls == []


def test_unknown_fields_are_a_validation_error(gql):
    [error] = gql("{ me { usernam } }")["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_with_debug_off_unknown_fields_get_no_suggestions(gql, monkeypatch):
    monkeypatch.setattr(schema.config, "disable_field_suggestions", True)
    [error] = gql("{ me { usernam } }")["errors"]
    assert "Did you mean" not in error["message"]


def test_graphiql_is_served_to_a_browser_when_enabled(client, db):
    response = client.get("/graphql/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_a_query_deeper_than_ten_is_refused_before_any_resolver_runs(gql, monkeypatch):
    calls = []
    monkeypatch.setattr("feed.selectors.posts_explore", lambda **kwargs: calls.append(kwargs))
    page = "posts(first: 2) { edges { node { %s } } }"  # small pages: only the depth is over its limit
    nested = page % ("author { %s }" % (page % ("author { %s }" % (page % "id"))))
    result = gql(f"{{ {nested} }}")
    [error] = result["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "exceeds maximum operation depth" in error["message"]
    assert calls == []


def test_a_query_ten_deep_is_answered(gql):
    nested = "posts { edges { node { author { posts { edges { node { author { username } } } } } } } }"
    assert gql(f"{{ {nested} }}") == {"data": {"posts": {"edges": []}}}


def test_an_exception_escaping_a_validation_rule_reaches_the_client_masked(client, db, monkeypatch):
    from common.graphql import introspection

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals of a rule")

    monkeypatch.setattr(introspection.IntrospectionSwitch, "on_operation", broken)
    response = client.post("/graphql/", json.dumps({"query": "{ me { id } }"}), content_type="application/json")
    [error] = response.json()["errors"]
    assert error == {"message": MASKED_MESSAGE, "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
