"""Per-request upload limits (DESIGN.md "uploads per request"), refused before any file is decoded.

Documents name the input types (`CreatePostInput`, `UpdatePhotoInput`) and pass the whole input as a variable,
so they stay valid whatever fields those inputs hold: each refusal here happens before variables are coerced.
"""

import json

import PIL.Image
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from graphql import build_schema, parse, validate

from common.graphql.uploads import MAX_FILES, MAX_REQUEST_BYTES, one_upload_mutation_rule
from feed.models import Post
from tests.factories import UserFactory, access_token
from tests.images import image_bytes

TWO_POSTS = """
mutation Two($a: CreatePostInput!, $b: CreatePostInput!) {
  a: createPost(input: $a) { __typename }
  b: createPost(input: $b) { __typename }
}"""
ONE_PHOTO = "mutation One($p: UpdatePhotoInput!) { updatePhoto(input: $p) { __typename } }"


@pytest.fixture
def decodes(monkeypatch) -> list[object]:
    """Every image Pillow is asked to open, by any code path."""
    opened = []
    real_open = PIL.Image.open

    def open_(fp, *args, **kwargs):
        opened.append(fp)
        return real_open(fp, *args, **kwargs)

    monkeypatch.setattr(PIL.Image, "open", open_)
    return opened


def multipart(client, operations, files_map, files: dict[str, bytes], *, token=None, **extra):
    data = {
        "operations": operations if isinstance(operations, str) else json.dumps(operations),
        "map": files_map if isinstance(files_map, str) else json.dumps(files_map),
    }
    data.update({name: SimpleUploadedFile(f"{name}.jpg", content) for name, content in files.items()})
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql/", data, headers=headers, **extra)


def assert_refused(response, status=400) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    return error["message"]


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- One upload mutation per request --------------------------------------------------------------------------


def test_one_file_mapped_to_two_create_posts_is_refused_before_anything_is_decoded(client, db, settings, decodes):
    user = UserFactory()
    one_image = {"media": [{"image": None}]}
    operations = {"query": TWO_POSTS, "variables": {"a": one_image, "b": one_image}}
    response = multipart(
        client,
        operations,
        {"0": ["variables.a.media.0.image", "variables.b.media.0.image"]},
        {"0": image_bytes()},
        token=access_token(user),
    )
    assert "one mutation that takes files" in assert_refused(response)
    assert decodes == []
    assert not Post.objects.exists()
    assert media_files(settings) == []


def test_a_post_and_a_photo_in_one_request_are_refused(client, db, decodes):
    user = UserFactory()
    query = """
    mutation Both($post: CreatePostInput!, $photo: UpdatePhotoInput!) {
      createPost(input: $post) { __typename }
      updatePhoto(input: $photo) { __typename }
    }"""
    operations = {"query": query, "variables": {"post": {"media": [{"image": None}]}, "photo": {"photo": None}}}
    files_map = {"0": ["variables.post.media.0.image"], "1": ["variables.photo.photo"]}
    response = multipart(
        client, operations, files_map, {"0": image_bytes(), "1": image_bytes()}, token=access_token(user)
    )
    assert "runs 2 (createPost, updatePhoto)" in assert_refused(response)
    assert decodes == []
    assert not Post.objects.exists()
    user.refresh_from_db()
    assert not user.photo


SCHEMA = build_schema("""
scalar Upload
input Media { image: Upload!, altText: String }
input CreatePostInput { media: [Media!]!, caption: String }
input UpdatePhotoInput { photo: Upload! }
input LikePostInput { postId: ID! }
type Query { ok: Int }
type Mutation {
  createPost(input: CreatePostInput!): Int
  updatePhoto(input: UpdatePhotoInput!): Int
  legacyPhoto(photo: Upload!): Int
  likePost(input: LikePostInput!): Int
}
""")


def refusals(document: str, operation_name: str | None = None) -> list[str]:
    return [error.message for error in validate(SCHEMA, parse(document), [one_upload_mutation_rule(operation_name)])]


@pytest.mark.parametrize(
    "document",
    [
        "mutation { a: createPost(input: {media: []}) b: createPost(input: {media: []}) }",
        "mutation($f: Upload!) { legacyPhoto(photo: $f) updatePhoto(input: {photo: $f}) }",
        "mutation { ...Two } fragment Two on Mutation { a: legacyPhoto(photo: null) b: legacyPhoto(photo: null) }",
        "mutation { ... on Mutation { a: createPost(input: {media: []}) } b: createPost(input: {media: []}) }",
        "mutation { a: legacyPhoto(photo: null) @skip(if: true) b: legacyPhoto(photo: null) }",
    ],
    ids=["aliases", "argument-and-input-field", "fragment", "inline-fragment", "skipped"],
)
def test_fields_that_can_take_an_upload_are_found_from_the_schema_wherever_the_upload_sits(document):
    assert len(refusals(document)) == 1


@pytest.mark.parametrize(
    "document",
    [
        'mutation { createPost(input: {media: []}) likePost(input: {postId: "1"}) }',
        "mutation { createPost(input: {media: []}) createPost(input: {media: []}) }",  # one response key: runs once
        "mutation { ...P ...P } fragment P on Mutation { createPost(input: {media: []}) }",
        "query { ok }",
    ],
    ids=["with-another-mutation", "merged-field", "fragment-spread-twice", "query"],
)
def test_one_upload_field_per_operation_is_allowed(document):
    assert refusals(document) == []


