import factory

from accounts.models import AuthStatus, AuthType, User
from accounts.tokens import token_pair_issue

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    email = factory.Sequence(lambda n: f"user{n:04d}@example.com")
    auth_type = AuthType.VIA_EMAIL
    auth_status = AuthStatus.PHOTO_DONE
    first_name = "Ada"
    last_name = "Lovelace"
    password = factory.django.Password(PASSWORD)


def access_token(user: User) -> str:
    return token_pair_issue(user=user).access_token
