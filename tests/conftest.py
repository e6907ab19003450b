import pytest
from django.core.cache import cache
from django.test import Client

from .graphql_client import GraphQLClient


@pytest.fixture(autouse=True)
def isolated_side_effects(settings, tmp_path):
    """Each test gets its own media folder, SMS outbox and empty throttle counters."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_BACKEND = "common.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def declared_error_codes_only(caplog):
    """A mutation answering a code its description does not list fails the test that made it answer."""
    yield
    undeclared = [record.getMessage() for record in caplog.records if "undeclared codes" in record.getMessage()]
    assert not undeclared, undeclared


@pytest.fixture
def gql(db, django_capture_on_commit_callbacks) -> GraphQLClient:
    """Runs each request's after-commit work (code delivery, file removal) as a real commit would."""
    return GraphQLClient(Client(), after_commit=lambda: django_capture_on_commit_callbacks(execute=True))


class Clock:
    """Moves django.utils.timezone.now() forward for code expiry and cool-down rules."""

    def __init__(self, monkeypatch):
        from django.utils import timezone

        self._real_now = timezone.now
        self.offset = 0.0
        monkeypatch.setattr(timezone, "now", self.now)

    def now(self):
        from datetime import timedelta

        return self._real_now() + timedelta(seconds=self.offset)

    def tick(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def freeze(monkeypatch) -> Clock:
    return Clock(monkeypatch)
