"""Account writes: sign-up, verification, profile, photo, login and passwords."""

from contextlib import suppress

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tasks import task

from common.contacts import Contact, ContactKind, contact_parse
from common.errors import ErrorCode, NotAllowedYet, Throttled
from common.files import file_replace
from common.images import image_process_avatar
from common.throttling import throttle_take

from .codes import code_check, code_issue
from .login_throttle import login_attempt_begin, login_attempt_succeed
from .models import AuthStatus, AuthType, CodePurpose, User
from .selectors import contact_lookup, user_get_by_contact, user_get_by_login
from .tokens import SIGN_UP, TokenPair, refresh_tokens_revoke_all, token_pair_issue
from .usernames import username_generate, validate_username

NAME_MAX_LENGTH = 30


def user_sign_up(*, email_or_phone: str, ip_address: str) -> tuple[User, TokenPair]:
    """Create a NEW account for a contact, or reuse the one an abandoned sign-up left, and send a code."""
    contact = contact_parse(email_or_phone)
    _count_code_request(ip_address)
    with transaction.atomic():
        user, created = _user_for_sign_up(contact)
        if user.auth_status != AuthStatus.NEW:
            raise ValidationError(
                {"email_or_phone": ValidationError("This contact is already in use.", code=ErrorCode.CONTACT_TAKEN)}
            )
        code_issue(user=user, purpose=CodePurpose.SIGN_UP, allow_live=True)
        if not created:
            # Whoever signed up with this contact before need not be the person doing it now: only the latest
            # sign-up's tokens may work, or an early sign-up by someone else could wait for the owner to verify
            # and then use the finished account (DESIGN.md, sign-up takeover). The new pair is issued after
            # the revocation, and `iat` keeps fractions of a second, so it stays valid.
            refresh_tokens_revoke_all(user=user)
        return user, token_pair_issue(user=user, scope=SIGN_UP)


def _user_for_sign_up(contact: Contact) -> tuple[User, bool]:
    auth_type = AuthType.VIA_EMAIL if contact.kind == ContactKind.EMAIL else AuthType.VIA_PHONE
    # When a concurrent sign-up for the same contact wins the insert, get_or_create catches the unique
    # violation in a savepoint and reads the winner's row.
    user, created = User.objects.get_or_create(
        **contact_lookup(contact), defaults={"username": username_generate(), "auth_type": auth_type}
    )
    return User.objects.select_for_update().get(pk=user.pk), created


def user_verify_code(*, user: User, code: str) -> User:
    if user.auth_status != AuthStatus.NEW:
        raise ValidationError(
            {"code": ValidationError("This account is already verified.", code=ErrorCode.ALREADY_VERIFIED)}
        )
    code_check(user=user, purpose=CodePurpose.SIGN_UP, code=code)
    User.objects.filter(pk=user.pk).update(auth_status=AuthStatus.CODE_VERIFIED)
    user.refresh_from_db()
    return user


def user_resend_code(*, user: User) -> None:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.auth_status != AuthStatus.NEW:
            raise ValidationError("This account is already verified.", code=ErrorCode.ALREADY_VERIFIED)
        code_issue(user=user, purpose=CodePurpose.SIGN_UP)


def user_update_profile(
    *,
    user: User,
    first_name: str | None = None,
    last_name: str | None = None,
    username: str | None = None,
    password: str | None = None,
    confirm_password: str | None = None,
    bio: str | None = None,
    is_private: bool | None = None,
) -> User:
    """Complete sign-up (CODE_VERIFIED → DONE: username and password required) or edit the profile later.
    Fields left out (None) stay as they are; every error of the input is reported at once and nothing is saved."""
    user_require_status(user, AuthStatus.CODE_VERIFIED)
    errors: dict[str, list[ValidationError]] = {}
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.auth_status == AuthStatus.CODE_VERIFIED:
            _complete_sign_up(user, username, password, confirm_password, errors)
        else:
            _keep_password_out(password, confirm_password, errors)
        _edit_profile(user, first_name, last_name, username, bio, is_private, errors)
        if errors:
            raise ValidationError(errors)
        _save_profile(user)
    return user


def _complete_sign_up(user: User, username, password, confirm_password, errors: dict) -> None:
    if username is None:
        errors.setdefault("username", []).append(ValidationError("Choose a username.", code=ErrorCode.REQUIRED))
    _set_password(user, password, confirm_password, errors)
    user.auth_status = AuthStatus.DONE


def _keep_password_out(password, confirm_password, errors: dict) -> None:
    """A finished account changes its password with changePassword, which checks the old one."""
    if password is not None or confirm_password is not None:
        errors.setdefault("password", []).append(
            ValidationError("Use changePassword to change your password.", code=ErrorCode.USE_CHANGE_PASSWORD)
        )


def _edit_profile(user: User, first_name, last_name, username, bio, is_private, errors: dict) -> None:
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if value is not None:
            _set_name(user, field, value.strip(), errors)
    if username is not None:
        _set_username(user, username.strip(), errors)
    if bio is not None:
        user.bio = bio.strip()
        _validate_field(user, "bio", errors)
    if is_private is not None:
        user.is_private = is_private


def _save_profile(user: User) -> None:
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # another account took the username between our check and this write
        raise ValidationError(
            {"username": ValidationError("This username is taken.", code=ErrorCode.USERNAME_TAKEN)}
        ) from None


def user_update_photo(*, user: User, photo) -> User:
    user_require_status(user, AuthStatus.DONE)
    processed = image_process_avatar(photo)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        with file_replace(user.photo, processed.content):
            user.auth_status = AuthStatus.PHOTO_DONE
            user.save(update_fields=["photo", "auth_status", "updated_at"])
    return user


