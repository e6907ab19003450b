import pytest

from tests.factories import UserFactory, access_token


class Person:
    def __init__(self, **fields):
        self.user = UserFactory(**fields)
        self.token = access_token(self.user)


@pytest.fixture
def alice(db) -> Person:
    return Person(username="alice.author")


@pytest.fixture
def bob(db) -> Person:
    return Person(username="bob.reader")
