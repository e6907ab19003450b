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


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feed.Post"

    author = factory.SubFactory(UserFactory)
    caption = factory.Sequence(lambda n: f"caption {n}")
    image = factory.django.ImageField(width=40, height=30, format="JPEG")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feed.PostComment"

    author = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)
    text = factory.Sequence(lambda n: f"comment {n}")


def global_id(type_name: str, obj) -> str:
    from strawberry import relay

    return str(relay.GlobalID(type_name, str(obj.pk)))
