"""Every refusal of a malformed request is a GraphQL JSON body with a 4xx status, never text or HTML."""

import json

import pytest

from tests.factories import PostFactory


def _refusal(response, status=400, code="BAD_USER_INPUT"):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors and all(error["extensions"]["code"] == code for error in errors)
    return errors


def test_bad_json_is_a_json_refusal(client, db):
    _refusal(client.post("/graphql/", "{not json", content_type="application/json"))


def test_a_batch_is_a_json_refusal(client, db):
    body = json.dumps([{"query": "{ me { id } }"}, {"query": "{ me { id } }"}])
    _refusal(client.post("/graphql/", body, content_type="application/json"))


def test_a_mutation_over_get_is_a_json_refusal(client, db):
    response = client.get("/graphql/", {"query": 'mutation { logout(input: {refreshToken: "x"}) { loggedOut } }'})
    [error] = _refusal(response)
    assert "GET" in error["message"]


def test_a_syntax_error_is_parse_failed_with_status_400(client, db):
    response = client.post("/graphql/", json.dumps({"query": "{ me { id "}), content_type="application/json")
    _refusal(response, code="GRAPHQL_PARSE_FAILED")


def test_an_unknown_field_is_validation_failed_with_status_400(client, db):
    response = client.post("/graphql/", json.dumps({"query": "{ me { nope } }"}), content_type="application/json")
    _refusal(response, code="GRAPHQL_VALIDATION_FAILED")


def test_variables_nested_a_thousand_deep_are_a_json_refusal(client, db):
    deep = "[" * 1000 + "]" * 1000
    query = json.dumps("query($s: String!) { users(search: $s) { edges { cursor } } }")
    body = '{"query": ' + query + ', "variables": {"s": ' + deep + "}}"
    _refusal(client.post("/graphql/", body, content_type="application/json"))


def test_a_multipart_request_missing_its_file_is_a_json_refusal(client, db):
    operations = json.dumps({"query": "mutation($p: Upload!) { updatePhoto(input: {photo: $p}) { user { id } } }"})
    data = {"operations": operations, "map": json.dumps({"0": ["variables.p"]})}
    _refusal(client.post("/graphql/", data))


def test_an_unsupported_content_type_is_a_json_refusal(client, db):
    _refusal(client.post("/graphql/", "{ me { id } }", content_type="text/plain"))


def test_a_forged_cursor_says_invalid_cursor(gql):
    PostFactory()
    for cursor in ["abc", "b3JkZXJlZGN1cnNvcjpbXQ==", "b3JkZXJlZGN1cnNvcjpub3QganNvbg==", "=="]:
        [error] = gql("query($a: String) { posts(after: $a) { edges { cursor } } }", {"a": cursor})["errors"]
        assert error["message"] == "Invalid cursor."
        assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("first", [101, -1])
def test_first_outside_zero_to_a_hundred_is_bad_user_input(gql, first):
    [error] = gql("query($f: Int) { posts(first: $f) { edges { cursor } } }", {"f": first})["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_graphql_response_json_is_answered_in_kind(client, db):
    response = client.post(
        "/graphql/",
        json.dumps({"query": "{ me { id "}),
        content_type="application/json",
        headers={"Accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/graphql-response+json"
    ok = client.post(
        "/graphql/",
        json.dumps({"query": "{ me { id } }"}),
        content_type="application/json",
        headers={"Accept": "application/graphql-response+json"},
    )
    assert ok.status_code == 200
    assert ok.json() == {"data": {"me": None}}


def test_the_default_page_size_is_stated_in_the_schema():
    from instaclone.schema import schema

    sdl = schema.as_str()
    assert "first: Int = 20" in sdl
    assert "first: Int = null" not in sdl


@pytest.mark.parametrize(
    "body",
    [
        {"query": "query($s: String!) { users(search: $s) { edges { cursor } } }", "variables": {"s": "a\u0000b"}},
        {"query": '{ users(search: "a\\u0000b") { edges { cursor } } }'},
    ],
    ids=["variable", "literal"],
)
def test_text_with_a_nul_character_is_refused_before_it_reaches_the_database(client, db, body):
    # PostgreSQL text cannot hold U+0000: it failed as a masked 500 deep in the query.
    _refusal(client.post("/graphql/", json.dumps(body), content_type="application/json"))


@pytest.mark.parametrize("last", [101, -1])
def test_last_outside_zero_to_a_hundred_is_bad_user_input(gql, last):
    PostFactory()
    [error] = gql("query($l: Int) { posts(last: $l) { edges { cursor } } }", {"l": last})["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_body_that_is_not_utf8_is_a_json_refusal(client, db):
    _refusal(client.post("/graphql/", b'{"query": "{ me { id } }\xff\xfe"}', content_type="application/json"))


def test_a_json_body_over_the_size_limit_is_a_json_refusal(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"query": "{ me { id } }", "variables": {"pad": "x" * 2000}})
    _refusal(client.post("/graphql/", body, content_type="application/json"), status=413)


def test_the_endpoint_answers_without_its_trailing_slash(client, db):
    response = client.post("/graphql", json.dumps({"query": "{ me { id } }"}), content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {"me": None}}


def test_a_refusal_before_graphql_runs_speaks_graphql_response_json_when_asked(client, db):
    response = client.post(
        "/graphql/",
        "{not json",
        content_type="application/json",
        headers={"Accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/graphql-response+json"


def test_a_subscription_over_http_is_refused_as_the_clients_mistake(client, db):
    body = json.dumps({"query": "subscription { notificationAdded { id } }"})
    [error] = _refusal(client.post("/graphql/", body, content_type="application/json"))
    assert "subscriptions are not allowed" in error["message"]
