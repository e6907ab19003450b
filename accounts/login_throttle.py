"""The login failure limits, one rule for the API's `login` and the admin's login form.

Every attempt is counted as a failure before its password is checked, and a correct password gives its count
back: counting after the check let concurrent guesses all pass a check that none of them had counted yet.
"""

from dataclasses import dataclass

from common.errors import Throttled
from common.throttling import throttle_give_back, throttle_reset, throttle_take

from .models import User

LOGIN_WINDOW_SECONDS = 15 * 60
LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
LOGIN_MAX_FAILURES_PER_IP = 30
THROTTLED_MESSAGE = "Too many failed sign-ins. Try again in 15 minutes."


@dataclass(frozen=True)
class LoginAttempt:
    account_key: str
    ip_key: str


def login_attempt_begin(*, user: User | None, login: str, ip_address: str) -> LoginAttempt:
    """Count an attempt on the account (or the unknown login) and from the IP; raise Throttled over a limit."""
    account_key = f"login:account:{user.pk if user else login.strip().lower()}"
    ip_key = f"login:ip:{ip_address}"
    if not throttle_take(account_key, limit=LOGIN_MAX_FAILURES_PER_ACCOUNT, window_seconds=LOGIN_WINDOW_SECONDS):
        raise Throttled(THROTTLED_MESSAGE)
    if not throttle_take(ip_key, limit=LOGIN_MAX_FAILURES_PER_IP, window_seconds=LOGIN_WINDOW_SECONDS):
        throttle_give_back(account_key)  # this attempt is refused unchecked: it is no failure of the account
        raise Throttled(THROTTLED_MESSAGE)
    return LoginAttempt(account_key=account_key, ip_key=ip_key)


def login_attempt_succeed(attempt: LoginAttempt) -> None:
    """The password was right: the account starts afresh, and the IP's count loses this attempt."""
    throttle_reset(attempt.account_key)
    throttle_give_back(attempt.ip_key)
