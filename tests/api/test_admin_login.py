"""The admin's login obeys the API login's failure limits: 10 per account and 30 per IP in 15 minutes.

Before, 40 wrong passwords for a staff account were followed by a successful login with the right one.
"""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError

from accounts.services import user_login
from common.errors import Throttled
from tests.factories import PASSWORD, UserFactory

LOCKED = "Too many failed sign-ins. Try again in 15 minutes."


@pytest.fixture
def staff(db):
    return UserFactory(username="root.admin", is_staff=True, is_superuser=True)


def admin_login(client, username, password, ip="203.0.113.7"):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip)


def test_ten_wrong_passwords_lock_a_staff_account_even_for_the_right_one(client, staff):
    for _ in range(10):
        refused = admin_login(client, "root.admin", "wrong-password")
        assert refused.status_code == 200
        assert b"Please enter the correct username and password" in refused.content
    locked = admin_login(client, "root.admin", PASSWORD, ip="198.51.100.1")
    assert locked.status_code == 200
    assert LOCKED in locked.content.decode()
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_thirty_wrong_passwords_from_one_ip_lock_the_admin_login_from_that_ip(client, staff):
    for i in range(30):
        admin_login(client, f"someone{i}", "wrong-password")
    locked = admin_login(client, "root.admin", PASSWORD)
    assert LOCKED in locked.content.decode()
    assert SESSION_KEY not in client.session
    assert admin_login(client, "root.admin", PASSWORD, ip="198.51.100.1").status_code == 302


def test_the_right_password_within_the_limit_logs_in_and_starts_the_count_afresh(client, staff):
    for _ in range(9):
        admin_login(client, "root.admin", "wrong-password")
    assert admin_login(client, "root.admin", PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(staff.pk)
    client.logout()
    for _ in range(9):
        admin_login(client, "root.admin", "wrong-password")
    assert admin_login(client, "root.admin", PASSWORD).status_code == 302


def test_admin_and_api_failures_count_against_one_limit(client, staff):
    for _ in range(5):
        admin_login(client, "root.admin", "wrong-password")
    for _ in range(5):
        with pytest.raises(ValidationError):
            user_login(login="root.admin", password="wrong-password", ip_address="198.51.100.1")
    with pytest.raises(Throttled):
        user_login(login="root.admin", password=PASSWORD, ip_address="198.51.100.2")
    assert LOCKED in admin_login(client, "root.admin", PASSWORD).content.decode()
    assert SESSION_KEY not in client.session
