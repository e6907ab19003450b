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


@pytest.fixture
def gql(db) -> GraphQLClient:
    return GraphQLClient(Client())
