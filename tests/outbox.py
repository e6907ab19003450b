"""Reading the codes the app sent: email from Django's test outbox, SMS from the file backend's folder."""

import json
import re

from django.conf import settings
from django.core import mail

CODE = re.compile(r"\b(\d{6})\b")


def sms_messages() -> list[dict]:
    folder = settings.SMS_FILE_PATH
    if not folder.exists():
        return []
    return [json.loads(path.read_text()) for path in sorted(folder.iterdir())]


def messages_to(contact: str) -> list[str]:
    emails = [m.body for m in mail.outbox if contact in m.to]
    texts = [m["body"] for m in sms_messages() if m["to"] == contact]
    return emails + texts


def last_code_sent_to(contact: str) -> str:
    return CODE.search(messages_to(contact)[-1]).group(1)
