"""Carousel posts: 1 to 10 images, each checked and re-encoded, stored in order, with alt texts."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import AuthStatus
from feed import services
from feed.media import MediaUpload
from feed.models import Post, PostMedia
from tests.factories import PostFactory, UserFactory, access_token, follow, global_id
from tests.images import gps_exif, image_bytes

from .conftest import Person
from .operations import DELETE_POST, codes, fields
from .post_operations import NODE_MEDIA, RICH_POST, UPDATE_POST, create_post


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "posts"
    return sorted(root.glob("*")) if root.exists() else []


def three_images() -> list[bytes]:
    return [
        image_bytes(size=(2000, 1500), exif=gps_exif()),
        image_bytes(size=(300, 600), fmt="PNG"),
        image_bytes(size=(500, 500), fmt="WEBP"),
    ]


def test_a_carousel_keeps_its_images_in_order_each_re_encoded_and_the_first_is_the_cover(gql, alice, settings):
    result = create_post(gql, alice.token, three_images(), caption="Trip", alt_texts=["Sea", "", "Hills"])
    payload = result["data"]["createPost"]
    assert payload["userErrors"] == []
    media = payload["post"]["media"]
    assert [(m["width"], m["height"], m["altText"]) for m in media] == [
        (1080, 810, "Sea"),
        (300, 600, ""),
        (500, 500, "Hills"),
    ]
    assert payload["post"]["image"] == {key: media[0][key] for key in ("id", "url", "width", "height")}
    assert payload["post"]["author"]["postsCount"] == 1
    post = Post.objects.get()
    rows = list(post.media.order_by("position"))
    assert [row.position for row in rows] == [0, 1, 2]
    assert [global_id("PostMedia", row) for row in rows] == [m["id"] for m in media]
    assert [m["url"] for m in media] == [f"http://testserver/media/{row.image.name}" for row in rows]
    for row in rows:
        with Image.open(row.image.path) as stored:
            assert stored.format == "JPEG"
            assert not stored.getexif()
    assert len(stored_files(settings)) == 3


def test_one_image_is_a_post_too(gql, alice):
    payload = create_post(gql, alice.token, [image_bytes()])["data"]["createPost"]
    assert payload["userErrors"] == []
    assert len(payload["post"]["media"]) == 1
    assert PostMedia.objects.get().position == 0


def test_a_post_without_images_is_refused(gql, alice):
    payload = create_post(gql, alice.token, [], caption="nothing")["data"]["createPost"]
    assert codes(payload) == ["REQUIRED"]
    assert fields(payload) == ["media"]
    assert payload["post"] is None
    assert not Post.objects.exists()


def test_one_bad_image_refuses_the_whole_post_and_names_it(gql, alice, settings):
    images = [image_bytes(), image_bytes(), b"GIF89a not really"]
    payload = create_post(gql, alice.token, images)["data"]["createPost"]
    assert codes(payload) == ["INVALID_IMAGE"]
    assert fields(payload) == ["media.2.image"]
    assert not Post.objects.exists() and not PostMedia.objects.exists()
    assert stored_files(settings) == []


def test_an_alt_text_over_1000_characters_is_refused_before_any_image_is_stored(gql, alice, settings):
    payload = create_post(gql, alice.token, [image_bytes(), image_bytes()], alt_texts=["fine", "x" * 1001])
    payload = payload["data"]["createPost"]
    assert codes(payload) == ["TOO_LONG"]
    assert fields(payload) == ["media.1.altText"]
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_ten_images_are_allowed(gql, alice):
    payload = create_post(gql, alice.token, [image_bytes()] * 10)["data"]["createPost"]
    assert payload["userErrors"] == []
    assert list(PostMedia.objects.order_by("position").values_list("position", flat=True)) == list(range(10))


def test_eleven_images_never_reach_the_server_s_decoder(gql, alice, settings):
    """The request limits (at most 10 files) refuse an eleventh image before the mutation runs."""
    result = create_post(gql, alice.token, [image_bytes()] * 11)
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_eleven_images_are_too_many_for_the_service(db, settings):
    """The rule itself, for callers that are not the HTTP endpoint (which refuses the eleventh file first)."""
    user = UserFactory()
    media = [MediaUpload(SimpleUploadedFile("a.jpg", image_bytes())) for _ in range(11)]
    with pytest.raises(ValidationError) as refused:
        services.post_create(user=user, media=media)
    assert refused.value.error_dict["media"][0].code == "too_many"
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_a_failed_save_leaves_none_of_the_images_behind(gql, alice, settings, monkeypatch):
    def failing_bulk_create(*args, **kwargs):
        assert len(stored_files(settings)) == 3  # the files are written by now
        raise RuntimeError("database went away")

    monkeypatch.setattr(PostMedia.objects, "bulk_create", failing_bulk_create)
    result = create_post(gql, alice.token, three_images())
    assert result["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_a_user_who_has_not_finished_sign_up_cannot_post_a_carousel(gql, db, settings):
    person = Person(auth_status=AuthStatus.CODE_VERIFIED)
    payload = create_post(gql, person.token, [image_bytes(), image_bytes()])["data"]["createPost"]
    assert codes(payload) == ["SIGN_UP_INCOMPLETE"]
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def carousel_of(author, count=3) -> Post:
    post = PostFactory(author=author)
    for position in range(1, count):
        PostMedia.objects.create(post=post, position=position, image=post.media.get(position=0).image.name)
    return post


def test_the_author_edits_the_alt_texts_one_per_image_in_order(gql, alice):
    post = carousel_of(alice.user)
    variables = {"input": {"id": global_id("Post", post), "altTexts": ["  A dog  ", "", "A cat"]}}
    payload = gql(UPDATE_POST, variables, token=alice.token)["data"]["updatePost"]
    assert payload["userErrors"] == []
    assert [m["altText"] for m in payload["post"]["media"]] == ["A dog", "", "A cat"]
    assert payload["post"]["caption"] == post.caption  # left alone
    assert list(post.media.order_by("position").values_list("alt_text", flat=True)) == ["A dog", "", "A cat"]


@pytest.mark.parametrize(
    ("alt_texts", "code", "field"),
    [
        (["a", "b"], "REQUIRED", "altTexts"),
        (["a", "b", "c", "d"], "TOO_MANY", "altTexts"),
        (["a", "x" * 1001, "c"], "TOO_LONG", "altTexts.1"),
    ],
    ids=["too-few", "too-many", "too-long"],
)
def test_alt_texts_that_do_not_fit_the_images_are_refused_and_nothing_changes(gql, alice, alt_texts, code, field):
    post = carousel_of(alice.user)
    variables = {"input": {"id": global_id("Post", post), "altTexts": alt_texts, "caption": "changed"}}
    payload = gql(UPDATE_POST, variables, token=alice.token)["data"]["updatePost"]
    assert (codes(payload), fields(payload)) == ([code], [field])
    assert set(post.media.values_list("alt_text", flat=True)) == {""}
    post.refresh_from_db()
    assert post.caption != "changed"


def test_someone_else_cannot_edit_the_alt_texts(gql, alice, bob):
    post = carousel_of(alice.user, count=1)
    variables = {"input": {"id": global_id("Post", post), "altTexts": ["mine now"]}}
    payload = gql(UPDATE_POST, variables, token=bob.token)["data"]["updatePost"]
    assert codes(payload) == ["FORBIDDEN"]
    assert post.media.get().alt_text == ""


def test_deleting_a_carousel_removes_every_image_file(gql, alice, settings):
    create_post(gql, alice.token, three_images())
    post = Post.objects.get()
    assert len(stored_files(settings)) == 3
    payload = gql(DELETE_POST, {"id": global_id("Post", post)}, token=alice.token)["data"]["deletePost"]
    assert payload["userErrors"] == []
    assert not PostMedia.objects.exists()
    assert stored_files(settings) == []


def test_the_files_go_only_once_the_deletion_commits(db, settings, django_capture_on_commit_callbacks):
    author = UserFactory()
    post = carousel_of(author, count=2)
    path = Path(post.media.get(position=0).image.path)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_delete(user=author, post_id=post.pk)
    assert path.exists()  # a rollback would still find its image
    for callback in callbacks:
        callback()
    assert not path.exists()


def test_an_image_is_a_node_for_those_who_may_see_its_post(gql, alice, bob):
    private = Person(username="private.one", is_private=True)
    open_post, closed_post = PostFactory(author=alice.user, media__alt_text="Sea"), PostFactory(author=private.user)
    open_media, closed_media = open_post.media.get(), closed_post.media.get()
    found = gql(NODE_MEDIA, {"id": global_id("PostMedia", open_media)}, token=bob.token)["data"]["node"]
    assert found["altText"] == "Sea" and found["url"].endswith(open_media.image.name)
    assert gql(NODE_MEDIA, {"id": global_id("PostMedia", closed_media)}, token=bob.token)["data"]["node"] is None
    follow(bob.user, private.user)
    assert gql(NODE_MEDIA, {"id": global_id("PostMedia", closed_media)}, token=bob.token)["data"]["node"] is not None


def test_a_post_read_back_lists_its_images_in_order(gql, alice):
    post = carousel_of(alice.user, count=4)
    PostMedia.objects.filter(post=post, position=2).update(alt_text="third")
    found = gql(RICH_POST, {"id": global_id("Post", post)}, token=access_token(alice.user))["data"]["post"]
    rows = list(post.media.order_by("position"))
    assert [m["id"] for m in found["media"]] == [global_id("PostMedia", row) for row in rows]
    assert [m["altText"] for m in found["media"]] == ["", "", "third", ""]
    assert found["image"]["id"] == global_id("PostMedia", rows[0])


def test_deleting_an_account_removes_the_images_of_all_its_posts(
    gql, alice, settings, django_capture_on_commit_callbacks
):
    create_post(gql, alice.token, three_images())
    create_post(gql, alice.token, [image_bytes()])
    assert len(stored_files(settings)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        services.user_delete(user_id=alice.user.pk)
    assert not PostMedia.objects.exists()
    assert stored_files(settings) == []


def test_one_image_over_40_megapixels_refuses_the_post_and_names_it(gql, alice, settings):
    huge = image_bytes(size=(10_000, 9_000), fmt="PNG", mode="1", color=0)  # a small file of 90 megapixels
    payload = create_post(gql, alice.token, [image_bytes(), huge])["data"]["createPost"]
    assert (codes(payload), fields(payload)) == (["IMAGE_TOO_LARGE"], ["media.1.image"])
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_an_account_back_before_the_end_of_sign_up_cannot_edit_alt_texts(gql, alice):
    post = carousel_of(alice.user, count=1)
    alice.user.auth_status = AuthStatus.CODE_VERIFIED
    alice.user.save(update_fields=["auth_status"])
    variables = {"input": {"id": global_id("Post", post), "altTexts": ["late"]}}
    payload = gql(UPDATE_POST, variables, token=alice.token)["data"]["updatePost"]
    assert codes(payload) == ["SIGN_UP_INCOMPLETE"]
    assert post.media.get().alt_text == ""
