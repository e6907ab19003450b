import pytest
from django.urls import reverse

from tests.factories import CommentFactory, PostFactory, UserFactory


@pytest.mark.parametrize(
    "model",
    [
        "accounts_user",
        "accounts_onetimecode",
        "feed_post",
        "feed_postcomment",
        "feed_postlike",
        "feed_commentlike",
        "feed_follow",
        "feed_followrequest",
    ],
)
def test_admin_lists_and_searches_open_for_staff(client, db, model):
    admin = UserFactory(is_staff=True, is_superuser=True)
    CommentFactory(post=PostFactory(author=admin), author=admin)
    client.force_login(admin)
    app, name = model.split("_", 1)
    url = reverse(f"admin:{app}_{name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "user"}).status_code == 200


def test_admin_code_page_never_shows_the_hash(client, db, django_capture_on_commit_callbacks):
    from accounts.services import user_sign_up

    # The delivery task writes the hash after the sign-up commits.
    with django_capture_on_commit_callbacks(execute=True):
        user, _ = user_sign_up(email_or_phone="someone@example.com", ip_address="203.0.113.7")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    code = user.codes.get()
    assert code.code_hash
    page = client.get(reverse("admin:accounts_onetimecode_change", args=[code.pk]))
    assert page.status_code == 200
    assert code.code_hash.encode() not in page.content


def test_staff_cannot_flip_an_account_private_in_the_admin(client, db):
    """Privacy changes go through profile_update, which lets waiting requests in and keeps hashtag counts."""
    admin = UserFactory(is_staff=True, is_superuser=True)
    target = UserFactory(is_private=True)
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_change", args=[target.pk]))
    assert page.status_code == 200
    assert b'name="is_private"' not in page.content
