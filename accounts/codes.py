"""One-time codes: how they are made, kept, limited, delivered and checked (the numbers are DESIGN.md's).

A code is 6 digits from `secrets`, stored only as an HMAC of (purpose, contact, code), so a code is good only
for the purpose and contact it was sent for. Email codes live 5 minutes, phone codes 2; a code is used once;
the fifth wrong try burns it. A new code may be sent only when no live one is waiting, 60 s after the last,
and at most 5 an hour.

The digits are never stored, not even for a moment in a queue: a request records that a code is owed
(`code_issue`, a row without a hash) and queues the row's id; the delivery task (`code_deliver`) makes the
digits, stores their hash on the row and sends them, so the plaintext exists only in that task's memory and in
the message. A failed send is tried 3 times in all; after the last failure the row is marked undeliverable and
the person may ask for a new code at once.
"""

import hmac
import logging
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks import task

from common.contacts import ContactKind
from common.delivery import code_send
from common.errors import ErrorCode, Throttled

from .models import AuthType, CodePurpose, OneTimeCode, User

logger = logging.getLogger(__name__)

CODE_LIFETIME = {AuthType.VIA_EMAIL: timedelta(minutes=5), AuthType.VIA_PHONE: timedelta(minutes=2)}
MAX_ATTEMPTS = 5
RESEND_COOLDOWN = timedelta(seconds=60)
MAX_CODES_PER_HOUR = 5
DELIVERY_TRIES = 3
# The pause before the 2nd and the 3rd try. All three fit in the shortest lifetime (2 minutes), so while they
# run the owed code counts as live and resendCode answers code_still_valid rather than queueing a second one.
RETRY_DELAYS = (timedelta(seconds=15), timedelta(seconds=45))


def code_issue(*, user: User, purpose: CodePurpose, allow_live: bool = False) -> OneTimeCode:
    """Record that a code is owed to the user's contact and queue its delivery once the transaction commits.
    The caller holds the user row locked (`select_for_update`), so two requests cannot both pass the limits."""
    now = timezone.now()
    recent = OneTimeCode.objects.filter(user=user, purpose=purpose, created_at__gte=now - timedelta(hours=1))
    latest = recent.order_by("-created_at").first()
    # A code that could not be delivered was never received: it neither stays live nor starts a cool-down. It
    # still counts towards the hourly cap, which also bounds what a broken provider may have charged for.
    if latest and latest.delivery_failed_at is None:
        if not allow_live and _is_live(latest, now):
            raise ValidationError("A code was sent and is still valid.", code=ErrorCode.CODE_STILL_VALID)
        if now - latest.created_at < RESEND_COOLDOWN:
            raise Throttled("Wait a minute before asking for another code.")
    if recent.count() >= MAX_CODES_PER_HOUR:
        raise Throttled("Too many codes asked for. Try again in an hour.")
    # A new code replaces any earlier one of the same purpose.
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(expires_at=now)
    # Until the task stores the real expiry, the owed code counts as live for a full lifetime: a code is on
    # its way, and asking again would only send a second one.
    record = OneTimeCode.objects.create(
        user=user, purpose=purpose, contact=user.contact, expires_at=now + CODE_LIFETIME[AuthType(user.auth_type)]
    )
    transaction.on_commit(lambda: _enqueue_delivery(code_id=str(record.pk), attempt=1))
    return record


@task()
def code_deliver(*, code_id: str, attempt: int = 1) -> None:
    """Make the code owed to a row, store its hash and send it. Does nothing when the row no longer wants a
    code (used, replaced by a newer one, given up on, or its user deleted)."""
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        record = _owed_code_locked(code_id)
        if record is None:
            return
        record.code_hash = _hash(record.purpose, record.contact, code)
        # The lifetime counts from here, when the code comes to exist, not from the request: a code that
        # waited in the queue or for a retry still gives its full 5 (or 2) minutes to the person typing it.
        record.expires_at = timezone.now() + CODE_LIFETIME[AuthType(record.user.auth_type)]
        record.save(update_fields=["code_hash", "expires_at", "updated_at"])
    kind = ContactKind.EMAIL if record.user.auth_type == AuthType.VIA_EMAIL else ContactKind.PHONE
    try:
        code_send(kind=kind, to=record.contact, code=code, purpose=record.purpose)
    except Exception:
        _delivery_failed(record, attempt)
        raise  # the task's row records the failure (class and traceback; the digits are in neither)


def _owed_code_locked(code_id: str) -> OneTimeCode | None:
    """The row, when a code is still owed to it: its user's latest of its purpose, neither used, burnt nor given
    up on. The user row is locked first, as `code_issue` does, so a new request for a code waits for this one."""
    user = User.objects.select_for_update(of=("self",)).filter(codes__pk=code_id).first()
    if user is None:
        return None
    record = OneTimeCode.objects.get(pk=code_id)
    latest_id = (
        OneTimeCode.objects.filter(user=user, purpose=record.purpose)
        .order_by("-created_at")
        .values_list("pk", flat=True)
        .first()
    )
    if latest_id != record.pk or record.used_at or record.delivery_failed_at or record.attempts >= MAX_ATTEMPTS:
        return None
    record.user = user
    return record


def _delivery_failed(record: OneTimeCode, attempt: int) -> None:
    if attempt < DELIVERY_TRIES:
        logger.warning(
            "Sending a %s code to %s failed (try %d of %d)", record.purpose, record.contact, attempt, DELIVERY_TRIES
        )
        _enqueue_delivery(code_id=str(record.pk), attempt=attempt + 1, delay=RETRY_DELAYS[attempt - 1])
        return
    logger.error("Sending a %s code to %s failed %d times; giving up", record.purpose, record.contact, attempt)
    now = timezone.now()
    OneTimeCode.objects.filter(pk=record.pk, used_at__isnull=True).update(
        delivery_failed_at=now, expires_at=now, updated_at=now
    )


def _enqueue_delivery(*, code_id: str, attempt: int, delay: timedelta | None = None) -> None:
    deliver = code_deliver
    # The database queue runs a retry after the pause without holding a worker; the immediate backend
    # (development) cannot defer a task, so there the retries follow at once.
    if delay is not None and deliver.get_backend().supports_defer:
        deliver = deliver.using(run_after=timezone.now() + delay)
    deliver.enqueue(code_id=code_id, attempt=attempt)


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
    if not record.code_hash:  # the delivery task has not made this code yet: nothing can match it
        return _code_error("This code is not valid.", ErrorCode.INVALID_CODE)
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
