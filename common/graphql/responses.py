"""Refusals that happen before GraphQL runs, answered as GraphQL JSON like every other response."""

from django.http import JsonResponse

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def graphql_error_response(status: int, message: str, code: str, *, headers=None, **extensions) -> JsonResponse:
    """`{"errors": [{message, extensions: {code, ...}}]}` with an HTTP status: a client's GraphQL library reads
    it like any other error, where a plain-text or HTML page would break its JSON parsing."""
    body = {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    return JsonResponse(body, status=status, headers=headers)


def accepts_graphql_response_json(request) -> bool:
    """The GraphQL-over-HTTP media type: with it, request errors answer 4xx (and JSON otherwise stays 200)."""
    return GRAPHQL_RESPONSE_JSON in request.headers.get("Accept", "")
