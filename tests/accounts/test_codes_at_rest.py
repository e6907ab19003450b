"""A code's digits are never stored (DESIGN.md, codes at rest): not in the code table, not in a task's
arguments or result, not in a log. Run with the database queue, the production setting, where a task's row
stays in the database (and in the admin) after the task ran."""

import json
import logging

import pytest
from django.core.management import call_command

from accounts.models import OneTimeCode
from accounts.services import user_forgot_password, user_sign_up
from tests.factories import UserFactory
from tests.outbox import last_code_sent_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def everything_stored() -> str:
    """Every column of every task row and every code row, as text."""
    from django_tasks_db.models import DBTaskResult

    rows = list(DBTaskResult.objects.values()) + list(OneTimeCode.objects.values())
    return json.dumps(rows, default=str)


def run_the_queue() -> None:
    call_command("db_worker", batch=True, verbosity=0)


@pytest.mark.parametrize("contact", ["someone@example.com", "+12025550143"])
def test_a_sign_up_code_is_in_no_task_row_code_row_or_log(database_queue, contact, caplog):
    from django_tasks_db.models import DBTaskResult

    with caplog.at_level(logging.DEBUG):
        user_sign_up(email_or_phone=contact, ip_address="203.0.113.7")
        run_the_queue()
    code = last_code_sent_to(contact)
    assert code not in everything_stored()
    assert code not in caplog.text
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]
    assert len(OneTimeCode.objects.get().code_hash) == 64  # the task stored the hash of what it sent


def test_a_reset_code_is_in_no_task_row_code_row_or_log(database_queue, caplog):
    UserFactory(email="grace@example.com")
    with caplog.at_level(logging.DEBUG):
        user_forgot_password(email_or_phone="grace@example.com", ip_address="203.0.113.7")
        run_the_queue()
    code = last_code_sent_to("grace@example.com")
    assert code not in everything_stored()
    assert code not in caplog.text
    assert len(OneTimeCode.objects.get().code_hash) == 64


def test_the_request_queues_only_the_code_rows_id(database_queue):
    from django_tasks_db.models import DBTaskResult

    user_sign_up(email_or_phone="someone@example.com", ip_address="203.0.113.7")
    record = OneTimeCode.objects.get()
    assert record.code_hash == ""  # no digits exist before the task runs
    assert DBTaskResult.objects.get().args_kwargs == {"args": [], "kwargs": {"code_id": str(record.pk), "attempt": 1}}
