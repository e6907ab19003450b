"""Top-level GraphQL errors with Apollo's `extensions.code`, and masking of everything unexpected.

Expected failures of mutations are data (`OperationInfo`); what reaches `errors` is a malformed request, a
missing sign-in, or a bug. Clients read `extensions.code` to tell them apart, and a bug never shows its
message, stack or SQL to a client: it is logged here with its traceback instead.
"""

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from common.errors import ServiceUnavailable

logger = logging.getLogger("instaclone.graphql")

UNAUTHENTICATED = "UNAUTHENTICATED"
BAD_USER_INPUT = "BAD_USER_INPUT"
FORBIDDEN = "FORBIDDEN"
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


class ForbiddenField(ClientError):
    """A field the signed-in user may not read yet (top-level, as a query has no OperationInfo)."""

    code = FORBIDDEN


class ErrorCodes(SchemaExtension):
    """Gives every error a code; masks and logs those that are not a client's doing."""

    rejected_before_execution = False

    def on_parse(self) -> Iterator[None]:
        yield
        self._note_rejection()

    def on_validate(self) -> Iterator[None]:
        yield
        self._note_rejection()

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            rejected = self.rejected_before_execution
            result.errors = [_classify(error, rejected_before_execution=rejected) for error in result.errors]

    def _note_rejection(self) -> None:
        # Strawberry later stores execution errors in the same attribute, so read it right after each phase.
        self.rejected_before_execution = bool(self.execution_context.pre_execution_errors)


def _classify(error: GraphQLError, *, rejected_before_execution: bool) -> GraphQLError:
    original = error.original_error
    if isinstance(original, ClientError):
        return _with_code(error, original.code)
    if isinstance(original, ServiceUnavailable):
        # Not the client's doing and not a bug: the client may retry, and the view answers HTTP 503.
        logger.warning("Service unavailable in %s: %r", ".".join(map(str, error.path or [])), original.__cause__)
        return _with_code(error, SERVICE_UNAVAILABLE)
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


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    error.extensions = {**(error.extensions or {}), "code": code}
    return error
