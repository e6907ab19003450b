from pathlib import Path

import pytest
from PIL import Image

from accounts.models import AuthStatus
from tests.factories import UserFactory, access_token
from tests.images import gps_exif, image_bytes

from .operations import SKIP_PHOTO, UPDATE_PHOTO, codes, fields


def upload(gql, user, content: bytes):
    return gql.upload(UPDATE_PHOTO, {}, {"photo": content}, token=access_token(user))["data"]["updatePhoto"]


@pytest.fixture
def done(db):
    return UserFactory(auth_status=AuthStatus.DONE)


def test_a_photo_is_stored_as_a_clean_320px_jpeg_and_finishes_sign_up(gql, done, settings):
    payload = upload(gql, done, image_bytes(size=(800, 600), exif=gps_exif()))
    assert payload["userErrors"] == []
    assert payload["user"]["authStatus"] == "PHOTO_DONE"
    assert payload["user"]["photoUrl"].startswith("http://testserver/media/avatars/")
    done.refresh_from_db()
    with Image.open(done.photo.path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (320, 320))
        assert not stored.getexif()
    assert b"SpyCam" not in Path(done.photo.path).read_bytes()


def test_the_old_photo_file_is_removed_after_commit(gql, done):
    upload(gql, done, image_bytes())
    done.refresh_from_db()
    old_path = done.photo.path
    upload(gql, done, image_bytes(fmt="PNG"))
    done.refresh_from_db()
    assert done.photo.path != old_path
    assert not Path(old_path).exists()


def _truncated_jpeg() -> bytes:
    return image_bytes(size=(400, 400))[:600]


def _svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def _huge_png() -> bytes:
    return image_bytes(size=(20_000, 20_000), fmt="PNG", mode="1", color=0)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"just some text, renamed to photo.jpg", "INVALID_IMAGE"),
        (_truncated_jpeg(), "INVALID_IMAGE"),
        (_svg(), "INVALID_IMAGE"),
        (image_bytes(fmt="GIF"), "INVALID_IMAGE"),
        (_huge_png(), "IMAGE_TOO_LARGE"),
        (b"\xff\xd8\xff" + b"0" * (12 * 1024 * 1024), "IMAGE_TOO_LARGE"),
    ],
    ids=["text", "truncated-jpeg", "svg", "gif", "20000x20000-png", "12mb"],
)
def test_bad_images_are_refused_and_nothing_is_saved(gql, done, settings, content, code):
    payload = upload(gql, done, content)
    assert codes(payload) == [code]
    assert fields(payload) == ["photo"]
    assert payload["user"] is None
    done.refresh_from_db()
    assert (done.photo.name, done.auth_status) == ("", AuthStatus.DONE)
    assert not (settings.MEDIA_ROOT / "avatars").exists()


def test_a_photo_needs_a_finished_profile(gql):
    user = UserFactory(auth_status=AuthStatus.CODE_VERIFIED)
    assert codes(upload(gql, user, image_bytes())) == ["SIGN_UP_INCOMPLETE"]
    user.refresh_from_db()
    assert not user.photo


def test_a_plain_string_for_an_upload_is_bad_user_input(gql, done):
    result = gql(UPDATE_PHOTO, {"photo": "not a file"}, token=access_token(done))
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_skipping_the_photo_finishes_sign_up(gql, done):
    payload = gql(SKIP_PHOTO, token=access_token(done))["data"]["skipPhoto"]
    assert payload["user"]["authStatus"] == "PHOTO_DONE"
    done.refresh_from_db()
    assert done.auth_status == AuthStatus.PHOTO_DONE


def test_skipping_the_photo_needs_a_finished_profile(gql):
    user = UserFactory(auth_status=AuthStatus.NEW)
    payload = gql(SKIP_PHOTO, token=access_token(user))["data"]["skipPhoto"]
    assert codes(payload) == ["SIGN_UP_INCOMPLETE"]
    user.refresh_from_db()
    assert user.auth_status == AuthStatus.NEW
