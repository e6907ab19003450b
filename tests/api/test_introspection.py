"""Introspection follows settings.GRAPHQL_INTROSPECTION (DEBUG by default): off in production, where
schema.graphql is the published contract."""

import pytest

SCHEMA_QUERY = "{ __schema { types { name } } }"
TYPE_QUERY = '{ __type(name: "User") { fields { name } } }'


@pytest.mark.parametrize("query", [SCHEMA_QUERY, TYPE_QUERY])
def test_with_introspection_off_schema_questions_are_refused(gql, settings, query):
    settings.GRAPHQL_INTROSPECTION = False
    result = gql(query)
    assert result.get("data") is None
    assert {error["extensions"]["code"] for error in result["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection has been disabled" in result["errors"][0]["message"]


def test_with_introspection_off_typename_is_still_answered(gql, settings):
    settings.GRAPHQL_INTROSPECTION = False
    assert gql("{ __typename }") == {"data": {"__typename": "Query"}}


def test_with_introspection_on_the_schema_is_answered(gql, settings):
    settings.GRAPHQL_INTROSPECTION = True
    types = {t["name"] for t in gql(SCHEMA_QUERY)["data"]["__schema"]["types"]}
    assert {"User", "Post", "PostConnection"} <= types
    fields = {f["name"] for f in gql(TYPE_QUERY)["data"]["__type"]["fields"]}
    assert "username" in fields