def user_skip_photo(*, user: User) -> User:
    user_require_status(user, AuthStatus.DONE)
    User.objects.filter(pk=user.pk, auth_status=AuthStatus.DONE).update(auth_status=AuthStatus.PHOTO_DONE)
    user.refresh_from_db()
    return user


def user_login(*, login: str, password: str, ip_address: str) -> tuple[User, TokenPair]:
    """The same answer for an unknown account and a wrong password; failures counted per account and IP."""
    user = user_get_by_login(login)
    attempt = login_attempt_begin(user=user, login=login, ip_address=ip_address)
    if user is None:
        make_password(password)  # spend the hashing time a real account would, so timing tells nothing
    if user is None or not user.is_active or not user.check_password(password):
        raise ValidationError("The login or password is not correct.", code=ErrorCode.INVALID_CREDENTIALS)
    login_attempt_succeed(attempt)
    if not user.has_status(AuthStatus.DONE):
        raise NotAllowedYet("Finish signing up before you log in.")
    return user, token_pair_issue(user=user)


def user_forgot_password(*, email_or_phone: str, ip_address: str) -> None:
    """Queue a reset code for the contact, and answer the same whether or not an account holds it. The request
    does the same work either way (it checks the contact's form and the network's limit, then enqueues), so
    its timing tells nothing either (DESIGN.md, enumeration): the task looks the account up. With the
    immediate task backend (development) the task runs inside the request, and that no longer holds."""
    contact = contact_parse(email_or_phone)
    _count_code_request(ip_address)
    transaction.on_commit(
        lambda: user_reset_code_issue.enqueue(kind=contact.kind.value, contact=contact.value),
    )


@task()
def user_reset_code_issue(*, kind: str, contact: str) -> None:
    """forgotPassword's work after the answer: find the account that holds the contact, apply its code limits
    and owe it a reset code. Nothing happens for a contact no account holds."""
    user = user_get_by_contact(Contact(ContactKind(kind), contact))
    if user is None:
        return
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        # The answer already said yes; a refusal here (throttled, say) is not the stranger's to hear.
        with suppress(Throttled, ValidationError):
            code_issue(user=user, purpose=CodePurpose.RESET, allow_live=True)


def user_reset_password(
    *, email_or_phone: str, code: str, password: str, confirm_password: str
) -> tuple[User, TokenPair]:
    contact = contact_parse(email_or_phone)
    user = user_get_by_contact(contact)
    errors: dict[str, list[ValidationError]] = {}
    _validate_new_password(user, password, confirm_password, errors)
    if errors:
        raise ValidationError(errors)
    if user is None:
        raise ValidationError({"code": ValidationError("This code is not valid.", code=ErrorCode.INVALID_CODE)})
    code_check(user=user, purpose=CodePurpose.RESET, code=code)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        if user.auth_status == AuthStatus.NEW:
            user.auth_status = AuthStatus.CODE_VERIFIED  # the code proved the contact is theirs
        user.save(update_fields=["password", "auth_status", "updated_at"])
        refresh_tokens_revoke_all(user=user)
        return user, token_pair_issue(user=user)


def user_change_password(
    *, user: User, old_password: str, password: str, confirm_password: str
) -> tuple[User, TokenPair]:
    user_require_status(user, AuthStatus.DONE)
    errors: dict[str, list[ValidationError]] = {}
    if not user.check_password(old_password):
        errors["old_password"] = [
            ValidationError("The current password is not correct.", code=ErrorCode.WRONG_PASSWORD)
        ]
    _validate_new_password(user, password, confirm_password, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
        refresh_tokens_revoke_all(user=user)
        return user, token_pair_issue(user=user)


def _count_code_request(ip_address: str) -> None:
    limit = settings.CODE_REQUESTS_PER_IP_PER_HOUR
    if not throttle_take(f"codes:ip:{ip_address}", limit=limit, window_seconds=60 * 60):
        raise Throttled("Too many codes asked for from this network. Try again in an hour.")


def user_require_status(user: User, status: AuthStatus) -> None:
    """Refuse a user who has not reached `status` (or a later step) of sign-up."""
    if not user.has_status(status):
        raise NotAllowedYet()


def _set_name(user: User, field: str, value: str, errors: dict) -> None:
    if not 1 <= len(value) <= NAME_MAX_LENGTH:
        errors.setdefault(field, []).append(
            ValidationError(f"Names are 1 to {NAME_MAX_LENGTH} characters.", code=ErrorCode.INVALID_NAME)
        )
    setattr(user, field, value)


def _set_username(user: User, username: str, errors: dict) -> None:
    try:
        validate_username(username)
    except ValidationError as error:
        errors.setdefault("username", []).extend(error.error_list)
        return
    if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        errors.setdefault("username", []).append(
            ValidationError("This username is taken.", code=ErrorCode.USERNAME_TAKEN)
        )
    user.username = username


def _set_password(user: User, password: str | None, confirm_password: str | None, errors: dict) -> None:
    _validate_new_password(user, password, confirm_password, errors)
    if password and "password" not in errors and "confirm_password" not in errors:
        user.set_password(password)


def _validate_new_password(user: User | None, password: str | None, confirm: str | None, errors: dict) -> None:
    if not password:
        errors.setdefault("password", []).append(ValidationError("Choose a password.", code=ErrorCode.REQUIRED))
        return
    if password != confirm:
        errors.setdefault("confirm_password", []).append(
            ValidationError("The passwords do not match.", code=ErrorCode.PASSWORD_MISMATCH)
        )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        errors.setdefault("password", []).extend(error.error_list)


def _validate_field(user: User, field: str, errors: dict) -> None:
    try:
        user._meta.get_field(field).clean(getattr(user, field), user)
    except ValidationError as error:
        errors.setdefault(field, []).extend(error.error_list)
