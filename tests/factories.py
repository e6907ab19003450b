import factory
from django.db.models import F

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


class PostMediaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feed.PostMedia"

    position = 0
    image = factory.django.ImageField(width=40, height=30, format="JPEG")
    width = 40
    height = 30


class PostFactory(factory.django.DjangoModelFactory):
    """A post with one image; `media__alt_text="..."` sets its alt text."""

    class Meta:
        model = "feed.Post"
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    caption = factory.Sequence(lambda n: f"caption {n}")
    media = factory.RelatedFactory(PostMediaFactory, factory_related_name="post")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Keep the author's posts_count as post_create does."""
        post = super()._create(model_class, *args, **kwargs)
        User.objects.filter(pk=post.author_id).update(posts_count=F("posts_count") + 1)
        return post


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feed.PostComment"

    author = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)
    text = factory.Sequence(lambda n: f"comment {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Keep the post's comments_count and the thread's replies_count as comment_add does."""
        comment = super()._create(model_class, *args, **kwargs)
        type(comment.post).objects.filter(pk=comment.post_id).update(comments_count=F("comments_count") + 1)
        if comment.parent_id:
            model_class.objects.filter(pk=comment.parent_id).update(replies_count=F("replies_count") + 1)
        return comment


def global_id(type_name: str, obj) -> str:
    from strawberry import relay

    return str(relay.GlobalID(type_name, str(obj.pk)))


def follow(follower: User, following: User):
    """An approved follow, with the counts the services keep."""
    from feed.models import Follow

    made = Follow.objects.create(follower=follower, following=following)
    User.objects.filter(pk=follower.pk).update(following_count=F("following_count") + 1)
    User.objects.filter(pk=following.pk).update(followers_count=F("followers_count") + 1)
    return made
