"""JSON Web Tokens: short-lived access tokens, and refresh tokens that are stored, rotated and revocable.

HS256 only (an allow-list, so `alg: none` and key-confusion tricks fail); a `type` claim keeps a refresh token
from being used as an access token and the other way round.
"""

from dataclasses import dataclass
from uuid import UUID

import jwt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.errors import ErrorCode

from .models import AuthStatus, RefreshToken, User
from .selectors import user_active_get

ALGORITHMS = ["HS256"]
ACCESS = "access"
REFRESH = "refresh"
SIGN_UP = "sign_up"  # the scope of the tokens signUp gives


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str


class InvalidToken(Exception):
    """A token refused: `expired` tells a client that refreshing helps; otherwise it must sign in again."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def token_pair_issue(*, user: User, scope: str | None = None) -> TokenPair:
    """A new pair; `scope=SIGN_UP` makes tokens that stop working once sign-up is finished."""
    now = timezone.now()
    stored = RefreshToken.objects.create(user=user, expires_at=now + settings.JWT_REFRESH_LIFETIME)
    return TokenPair(
        access_token=_encode(user, ACCESS, now, settings.JWT_ACCESS_LIFETIME, jti=None, scope=scope),
        refresh_token=_encode(user, REFRESH, now, settings.JWT_REFRESH_LIFETIME, jti=str(stored.pk), scope=scope),
    )


def token_decode(token: str, *, expected_type: str) -> dict:
    try:
        claims = jwt.decode(
            token,
            settings.JWT_SIGNING_KEY,
            algorithms=ALGORITHMS,
            options={"require": ["exp", "iat", "sub", "type"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise InvalidToken(str(error), expired=True) from error
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error
    if claims["type"] != expected_type:
        raise InvalidToken(f"Not an {expected_type} token.")
    return claims


def user_from_access_token(token: str) -> User:
    """The user an access token speaks for; InvalidToken when it is malformed, forged, expired or revoked."""
    claims = token_decode(token, expected_type=ACCESS)
    user_id = _uuid(claims["sub"])
    user = user_active_get(pk=user_id) if user_id is not None else None
    if user is None:
        raise InvalidToken("The account is gone or disabled.")
    if user.tokens_valid_after and claims["iat"] < user.tokens_valid_after.timestamp():
        raise InvalidToken("The token was revoked.")
    if _sign_up_over(claims, user):
        raise InvalidToken("Sign-up is finished: log in.")
    return user


def token_refresh(*, refresh_token: str) -> tuple[User, TokenPair]:
    """Rotate: the presented token stops working. Presenting an already rotated token again means it leaked,
    so every refresh token of that user is revoked."""
    claims = _refresh_claims(refresh_token)
    stored_id = _refresh_token_id(claims)
    with transaction.atomic():
        stored = RefreshToken.objects.select_for_update().select_related("user").filter(pk=stored_id).first()
        if stored is None or not stored.user.is_active or (stored.revoked_at and not stored.rotated_at):
            raise _invalid_token()
        if _sign_up_over(claims, stored.user):
            raise _invalid_token()
        if stored.rotated_at is None:
            stored.rotated_at = stored.revoked_at = timezone.now()
            stored.save(update_fields=["rotated_at", "revoked_at", "updated_at"])
            return stored.user, token_pair_issue(user=stored.user, scope=claims.get("scope"))
        refresh_tokens_revoke_all(user=stored.user)
    raise _invalid_token()


def token_revoke(*, refresh_token: str) -> None:
    stored_id = _refresh_token_id(_refresh_claims(refresh_token))
    updated = RefreshToken.objects.filter(pk=stored_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated and not RefreshToken.objects.filter(pk=stored_id).exists():
        raise _invalid_token()


def refresh_tokens_revoke_all(*, user: User) -> None:
    """End every session of the user: refresh tokens are revoked and earlier access tokens refused."""
    now = timezone.now()
    RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    User.objects.filter(pk=user.pk).update(tokens_valid_after=now)


def _sign_up_over(claims: dict, user: User) -> bool:
    """Sign-up tokens are good only for finishing sign-up (API.md): once it is finished, the client logs in."""
    return claims.get("scope") == SIGN_UP and user.auth_status == AuthStatus.PHOTO_DONE


def _encode(user: User, token_type: str, now, lifetime, *, jti: str | None, scope: str | None) -> str:
    # `iat` keeps its fractions of a second (RFC 7519 allows them) so that a token issued just after
    # `tokens_valid_after` is told from one issued just before it.
    claims = {"sub": str(user.pk), "type": token_type, "iat": now.timestamp(), "exp": now + lifetime}
    if jti:
        claims["jti"] = jti
    if scope:
        claims["scope"] = scope
    return jwt.encode(claims, settings.JWT_SIGNING_KEY, algorithm=ALGORITHMS[0])


def _refresh_claims(refresh_token: str) -> dict:
    try:
        return token_decode(refresh_token, expected_type=REFRESH)
    except InvalidToken:
        raise _invalid_token() from None


def _refresh_token_id(claims: dict) -> UUID:
    stored_id = _uuid(claims.get("jti", ""))
    if stored_id is None:
        raise _invalid_token()
    return stored_id


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _invalid_token() -> ValidationError:
    return ValidationError(
        {"refresh_token": ValidationError("This refresh token is not valid.", code=ErrorCode.INVALID_TOKEN)}
    )
