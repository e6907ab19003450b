"""The username rule: 5 to 30 letters, digits, `.` and `_`, not only digits; unique without regard to case."""

import re
import secrets

from django.core.exceptions import ValidationError

from common.errors import ErrorCode

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._]{5,30}$")


def validate_username(value: str) -> None:
    if not USERNAME_PATTERN.match(value):
        raise ValidationError(
            "Usernames are 5 to 30 letters, digits, dots and underscores.", code=ErrorCode.INVALID_USERNAME
        )
    if value.isdigit():
        raise ValidationError("A username cannot be only digits.", code=ErrorCode.INVALID_USERNAME)


def username_generate() -> str:
    """A placeholder username for a new sign-up, replaced when the profile is completed."""
    return f"user_{secrets.token_hex(6)}"
