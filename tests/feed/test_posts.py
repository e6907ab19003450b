from pathlib import Path

import pytest
from PIL import Image

from accounts.models import AuthStatus
from feed.models import Post, PostComment, PostLike
from tests.factories import CommentFactory, PostFactory, global_id
from tests.images import gps_exif, image_bytes

from .conftest import Person
from .operations import CREATE_POST, DELETE_POST, NODE, POST_BY_ID, UPDATE_POST, codes, fields


def create(gql, person, content=None, caption="Sunset"):
    content = content or image_bytes(size=(2000, 1500), exif=gps_exif())
    return gql.upload(CREATE_POST, {"caption": caption}, {"image": content}, token=person.token)["data"]["createPost"]


def test_create_post_stores_a_clean_image_at_most_1080px(gql, alice):
    payload = create(gql, alice)
    assert payload["userErrors"] == []
    made = payload["post"]
    assert made["caption"] == "Sunset"
    assert made["image"]["width"] == 1080 and made["image"]["height"] == 810
    assert made["image"]["url"].startswith("http://testserver/media/posts/")
    assert payload["postEdge"]["node"]["id"] == made["id"]
    post = Post.objects.get()
    assert made["id"] == global_id("Post", post)
    with Image.open(post.media.get().image.path) as stored:
        assert stored.size == (1080, 810)
        assert not stored.getexif()
    alice.user.refresh_from_db()
    assert alice.user.posts_count == 1
    assert made["author"]["postsCount"] == alice.user.posts_count  # the new count, not one behind


def test_a_caption_over_2200_characters_is_refused_and_nothing_is_saved(gql, alice, settings):
    payload = create(gql, alice, caption="x" * 2201)
    assert codes(payload) == ["TOO_LONG"]
    assert not Post.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "posts").exists()


def test_a_bad_image_is_refused_and_nothing_is_saved(gql, alice, settings):
    payload = create(gql, alice, content=b"GIF89a not really")
    assert codes(payload) == ["INVALID_IMAGE"]
    assert fields(payload) == ["media.0.image"]
    assert (payload["post"], payload["postEdge"]) == (None, None)
    assert not Post.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "posts").exists()


def test_a_failed_save_leaves_no_file_behind(gql, alice, settings, monkeypatch):
    stored = []

    def failing_save(post, *args, **kwargs):
        stored.extend((Path(settings.MEDIA_ROOT) / "posts").glob("*"))  # the file is written by now
        raise RuntimeError("database went away")

    monkeypatch.setattr(Post, "save", failing_save)
    result = gql.upload(CREATE_POST, {"caption": ""}, {"image": image_bytes()}, token=alice.token)
    assert result["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert len(stored) == 1
    assert not stored[0].exists()
    assert not Post.objects.exists()


def test_a_user_who_has_not_finished_sign_up_cannot_post(gql, db):
    person = Person(auth_status=AuthStatus.CODE_VERIFIED)
    assert codes(create(gql, person)) == ["SIGN_UP_INCOMPLETE"]
    assert not Post.objects.exists()


def test_posting_needs_a_signed_in_user(gql, db):
    result = gql.upload(CREATE_POST, {"caption": ""}, {"image": image_bytes()})
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert not Post.objects.exists()


def test_the_author_edits_the_caption(gql, alice):
    post = PostFactory(author=alice.user)
    payload = gql(UPDATE_POST, {"id": global_id("Post", post), "caption": "  Better  "}, token=alice.token)
    assert payload["data"]["updatePost"]["post"]["caption"] == "Better"
    post.refresh_from_db()
    assert post.caption == "Better"


def test_someone_elses_post_cannot_be_edited(gql, alice, bob):
    post = PostFactory(author=alice.user, caption="mine")
    payload = gql(UPDATE_POST, {"id": global_id("Post", post), "caption": "hacked"}, token=bob.token)
    assert codes(payload["data"]["updatePost"]) == ["FORBIDDEN"]
    assert payload["data"]["updatePost"]["post"] is None
    post.refresh_from_db()
    assert post.caption == "mine"


@pytest.mark.parametrize("bad_id", ["not-an-id", "UG9zdDpub3Bl", None])
def test_an_unknown_or_malformed_post_id_is_not_found(gql, alice, bad_id):
    other = PostFactory()
    bad_id = bad_id or global_id("Comment", other)  # a real id of the wrong type
    payload = gql(UPDATE_POST, {"id": bad_id, "caption": "x"}, token=alice.token)["data"]["updatePost"]
    assert codes(payload) == ["NOT_FOUND"]
    other.refresh_from_db()
    assert other.caption != "x"


def test_deleting_a_post_removes_its_comments_likes_and_image(gql, alice, bob):
    post = PostFactory(author=alice.user)
    CommentFactory(post=post)
    PostLike.objects.create(user=bob.user, post=post)
    path = Path(post.media.get().image.path)
    assert path.exists()
    payload = gql(DELETE_POST, {"id": global_id("Post", post)}, token=alice.token)["data"]["deletePost"]
    assert payload == {"deletedPostId": global_id("Post", post), "userErrors": []}
    assert not Post.objects.exists() and not PostComment.objects.exists() and not PostLike.objects.exists()
    assert not path.exists()
    alice.user.refresh_from_db()
    assert alice.user.posts_count == 0


def test_someone_elses_post_cannot_be_deleted(gql, alice, bob):
    post = PostFactory(author=alice.user)
    payload = gql(DELETE_POST, {"id": global_id("Post", post)}, token=bob.token)["data"]["deletePost"]
    assert codes(payload) == ["FORBIDDEN"]
    assert Post.objects.filter(pk=post.pk).exists()
    assert Path(post.media.get().image.path).exists()


def test_staff_may_delete_any_post(gql, alice, db):
    staff = Person(is_staff=True)
    post = PostFactory(author=alice.user)
    payload = gql(DELETE_POST, {"id": global_id("Post", post)}, token=staff.token)["data"]["deletePost"]
    assert payload == {"deletedPostId": global_id("Post", post), "userErrors": []}
    assert not Post.objects.exists()


def test_post_and_node_lookups_answer_null_for_unknown_or_malformed_ids(gql, alice):
    assert gql(POST_BY_ID, {"id": "garbage"})["data"]["post"] is None
    assert gql(NODE, {"id": "garbage"})["data"]["node"] is None
    assert gql(NODE, {"id": "UG9zdDpub3BlLW5vdC1hLXV1aWQ="})["data"]["node"] is None
    post = PostFactory(author=alice.user)
    assert gql(NODE, {"id": global_id("Post", post)})["data"]["node"]["caption"] == post.caption


def test_an_edit_over_2200_characters_is_refused_and_the_caption_stays(gql, alice):
    post = PostFactory(author=alice.user, caption="original")
    payload = gql(UPDATE_POST, {"id": global_id("Post", post), "caption": "x" * 2201}, token=alice.token)
    assert codes(payload["data"]["updatePost"]) == ["TOO_LONG"]
    post.refresh_from_db()
    assert post.caption == "original"
