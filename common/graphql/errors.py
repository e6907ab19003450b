"""Top-level GraphQL errors with Apollo's `extensions.code`, and masking of everything unexpected.

Expected failures of mutations are data (`OperationInfo`); what reaches `errors` is a malformed request, a
missing sign-in, or a bug. Clients read `extensions.code` to tell them apart, and a bug never shows its
message, stack or SQL to a client: it is logged here with its traceback instead.
"""

import logging
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from common.database import database_unreachable
from common.errors import ServiceUnavailable

logger = logging.getLogger("instaclone.graphql")

UNAUTHENTICATED = "UNAUTHENTICATED"
BAD_USER_INPUT = "BAD_USER_INPUT"
FORBIDDEN = "FORBIDDEN"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
MASKED_MESSAGE = "Unexpected error."


class ClientError(Exception):
    """An error the client caused and may read: its message is shown as it is."""

    code = BAD_USER_INPUT


class Unauthenticated(ClientError):
    code = UNAUTHENTICATED

    def __init__(self, message: str = "Sign in to do this."):
        super().__init__(message)


class BadUserInput(ClientError):
    code = BAD_USER_INPUT


class ErrorCodes(SchemaExtension):
    """Gives every error a code; masks and logs those that are not a client's doing."""

    rejected_before_execution = False
    parse_failed = False
    streamed = False

    def on_parse(self) -> Iterator[None]:
        yield
        self._note_rejection()
        self.parse_failed = self.rejected_before_execution

    def on_validate(self) -> Iterator[None]:
        yield
        self._note_rejection()

    def on_operation(self) -> Iterator[None]:
        yield
        if not self.streamed:
            self._give_codes(self.execution_context.result)

    def on_stream_result(self, result) -> Iterator[None]:
        """A subscription's results are sent one by one before the operation ends: each gets its codes here."""
        self.streamed = True
        self._give_codes(result)
        yield

    def _give_codes(self, result) -> None:
        if result is not None and getattr(result, "errors", None):
            if self.parse_failed:
                result.errors = [_with_code(error, _parse_refusal_code(error)) for error in result.errors]
                return
            rejected = self.rejected_before_execution
            result.errors = [_classify(error, rejected_before_execution=rejected) for error in result.errors]

    def _note_rejection(self) -> None:
        # Strawberry later stores execution errors in the same attribute, so read it right after each phase.
        self.rejected_before_execution = bool(self.execution_context.pre_execution_errors)


def _classify(error: GraphQLError, *, rejected_before_execution: bool) -> GraphQLError:
    original = error.original_error
    if isinstance(original, ClientError):
        return _with_code(error, original.code)
    if isinstance(original, ServiceUnavailable) or (original is not None and database_unreachable(original)):
        # Not the client's doing and not a bug: the client may retry, and the view answers HTTP 503. The
        # driver's own message (host, port) stays in the log.
        logger.warning("Service unavailable in %s: %r", ".".join(map(str, error.path or [])), original)
        return GraphQLError(
            str(ServiceUnavailable()), nodes=error.nodes, path=error.path, extensions={"code": SERVICE_UNAVAILABLE}
        )
    if isinstance(original, PermissionDenied):
        # A query's rule refused the viewer (`feed` before sign-up is finished): a query has no userErrors.
        return _with_code(error, FORBIDDEN)
    if rejected_before_execution:
        # A rule that names its refusal (QUERY_TOO_COMPLEX) keeps its code; graphql-core's own rules set none.
        return _with_code(error, (error.extensions or {}).get("code", GRAPHQL_VALIDATION_FAILED))
    if error.path is None:
        # Outside any field: variables that do not coerce to their types (a string for an Upload, say).
        return _with_code(error, BAD_USER_INPUT)
    logger.error("Unexpected error in %s", ".".join(map(str, error.path or [])), exc_info=original)
    return GraphQLError(
        MASKED_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": INTERNAL_SERVER_ERROR},
    )


def _parse_refusal_code(error: GraphQLError) -> str:
    """The token limit stops the parser, but it is a limit like depth and aliases, not a syntax error (graphql-core
    words it "Document contains more than N tokens")."""
    return (
        GRAPHQL_VALIDATION_FAILED
        if "more than" in error.message and "tokens" in error.message
        else GRAPHQL_PARSE_FAILED
    )


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    error.extensions = {**(error.extensions or {}), "code": code}
    return error
