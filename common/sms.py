"""SMS backends, chosen by `SMS_BACKEND`: console (development), file (tests, local use), Twilio (production).

Twilio is spoken to over its REST API with the standard library; its SDK would add a dependency for one call.
"""

import base64
import json
import logging
import urllib.parse
import urllib.request
import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend:
    def send(self, *, to: str, body: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Prints messages to the terminal, as Django's console email backend does."""

    def send(self, *, to: str, body: str) -> None:
        print(f"SMS to {to}: {body}", flush=True)


class FileSmsBackend(SmsBackend):
    """Writes one JSON file per message into `SMS_FILE_PATH`, for tests and local use."""

    def send(self, *, to: str, body: str) -> None:
        folder = settings.SMS_FILE_PATH
        folder.mkdir(parents=True, exist_ok=True)
        message = {"to": to, "body": body, "sent_at": timezone.now().isoformat()}
        name = f"{timezone.now():%Y%m%d%H%M%S%f}-{uuid.uuid4().hex[:8]}.json"
        (folder / name).write_text(json.dumps(message))


class TwilioSmsBackend(SmsBackend):
    url = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"
    timeout_seconds = 10

    def send(self, *, to: str, body: str) -> None:
        sid, token = settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN
        data = urllib.parse.urlencode({"To": to, "From": settings.TWILIO_FROM_NUMBER, "Body": body}).encode()
        request = urllib.request.Request(self.url.format(sid=sid), data=data, method="POST")
        credentials = base64.b64encode(f"{sid}:{token}".encode()).decode()
        request.add_header("Authorization", f"Basic {credentials}")
        # A failure raises, so the task is marked failed and can be retried; the body is never logged.
        with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
            logger.info("Twilio accepted an SMS to %s with status %s", to, response.status)


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()
