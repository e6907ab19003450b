import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError
from strawberry.django.views import GraphQLView

from accounts.tokens import InvalidToken, user_from_access_token
from common.database import database_unreachable
from common.errors import ServiceUnavailable
from common.frame_stack import in_one_chunk
from common.graphql.errors import (
    BAD_USER_INPUT,
    INTERNAL_SERVER_ERROR,
    MASKED_MESSAGE,
    SERVICE_UNAVAILABLE,
    UNAUTHENTICATED,
)
from common.graphql.internals import HTTPException
from common.graphql.persisted import PersistedDocumentRefused, document_for
from common.graphql.responses import GRAPHQL_RESPONSE_JSON, accepts_graphql_response_json, graphql_error_response
from common.graphql.uploads import upload_request_refusal

from .graphiql import OfflineGraphiQLMixin
from .schema import schema

logger = logging.getLogger("instaclone.graphql")


@method_decorator(csrf_exempt, name="dispatch")
class InstacloneGraphQLView(OfflineGraphiQLMixin, GraphQLView):
    """Bearer tokens only: a session cookie never authenticates the API, so CSRF cannot apply to it. Every
    answer is GraphQL JSON, refusals of malformed requests included (API.md, Transport)."""

    def dispatch(self, request, *args, **kwargs):
        response = in_one_chunk(self._answer, request)  # common.frame_stack: no frame-stack chunk churn
        if accepts_graphql_response_json(request) and response["Content-Type"] == "application/json":
            response["Content-Type"] = GRAPHQL_RESPONSE_JSON
        return response

    def _answer(self, request):
        try:
            request.user = _bearer_user(request)
            if (refused := upload_request_refusal(request)) is not None:
                return refused  # before strawberry reads the body: size, file count and `map` shape
            return self.run(request=request)
        except InvalidToken as refused:
            return _token_refused(refused)
        except ServiceUnavailable as down:
            return graphql_error_response(503, str(down), SERVICE_UNAVAILABLE)
        except DatabaseError as error:
            if not database_unreachable(error):
                raise
            logger.warning("Database unreachable: %r", error)
            return graphql_error_response(503, str(ServiceUnavailable()), SERVICE_UNAVAILABLE)
        except HTTPException as refused:
            return graphql_error_response(refused.status_code, refused.reason, BAD_USER_INPUT)
        except RequestDataTooBig:
            return graphql_error_response(413, "The request body is too large.", BAD_USER_INPUT)
        except UnicodeDecodeError:
            return graphql_error_response(400, "The request body must be UTF-8.", BAD_USER_INPUT)
        except RecursionError:
            # JSON or variables nested a thousand deep: the parser or the coercion ran out of stack.
            return graphql_error_response(400, "The request is nested too deeply.", BAD_USER_INPUT)

    def parse_json(self, data):
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, "The request body must be a JSON object.")
        return parsed

    def should_render_graphql_ide(self, request_adapter):
        # A GET that names a persisted document by its hash is an operation, not a browser asking for GraphiQL.
        return super().should_render_graphql_ide(request_adapter) and "extensions" not in request_adapter.query_params

    def execute_single(self, request, request_adapter, sub_response, context, root_value, request_data):
        if _holds_nul([request_data.query, request_data.variables]):
            # PostgreSQL text cannot hold U+0000: it would fail deep in a write as a masked 500.
            raise HTTPException(400, "Text may not contain the NUL character (U+0000).")
        try:
            request_data.query = document_for(request_data)
        except PersistedDocumentRefused as refused:
            return refused.as_result()
        return super().execute_single(request, request_adapter, sub_response, context, root_value, request_data)

    def process_result(self, request, result):
        """The last guard of the error rule: an exception that escaped a validation rule or an extension hook
        bypasses `ErrorCodes`, so anything still without a code is masked and logged here."""
        if result.errors:
            result.errors = [
                error if (error.extensions or {}).get("code") else _masked(error) for error in result.errors
            ]
        return super().process_result(request, result)

    def create_response(self, response_data, sub_response):
        response = super().create_response(response_data, sub_response)
        if _has_code(response_data, SERVICE_UNAVAILABLE):
            response.status_code = 503  # a dependency is down: load balancers and clients retry later
        elif _is_request_error(response_data):
            response.status_code = 400
        return response


def _masked(error: GraphQLError) -> GraphQLError:
    logger.error("Unexpected error outside execution: %s", error.message, exc_info=error.original_error)
    return GraphQLError(MASKED_MESSAGE, extensions={"code": INTERNAL_SERVER_ERROR})


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value or "\\u0000" in value  # decoded JSON, or a GraphQL string literal's escape
    if isinstance(value, dict):
        return any(_holds_nul(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _has_code(response_data, code: str) -> bool:
    errors = response_data.get("errors") if isinstance(response_data, dict) else None
    return any((error.get("extensions") or {}).get("code") == code for error in errors or [])


def _is_request_error(response_data) -> bool:
    """Refused before execution (parse, validation, cost, variables): no data, and no error on a field."""
    errors = response_data.get("errors")
    return bool(errors) and response_data.get("data") is None and not any(error.get("path") for error in errors)


def _bearer_user(request):
    """No header is anonymous; any header that is not a good bearer token is refused, never anonymous."""
    token = bearer_token(request.headers.get("Authorization"))
    return AnonymousUser() if token is None else user_from_access_token(token)


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` value, None for no value; anything else is refused. A
    WebSocket's `connection_init` carries the same value (instaclone.websocket)."""
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Send `Authorization: Bearer <accessToken>`.")
    return token.strip()


def _token_refused(refused: InvalidToken) -> JsonResponse:
    reason = "TOKEN_EXPIRED" if refused.expired else "TOKEN_INVALID"
    message = "The access token has expired: refresh it." if refused.expired else "The access token is not valid."
    challenge = 'Bearer error="invalid_token"'
    return graphql_error_response(401, message, UNAUTHENTICATED, headers={"WWW-Authenticate": challenge}, reason=reason)


def graphql_view():
    return InstacloneGraphQLView.as_view(
        schema=schema,
        graphql_ide="graphiql" if settings.GRAPHIQL else None,
        allow_queries_via_get=True,
        multipart_uploads_enabled=True,
    )


def healthz(request):
    """200 when the database and the cache answer: without the cache no login or sign-up can be served."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        cache.get("healthz")
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
