"""One-time codes: how they are made, kept, limited and checked (the numbers are DESIGN.md's).

A code is 6 digits from `secrets`, stored only as an HMAC of (purpose, contact, code), so a code is good only
for the purpose and contact it was sent for. Email codes live 5 minutes, phone codes 2; a code is used once;
the fifth wrong try burns it. A new code may be sent only when no live one is waiting, 60 s after the last,
and at most 5 an hour.
"""

import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from common.contacts import ContactKind
from common.delivery import code_send_on_commit
from common.errors import ErrorCode, Throttled

from .models import AuthType, CodePurpose, OneTimeCode, User

CODE_LIFETIME = {AuthType.VIA_EMAIL: timedelta(minutes=5), AuthType.VIA_PHONE: timedelta(minutes=2)}
MAX_ATTEMPTS = 5
RESEND_COOLDOWN = timedelta(seconds=60)
MAX_CODES_PER_HOUR = 5


def code_issue(*, user: User, purpose: CodePurpose, allow_live: bool = False) -> OneTimeCode:
    """Make a code for the user's contact and send it once the transaction commits. The caller holds the
    user row locked (`select_for_update`), so two requests cannot both pass the limits."""
    now = timezone.now()
    recent = OneTimeCode.objects.filter(user=user, purpose=purpose, created_at__gte=now - timedelta(hours=1))
    latest = recent.order_by("-created_at").first()
    if latest and not allow_live and _is_live(latest, now):
        raise ValidationError("A code was sent and is still valid.", code=ErrorCode.CODE_STILL_VALID)
    if latest and now - latest.created_at < RESEND_COOLDOWN:
        raise Throttled("Wait a minute before asking for another code.")
    if recent.count() >= MAX_CODES_PER_HOUR:
        raise Throttled("Too many codes asked for. Try again in an hour.")
    # A new code replaces any earlier one of the same purpose.
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(expires_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    record = OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        contact=user.contact,
        code_hash=_hash(purpose, user.contact, code),
        expires_at=now + CODE_LIFETIME[AuthType(user.auth_type)],
    )
    kind = ContactKind.EMAIL if user.auth_type == AuthType.VIA_EMAIL else ContactKind.PHONE
    code_send_on_commit(kind=kind, to=user.contact, code=code, purpose=purpose)
    return record


def code_check(*, user: User, purpose: CodePurpose, code: str) -> None:
    """Consume the user's latest code of this purpose, or raise why not. A wrong try is counted even though
    the caller's request fails, so the count is written in a transaction of its own."""
    with transaction.atomic():
        record = (
            OneTimeCode.objects.select_for_update().filter(user=user, purpose=purpose).order_by("-created_at").first()
        )
        failure = _failure(record, purpose, user.contact, code.strip())
        if failure is None:
            record.used_at = timezone.now()
            record.save(update_fields=["used_at", "updated_at"])
    if failure is not None:
        raise failure


def _failure(record: OneTimeCode | None, purpose: str, contact: str, code: str) -> ValidationError | None:
    if record is None or record.used_at is not None or record.contact != contact:
        return _code_error("This code is not valid.", ErrorCode.INVALID_CODE)
    if record.attempts >= MAX_ATTEMPTS:
        return _code_error("Too many wrong tries. Ask for a new code.", ErrorCode.TOO_MANY_ATTEMPTS)
    if record.expires_at <= timezone.now():
        return _code_error("This code has expired. Ask for a new one.", ErrorCode.CODE_EXPIRED)
    if hmac.compare_digest(record.code_hash, _hash(purpose, contact, code)):
        return None
    record.attempts += 1
    record.save(update_fields=["attempts", "updated_at"])
    if record.attempts >= MAX_ATTEMPTS:
        return _code_error("Too many wrong tries. Ask for a new code.", ErrorCode.TOO_MANY_ATTEMPTS)
    return _code_error("This code is not valid.", ErrorCode.INVALID_CODE)


def _is_live(record: OneTimeCode, now) -> bool:
    return record.used_at is None and record.expires_at > now and record.attempts < MAX_ATTEMPTS


def _hash(purpose: str, contact: str, code: str) -> str:
    return salted_hmac("accounts.codes", f"{purpose}:{contact}:{code}", algorithm="sha256").hexdigest()


def _code_error(message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({"code": ValidationError(message, code=code)})
