"""Telling an email from a phone number in what a person typed, and storing each one way only."""

from dataclasses import dataclass
from enum import Enum

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .errors import ErrorCode


class ContactKind(Enum):
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True)
class Contact:
    kind: ContactKind
    value: str  # lower-cased email, or E.164 phone number


def contact_parse(raw: str, *, field: str = "email_or_phone") -> Contact:
    """Parse an email (`User@Example.COM`) or a phone number in any common format (`+998 90 123 45 67`,
    `(202) 555-0143` in the default region) into its one stored form."""
    text = (raw or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise _invalid(field) from None
        return Contact(ContactKind.EMAIL, text.lower())
    try:
        number = phonenumbers.parse(text, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise _invalid(field) from None
    if not phonenumbers.is_valid_number(number):
        raise _invalid(field)
    return Contact(ContactKind.PHONE, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _invalid(field: str) -> ValidationError:
    return ValidationError(
        {field: ValidationError("Enter a valid email address or phone number.", code=ErrorCode.INVALID_CONTACT)}
    )
