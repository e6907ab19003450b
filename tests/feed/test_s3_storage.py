"""Media in an S3-compatible bucket (django-storages), against moto's S3 mock."""

import boto3
import pytest
from moto import mock_aws

from feed.models import Post
from tests.images import image_bytes

from .operations import CREATE_POST, DELETE_POST

BUCKET = "instaclone-test-media"


@pytest.fixture
def bucket(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.AWS_STORAGE_BUCKET_NAME = BUCKET
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.AWS_QUERYSTRING_AUTH = False
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
        yield s3


def keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_post_image_goes_to_the_bucket_and_leaves_with_the_post(gql, alice, bucket):
    payload = gql.upload(CREATE_POST, {"caption": "cloud"}, {"image": image_bytes()}, token=alice.token)
    post = payload["data"]["createPost"]["post"]
    [key] = keys(bucket)
    assert key.startswith("posts/") and key.endswith(".jpg")
    assert post["image"]["url"] == f"https://{BUCKET}.s3.amazonaws.com/{key}"
    gql(DELETE_POST, {"id": post["id"]}, token=alice.token)
    assert keys(bucket) == []
    assert not Post.objects.exists()


def test_a_refused_upload_puts_nothing_in_the_bucket(gql, alice, bucket):
    gql.upload(CREATE_POST, {"caption": "x" * 2201}, {"image": image_bytes()}, token=alice.token)
    gql.upload(CREATE_POST, {"caption": ""}, {"image": b"not an image"}, token=alice.token)
    assert keys(bucket) == []
