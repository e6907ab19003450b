"""Mutation payloads: `userErrors` for expected failures, and objects read again after the write.

A mutation is `foo(input: FooInput!): FooPayload!`. Its resolver calls a service and returns the payload; the
service's expected failures (Django's ValidationError, PermissionDenied, ObjectDoesNotExist, each with a code of
`ErrorCode`) become `userErrors`, and the codes each mutation may answer are declared once, beside it, and
written into its description from that declaration. An object in a payload is a queryset of its one row, read
when the client's selection is resolved: after the write, shaped by the optimizer, so its counts and per-viewer
flags are the new ones.
"""

import logging
from collections.abc import Callable, Iterable
from enum import Enum
from functools import wraps

import strawberry
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from strawberry.utils.str_converters import to_camel_case

from common.errors import ErrorCode, error_code_of

logger = logging.getLogger("instaclone.graphql")

ErrorCodeType = strawberry.enum(
    Enum(
        "ErrorCode", {code.name: strawberry.enum_value(code.value, description=code.description) for code in ErrorCode}
    ),
    name="ErrorCode",
    description="Why a mutation refused its input. Clients switch on these; the list only grows.",
)


@strawberry.type(description="An expected failure of a mutation: nothing was changed.")
class UserError:
    field: str | None = strawberry.field(description="The input field at fault (`caption`, `code`), or null.")
    code: ErrorCodeType
    message: str = strawberry.field(description="A sentence for people, in English.")


@strawberry.type
class Payload:
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Empty when the mutation succeeded."
    )


def payload_mutation(*, codes: Iterable[ErrorCode], description: str, payload: Callable[..., Payload] | None = None):
    """A mutation field whose resolver returns its payload. An expected failure of the service becomes the
    payload's `userErrors` (so its return annotation names the payload class); `codes` are the ones it may
    answer, listed in its description."""
    codes = tuple(codes)
    listed = ", ".join(f"`{code.name}`" for code in codes)
    full_description = f"{description} Codes: {listed}." if codes else description

    def decorator(resolver):
        payload_class = payload or resolver.__annotations__["return"]

        @wraps(resolver)
        def resolve(*args, **kwargs):
            try:
                return resolver(*args, **kwargs)
            except (ValidationError, PermissionDenied, ObjectDoesNotExist) as error:
                errors = user_errors_of(error)
                undeclared = [e.code.name for e in errors if ErrorCode[e.code.name] not in codes]
                if undeclared:
                    logger.error("%s answered undeclared codes %s", resolver.__name__, undeclared)
                return payload_class(user_errors=errors)

        return strawberry.mutation(resolver=resolve, description=full_description)

    return decorator


def user_errors_of(error: Exception) -> list[UserError]:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return _one_per_code(
                _user_error(None if name == NON_FIELD_ERRORS else to_camel_case(name), item)
                for name, items in error.error_dict.items()
                for item in items
            )
        return _one_per_code(_user_error(None, item) for item in error.error_list)
    default = ErrorCode.FORBIDDEN if isinstance(error, PermissionDenied) else ErrorCode.NOT_FOUND
    code = getattr(error, "code", None) or default
    return [UserError(field=None, code=ErrorCodeType[ErrorCode(code).name], message=str(error) or "Not found.")]


def _one_per_code(errors: Iterable[UserError]) -> list[UserError]:
    """One error per field and code: Django's password validators can say PASSWORD_TOO_WEAK twice ("too common",
    "only digits"); a client switching on codes gets it once, with both sentences."""
    merged: dict[tuple[str | None, object], UserError] = {}
    for error in errors:
        key = (error.field, error.code)
        if key in merged:
            merged[key].message = f"{merged[key].message} {error.message}"
        else:
            merged[key] = error
    return list(merged.values())


def _user_error(field: str | None, error: ValidationError) -> UserError:
    message = error.message % error.params if error.params else error.message
    return UserError(field=field, code=ErrorCodeType[error_code_of(error.code).name], message=str(message))


def fresh(instance: Model | None) -> QuerySet | None:
    """The row of `instance`, to be read again when the payload is resolved (after the write)."""
    if instance is None:
        return None
    return type(instance)._default_manager.filter(pk=instance.pk)
