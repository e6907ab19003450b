from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.images import image_process_avatar, image_process_post
from tests.images import gps_exif, image_bytes


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("anything.png", content)


def decoded(processed) -> Image.Image:
    return Image.open(BytesIO(processed.content.read()))


def test_posts_keep_their_aspect_and_shrink_to_1080_on_the_long_side():
    processed = image_process_post(upload(image_bytes(size=(1500, 3000))))
    assert (processed.width, processed.height) == (540, 1080)


def test_small_posts_are_not_enlarged():
    processed = image_process_post(upload(image_bytes(size=(300, 200), fmt="WEBP")))
    assert (processed.width, processed.height) == (300, 200)


def test_orientation_is_applied_and_the_exif_dropped():
    exif = gps_exif()
    exif[0x0112] = 6  # stored sideways: rotate 90 degrees to display
    processed = image_process_post(upload(image_bytes(size=(400, 200), exif=exif)))
    assert (processed.width, processed.height) == (200, 400)
    image = decoded(processed)
    assert image.format == "JPEG"
    assert not image.getexif()


def test_transparent_pngs_become_jpegs():
    processed = image_process_avatar(upload(image_bytes(size=(500, 300), fmt="PNG", mode="RGBA", color=(0, 0, 0, 0))))
    assert decoded(processed).size == (320, 320)


def test_names_are_made_by_the_server():
    processed = image_process_post(SimpleUploadedFile("../../etc/passwd.png", image_bytes()))
    assert processed.content.name.endswith(".jpg")
    assert "/" not in processed.content.name and "passwd" not in processed.content.name


def test_the_error_names_the_field_it_is_about():
    with pytest.raises(ValidationError) as refused:
        image_process_post(upload(b"text"), field="image")
    assert list(refused.value.error_dict) == ["image"]
