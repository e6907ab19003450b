"""Codes are sent after commit through the tasks API; with the database queue a code survives until a worker
delivers it."""

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.services import user_sign_up
from tests.outbox import messages_to, sms_messages


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_a_code_waits_for_the_worker(database_queue):
    from django_tasks_db.models import DBTaskResult

    user_sign_up(email_or_phone="queued@example.com", ip_address="203.0.113.7")
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, verbosity=0)
    assert len(messages_to("queued@example.com")) == 1


def test_nothing_is_queued_when_the_transaction_rolls_back(db, database_queue):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        user_sign_up(email_or_phone="rolled@example.com", ip_address="203.0.113.7")
        raise RuntimeError("a later step failed")
    assert DBTaskResult.objects.count() == 0


def test_the_code_is_not_logged_above_debug(gql, caplog):
    from tests.accounts.operations import SIGN_UP
    from tests.outbox import last_code_sent_to

    with caplog.at_level("INFO"):
        gql(SIGN_UP, {"c": "+12025550143"})
    code = last_code_sent_to("+12025550143")
    assert code not in caplog.text
    assert sms_messages()[0]["to"] == "+12025550143"


def test_the_twilio_backend_posts_to_the_messages_api(settings, monkeypatch):
    from common.sms import TwilioSmsBackend

    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, settings.TWILIO_FROM_NUMBER = (
        "AC123",
        "secret",
        "+15005550006",
    )
    sent = {}

    class Response:
        status = 201

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        sent.update(url=request.full_url, body=request.data.decode(), auth=request.get_header("Authorization"))
        return Response()

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    TwilioSmsBackend().send(to="+12025550143", body="123456 is your code")
    assert sent["url"] == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json"
    assert "To=%2B12025550143" in sent["body"] and "From=%2B15005550006" in sent["body"]
    assert sent["auth"].startswith("Basic ")