def test_only_the_operation_that_runs_is_counted():
    document = """
    mutation Many { a: legacyPhoto(photo: null) b: legacyPhoto(photo: null) }
    mutation Single { legacyPhoto(photo: null) }
    """
    assert refusals(document, "Single") == []
    assert len(refusals(document, "Many")) == 1


def test_with_no_operation_named_the_first_operation_is_the_one_counted(client, db, decodes):
    """Strawberry runs the first operation of a document when no name is sent: a cheap second operation used
    to make the rule look at none, and three photo uploads ran."""
    user = UserFactory()
    query = """
    mutation Many($a: UpdatePhotoInput!, $b: UpdatePhotoInput!) {
      a: updatePhoto(input: $a) { __typename }
      b: updatePhoto(input: $b) { __typename }
    }
    query Cheap { __typename }"""
    operations = {"query": query, "variables": {"a": {"photo": None}, "b": {"photo": None}}}
    files_map = {"0": ["variables.a.photo"], "1": ["variables.b.photo"]}
    response = multipart(
        client, operations, files_map, {"0": image_bytes(), "1": image_bytes()}, token=access_token(user)
    )
    assert_refused(response)
    assert decodes == []
    user.refresh_from_db()
    assert not user.photo


def test_with_no_operation_named_the_rule_looks_at_the_first_operation():
    document = """
    mutation Many { a: legacyPhoto(photo: null) b: legacyPhoto(photo: null) }
    query Cheap { __typename }
    """
    assert len(refusals(document)) == 1


# --- At most 10 files and 50 MB per request body --------------------------------------------------------------


def test_an_eleventh_file_is_refused_even_unmapped(client, db, decodes):
    files = {str(i): image_bytes() for i in range(MAX_FILES + 1)}
    operations = {"query": ONE_PHOTO, "variables": {"p": {"photo": None}}}
    response = multipart(client, operations, {"0": ["variables.p.photo"]}, files)
    assert "at most 10 files" in assert_refused(response)
    assert decodes == []


def test_a_map_placing_more_than_ten_files_is_refused(client, db, decodes):
    placeholders = [None] * (MAX_FILES + 1)
    operations = {"query": ONE_PHOTO, "variables": {"p": {"photo": None}, "extra": placeholders}}
    paths = [f"variables.extra.{i}" for i in range(MAX_FILES + 1)]
    response = multipart(client, operations, {"0": paths}, {"0": image_bytes()})
    assert "at most 10 files" in assert_refused(response)
    assert decodes == []


def test_a_body_over_50_mb_is_refused_without_reading_it(db):
    # The test client's payload raises if more is read than it holds: the announced length is never read.
    client = Client(raise_request_exception=True)
    body = json.dumps({"query": "{ __typename }"})
    response = client.post(
        "/graphql/", body, content_type="application/json", CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1)
    )
    assert "at most 50 MB" in assert_refused(response, status=413)


def test_a_multipart_body_over_50_mb_is_refused_before_parsing(db, decodes):
    client = Client(raise_request_exception=True)
    operations = {"query": ONE_PHOTO, "variables": {"p": {"photo": None}}}
    response = multipart(
        client,
        operations,
        {"0": ["variables.p.photo"]},
        {"0": image_bytes()},
        CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1),
    )
    assert_refused(response, status=413)
    assert decodes == []


def test_ten_files_and_a_good_map_pass_these_limits(client, db, settings):
    """The control: the limits stop at the limit. Ten files, one of them placed, and the photo is set."""
    user = UserFactory()
    files = {str(i): image_bytes() for i in range(MAX_FILES)}
    operations = {"query": ONE_PHOTO, "variables": {"p": {"photo": None}}}
    response = multipart(client, operations, {"0": ["variables.p.photo"]}, files, token=access_token(user))
    assert response.status_code == 200
    assert response.json() == {"data": {"updatePhoto": {"__typename": "UpdatePhotoPayload"}}}
    user.refresh_from_db()
    assert user.photo
    assert len(media_files(settings)) == 1


# --- A map strawberry can apply, or a JSON 400 ---------------------------------------------------------------

PHOTO_OPERATIONS = {"query": ONE_PHOTO, "variables": {"p": {"photo": None}, "list": [None]}}


@pytest.mark.parametrize(
    ("operations", "files_map", "files"),
    [
        (PHOTO_OPERATIONS, [["variables.p.photo"]], {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": "variables.p.photo"}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": []}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": [1]}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": ["variables.p.photo.deeper.still"]}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": ["variables.list.7"]}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": ["variables.list.x"]}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": ["variables.missing"]}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": ["0.variables.p.photo"]}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": ["query"]}, {"0": b"x"}),
        (PHOTO_OPERATIONS, {"0": ["variables.p.photo"]}, {}),
        (PHOTO_OPERATIONS, "{not json", {"0": b"x"}),
        ('"a string"', {}, {}),
        ([PHOTO_OPERATIONS], {"0": ["0.variables.p.photo"]}, {"0": b"x"}),
        ("[" * 5000 + "]" * 5000, {}, {}),
    ],
    ids=[
        "map-is-a-list",
        "paths-not-a-list",
        "no-paths",
        "path-not-a-string",
        "path-through-a-null",
        "index-out-of-range",
        "index-not-a-number",
        "missing-key",
        "path-into-a-batch",
        "path-to-the-query",
        "file-missing",
        "map-not-json",
        "operations-a-string",
        "operations-a-list",
        "operations-nested-deep",
    ],
)
def test_a_map_strawberry_cannot_apply_answers_a_json_400(db, operations, files_map, files, decodes):
    client = Client(raise_request_exception=False)
    response = multipart(client, operations, files_map, files)
    assert_refused(response)
    assert decodes == []
