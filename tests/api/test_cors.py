"""Web clients on another origin can call the API from a browser; only origins production lists."""

from django.test import override_settings


@override_settings(CORS_ALLOW_ALL_ORIGINS=False, CORS_ALLOWED_ORIGINS=["https://app.example.com"])
def test_a_listed_origin_may_call_graphql_with_a_bearer_header(client, db):
    preflight = client.options(
        "/graphql/",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight


@override_settings(CORS_ALLOW_ALL_ORIGINS=False, CORS_ALLOWED_ORIGINS=["https://app.example.com"])
def test_an_unlisted_origin_gets_no_cors_headers(client, db):
    response = client.post(
        "/graphql/",
        '{"query": "{ me { id } }"}',
        content_type="application/json",
        headers={"Origin": "https://evil.example"},
    )
    assert "Access-Control-Allow-Origin" not in response
