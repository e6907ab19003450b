"""Sending one-time codes by email or SMS, after the transaction that made them commits.

The send runs as a task (Django's tasks API): immediately in development, from the database queue with
`manage.py db_worker` in production, so a committed code is delivered even when a web worker dies. Codes are
logged only at DEBUG.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

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


@task()
def code_deliver(*, kind: str, to: str, code: str, purpose: str) -> None:
    body = code_message(code=code, purpose=purpose)
    if kind == ContactKind.EMAIL.value:
        send_mail(SUBJECTS[purpose], body, None, [to])
    else:
        sms_backend().send(to=to, body=body)
    logger.info("Sent a %s code to %s by %s", purpose, to, kind)
    logger.debug("Code sent to %s: %s", to, code)


def code_send_on_commit(*, kind: ContactKind, to: str, code: str, purpose: str) -> None:
    transaction.on_commit(lambda: code_deliver.enqueue(kind=kind.value, to=to, code=code, purpose=purpose))
