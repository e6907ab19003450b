"""forgotPassword does the same work whatever the contact (DESIGN.md, enumeration): the request only checks the
contact's form, counts the network's limit and queues a task; the task looks the account up. So the answer's
timing cannot tell a stranger whether an account exists (known 19.2 ms vs unknown 12.1 ms before)."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import CodePurpose, OneTimeCode
from accounts.services import user_forgot_password
from tests.factories import UserFactory
from tests.outbox import last_code_sent_to, messages_to

KNOWN, UNKNOWN = "grace@example.com", "nobody@example.com"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def shape(sql: str) -> str:
    """The statement with its values taken out: quoted literals and numbers."""
    return re.sub(r"\b\d+(\.\d+)?\b", "?", re.sub(r"'(?:[^']|'')*'", "'?'", sql))


def request_queries(contact: str, capture_on_commit) -> list[str]:
    with CaptureQueriesContext(connection) as queries, capture_on_commit(execute=True):
        user_forgot_password(email_or_phone=contact, ip_address="203.0.113.7")
    return [shape(query["sql"]) for query in queries]


def test_the_request_makes_the_same_queries_for_a_known_and_an_unknown_contact(
    db, database_queue, django_capture_on_commit_callbacks
):
    UserFactory(email=KNOWN)
    known = request_queries(KNOWN, django_capture_on_commit_callbacks)
    unknown = request_queries(UNKNOWN, django_capture_on_commit_callbacks)
    assert known == unknown
    assert known  # the task was queued
    assert not [sql for sql in known if "accounts_" in sql]  # no account, code or token table is read
    assert not OneTimeCode.objects.exists()  # the request itself owes nobody a code


@pytest.mark.django_db(transaction=True)
def test_the_task_sends_a_reset_code_to_a_known_contact_and_nothing_for_an_unknown_one(database_queue):
    person = UserFactory(email=KNOWN)
    user_forgot_password(email_or_phone="Grace@Example.com", ip_address="203.0.113.7")
    user_forgot_password(email_or_phone=UNKNOWN, ip_address="203.0.113.7")
    call_command("db_worker", batch=True, verbosity=0)
    assert len(last_code_sent_to(KNOWN)) == 6
    assert messages_to(UNKNOWN) == []
    assert OneTimeCode.objects.get().user == person
    assert OneTimeCode.objects.get().purpose == CodePurpose.RESET


@pytest.mark.django_db(transaction=True)
def test_the_task_still_applies_the_per_account_limits(database_queue):
    UserFactory(email=KNOWN)
    for _ in range(2):
        user_forgot_password(email_or_phone=KNOWN, ip_address="203.0.113.7")
    call_command("db_worker", batch=True, verbosity=0)
    assert len(messages_to(KNOWN)) == 1  # the second ask fell within the 60 s cool-down
    assert OneTimeCode.objects.count() == 1
