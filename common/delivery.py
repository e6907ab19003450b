"""Sending a one-time code by email or SMS, now, in the caller's process.

The caller is the delivery task of accounts/codes.py, which makes the code, keeps only its hash and calls
`code_send`; a failure raises so that the task can try again. The digits go to the provider and nowhere else:
never into a log, a task's arguments or its result.
"""

import logging

from django.core.mail import send_mail

from .contacts import ContactKind
from .sms import sms_backend

logger = logging.getLogger(__name__)

SUBJECTS = {
    "SIGN_UP": "Your Instaclone sign-up code",
    "RESET": "Your Instaclone password reset code",
}


def code_message(*, code: str, purpose: str) -> str:
    action = "finish signing up" if purpose == "SIGN_UP" else "reset your password"
    return f"{code} is your Instaclone code to {action}. It expires in a few minutes."


def code_send(*, kind: ContactKind, to: str, code: str, purpose: str) -> None:
    """Hand the code to the email or SMS provider; raises whatever the provider's client raises."""
    body = code_message(code=code, purpose=purpose)
    if kind == ContactKind.EMAIL:
        send_mail(SUBJECTS[purpose], body, None, [to])
    else:
        sms_backend().send(to=to, body=body)
    logger.info("Sent a %s code to %s by %s", purpose, to, kind.value)
