"""Domain failures that services raise, and `ErrorCode`: the one list of codes a client can switch on.

Services raise Django's own exception types (ValidationError with a `code`, PermissionDenied,
ObjectDoesNotExist) so they stay free of GraphQL; the API layer turns them into a payload's `userErrors`.
Every code is a member of `ErrorCode`, declared here once with the description clients read in the schema.
"""

from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied


class ErrorCode(StrEnum):
    description: str

    def __new__(cls, value: str, description: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    REQUIRED = "required", "A required field is missing or empty."
    TOO_LONG = "too_long", "A text is longer than its limit (captions and comments 2,200 characters, bio 150)."
    TOO_MANY = "too_many", "A list holds more items than allowed (hashtags in a caption, images in a post)."
    INVALID_CONTACT = "invalid_contact", "Not an email address or a phone number."
    CONTACT_TAKEN = "contact_taken", "An account that finished sign-up already uses this email or phone number."
    INVALID_CODE = "invalid_code", "The one-time code is wrong, used, or was sent for something else."
    CODE_EXPIRED = "code_expired", "The one-time code has expired: ask for a new one."
    TOO_MANY_ATTEMPTS = "too_many_attempts", "Five wrong tries burnt the code: ask for a new one."
    CODE_STILL_VALID = "code_still_valid", "A code was sent and can still be used: no new one is sent."
    ALREADY_VERIFIED = "already_verified", "The contact is already verified."
    THROTTLED = "throttled", "Too many attempts or requests: wait and try again later."
    USERNAME_TAKEN = "username_taken", "Another account has this username (compared without regard to case)."
    INVALID_USERNAME = "invalid_username", "Usernames are 5 to 30 letters, digits, `.` and `_`, not only digits."
    INVALID_NAME = "invalid_name", "First and last names are 1 to 30 characters."
    PASSWORD_MISMATCH = "password_mismatch", "The password and its confirmation differ."
    PASSWORD_TOO_WEAK = "password_too_weak", "Too short, too common, only digits, or too close to the profile."
    USE_CHANGE_PASSWORD = "use_change_password", "A finished account changes its password with changePassword."
    WRONG_PASSWORD = "wrong_password", "The current password is not correct."
    SIGN_UP_INCOMPLETE = "sign_up_incomplete", "The account has not reached the sign-up step this action needs."
    INVALID_CREDENTIALS = "invalid_credentials", "The login or the password is not correct."
    INVALID_TOKEN = "invalid_token", "The refresh token is malformed, expired, revoked or already used."
    INVALID_IMAGE = "invalid_image", "Not a JPEG, PNG or WebP image, or a damaged one."
    IMAGE_TOO_LARGE = "image_too_large", "The image is over 10 MB or 40 megapixels."
    INVALID_PARENT = "invalid_parent", "A reply's parent must be a comment on the same post."
    CANNOT_FOLLOW_SELF = "cannot_follow_self", "Nobody follows themself."
    NOT_FOUND = "not_found", "No such object, or the id is malformed."
    FORBIDDEN = "forbidden", "The object exists but the viewer may not change it (or may not see it)."


# Codes of Django's own validators, said in our words: the same rule always gives the same code.
DJANGO_CODES = {
    "password_too_short": ErrorCode.PASSWORD_TOO_WEAK,
    "password_too_common": ErrorCode.PASSWORD_TOO_WEAK,
    "password_entirely_numeric": ErrorCode.PASSWORD_TOO_WEAK,
    "password_too_similar": ErrorCode.PASSWORD_TOO_WEAK,
    "max_length": ErrorCode.TOO_LONG,
    "blank": ErrorCode.REQUIRED,
    "null": ErrorCode.REQUIRED,
}


def error_code_of(code: str | None) -> ErrorCode:
    """The `ErrorCode` of a code a service or a Django validator raised; a code outside the list is a bug."""
    if code in DJANGO_CODES:
        return DJANGO_CODES[code]
    return ErrorCode(code)


class Forbidden(PermissionDenied):
    code = ErrorCode.FORBIDDEN

    def __init__(self, message: str = "You may not do this."):
        super().__init__(message)


class NotAllowedYet(PermissionDenied):
    """The account has not reached the sign-up step this action needs."""

    code = ErrorCode.SIGN_UP_INCOMPLETE

    def __init__(self, message: str = "Finish signing up first."):
        super().__init__(message)


class Throttled(PermissionDenied):
    code = ErrorCode.THROTTLED

    def __init__(self, message: str = "Too many attempts. Try again later."):
        super().__init__(message)


class NotFound(ObjectDoesNotExist):
    code = ErrorCode.NOT_FOUND

    def __init__(self, message: str = "Not found."):
        super().__init__(message)


class ServiceUnavailable(Exception):
    """A service the request needs (the cache behind the throttles) did not answer: retry later (HTTP 503).

    Not a Django exception on purpose: it is no user error, so the API answers it as a top-level error.
    """

    def __init__(self, message: str = "The service is briefly unavailable. Try again in a moment."):
        super().__init__(message)
