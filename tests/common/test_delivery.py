"""Codes are sent after commit through the tasks API; with the database queue a code survives until a worker
delivers it. A failed send is tried 3 times, with pauses, then given up so that resendCode sends at once."""

import socket

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import AuthStatus, OneTimeCode
from accounts.services import user_resend_code, user_sign_up, user_verify_code
from tests.outbox import last_code_sent_to, messages_to


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def smtp_down(settings):
    """Django's own SMTP backend, pointed at a local port where nothing listens: every send is refused, as
    when the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def run_the_queue() -> None:
    call_command("db_worker", batch=True, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_a_code_waits_for_the_worker(database_queue):
    from django_tasks_db.models import DBTaskResult

    user_sign_up(email_or_phone="queued@example.com", ip_address="203.0.113.7")
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    run_the_queue()
    assert len(messages_to("queued@example.com")) == 1


def test_nothing_is_queued_when_the_transaction_rolls_back(db, database_queue):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        user_sign_up(email_or_phone="rolled@example.com", ip_address="203.0.113.7")
        raise RuntimeError("a later step failed")
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_refused_email_is_tried_three_times_with_pauses_then_given_up(database_queue, smtp_down, freeze):
    from django_tasks_db.models import DBTaskResult

    user_sign_up(email_or_phone="unlucky@example.com", ip_address="203.0.113.7")
    run_the_queue()  # the 1st try fails and queues the 2nd for 15 s later
    run_the_queue()
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == ["FAILED", "READY"]
    freeze.tick(16)
    run_the_queue()  # the 2nd try fails and queues the 3rd for 45 s later
    freeze.tick(46)
    run_the_queue()
    tries = DBTaskResult.objects.order_by("enqueued_at")
    assert [t.status for t in tries] == ["FAILED"] * 3
    assert [t.args_kwargs["kwargs"]["attempt"] for t in tries] == [1, 2, 3]
    assert all(t.exception_class_path == "builtins.ConnectionRefusedError" for t in tries)
    record = OneTimeCode.objects.get()
    assert record.delivery_failed_at is not None
    assert record.expires_at <= freeze.now()
    assert mail.outbox == []


def test_after_a_failed_delivery_resend_sends_a_code_at_once(
    db, settings, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, _ = user_sign_up(email_or_phone="unlucky@example.com", ip_address="203.0.113.7")
    assert OneTimeCode.objects.get().delivery_failed_at is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    # Seconds after the sign-up: neither "code_still_valid" nor the 60 s cool-down holds back the new code.
    with django_capture_on_commit_callbacks(execute=True):
        user_resend_code(user=user)
    assert user_verify_code(user=user, code=last_code_sent_to("unlucky@example.com")).auth_status == (
        AuthStatus.CODE_VERIFIED
    )
    assert OneTimeCode.objects.filter(delivery_failed_at__isnull=True, used_at__isnull=False).count() == 1


def test_a_code_on_its_way_holds_back_a_resend(db, database_queue, django_capture_on_commit_callbacks):
    """Until the queue delivers it, the owed code counts as live: asking again would only send a second one."""
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True):
        user, _ = user_sign_up(email_or_phone="patient@example.com", ip_address="203.0.113.7")
    with pytest.raises(ValidationError) as refused:
        user_resend_code(user=user)
    assert refused.value.code == "code_still_valid"
    assert OneTimeCode.objects.count() == 1


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
