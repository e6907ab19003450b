import pytest

from accounts.models import User
from tests.outbox import last_code_sent_to

from .operations import SIGN_UP


class SignedUp:
    """A person who has just signed up: their access token and the code they received."""

    def __init__(self, gql, contact: str):
        payload = gql(SIGN_UP, {"c": contact})["data"]["signUp"]
        self.token = payload["accessToken"]
        self.refresh = payload["refreshToken"]
        self.user = User.objects.get(pk=_pk(payload["user"]["id"]))
        self.contact = self.user.contact
        self.code = last_code_sent_to(self.contact)


def _pk(global_id: str) -> str:
    import base64

    return base64.b64decode(global_id).decode().split(":", 1)[1]


@pytest.fixture
def signed_up(gql) -> SignedUp:
    return SignedUp(gql, "new@example.com")
