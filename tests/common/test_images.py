import struct
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms
from PIL.JpegImagePlugin import JpegImageFile
from PIL.PngImagePlugin import PngInfo

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


# --- Metadata: the stored file holds pixels only -------------------------------------------------------------

TRACE = "Taken at 48.8582N 2.2945E by Alice's iPhone, serial 123"


def hostile_jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(
        buffer, format="JPEG", comment=TRACE, xmp=_xmp(), exif=gps_exif(), icc_profile=_srgb_profile()
    )
    return buffer.getvalue()


def hostile_png() -> bytes:
    chunks = PngInfo()
    chunks.add_text("comment", TRACE)  # read back as im.info["comment"], which the JPEG encoder writes out
    chunks.add_text("Description", TRACE)
    chunks.add_itxt("Author", TRACE)
    chunks.add_text("Software", TRACE, zip=True)
    chunks.add_itxt("XML:com.adobe.xmp", _xmp().decode())
    buffer = BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(
        buffer, format="PNG", pnginfo=chunks, exif=gps_exif(), icc_profile=_srgb_profile()
    )
    return buffer.getvalue()


def hostile_png_with_comment_in(kind: str) -> bytes:
    chunks = PngInfo()
    if kind == "tEXt":
        chunks.add_text("comment", TRACE)
    elif kind == "zTXt":
        chunks.add_text("comment", TRACE, zip=True)
    else:
        chunks.add_itxt("comment", TRACE)
    buffer = BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, format="PNG", pnginfo=chunks)
    return buffer.getvalue()


def _xmp() -> bytes:
    return f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{TRACE}</rdf:Description></x:xmpmeta>'.encode()


def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def assert_pixels_only(stored: bytes) -> None:
    assert TRACE.encode() not in stored
    assert b"48.8582" not in stored and b"SpyCam" not in stored and b"xmpmeta" not in stored
    image = Image.open(BytesIO(stored))
    assert not {"comment", "icc_profile", "exif", "xmp"} & set(image.info)
    assert not image.getexif()


@pytest.mark.parametrize("process", [image_process_post, image_process_avatar])
@pytest.mark.parametrize("make", [hostile_jpeg, hostile_png], ids=["jpeg", "png"])
def test_no_comment_xmp_exif_or_profile_reaches_the_stored_file(process, make):
    assert_pixels_only(process(upload(make())).content.read())


@pytest.mark.parametrize("process", [image_process_post, image_process_avatar])
@pytest.mark.parametrize("kind", ["tEXt", "zTXt", "iTXt"])
def test_a_png_comment_chunk_is_not_written_back_as_a_jpeg_comment(process, kind):
    assert_pixels_only(process(upload(hostile_png_with_comment_in(kind))).content.read())


def swapped_primaries_profile() -> bytes:
    """A valid RGB display profile whose red primary is sRGB's blue and whose blue is sRGB's red (linear curves):
    a pixel stored as (255, 0, 0) under it is pure blue on screen."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))

    linear = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0100) + b"\0\0"
    d50 = (0.9642, 1.0, 0.8249)
    tags = [
        (b"wtpt", xyz(*d50)),
        (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"rTRC", linear),
        (b"gTRC", linear),
        (b"bTRC", linear),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + b"\0" * 4
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 28
        + xyz(*d50)[8:]
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
@pytest.mark.parametrize("process", [image_process_post, image_process_avatar])
def test_an_embedded_profile_is_converted_to_srgb_not_kept(fmt, process):
    buffer = BytesIO()
    Image.new("RGB", (400, 300), (255, 0, 0)).save(buffer, format=fmt, icc_profile=swapped_primaries_profile())
    stored = process(upload(buffer.getvalue())).content.read()
    assert_pixels_only(stored)
    red, green, blue = Image.open(BytesIO(stored)).getpixel((100, 100))
    assert blue > 240 and red < 15 and green < 15  # shown as blue, so stored as sRGB blue


def test_a_profile_that_cannot_be_applied_is_dropped_and_the_image_kept():
    buffer = BytesIO()
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, format="JPEG", icc_profile=lab)
    stored = image_process_post(upload(buffer.getvalue())).content.read()
    assert_pixels_only(stored)
    assert Image.open(BytesIO(stored)).size == (400, 300)


# --- Decoding cost: JPEGs are decoded at the scale the output needs ------------------------------------------


@pytest.fixture
def jpeg_decode_sizes(monkeypatch) -> list[tuple[int, int]]:
    """The size each JPEG is decoded at, read from Pillow's own `draft` as it runs."""
    sizes = []
    real_draft = JpegImageFile.draft

    def draft(self, mode, size):
        result = real_draft(self, mode, size)
        if result is not None:  # None: nothing to change (already decoded, or already reduced)
            sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImageFile, "draft", draft)
    return sizes


def test_a_large_jpeg_post_is_decoded_at_the_scale_it_is_shown(jpeg_decode_sizes):
    processed = image_process_post(upload(image_bytes(size=(4400, 3300))))
    assert jpeg_decode_sizes == [(1100, 825)]  # a quarter: the largest reduction still 1080 px on the long side
    assert (processed.width, processed.height) == (1080, 810)


def test_a_large_jpeg_avatar_is_decoded_at_the_scale_it_is_shown(jpeg_decode_sizes):
    processed = image_process_avatar(upload(image_bytes(size=(4000, 2700))))
    assert jpeg_decode_sizes == [(500, 338)]  # an eighth: still 320 px on the short side
    assert (processed.width, processed.height) == (320, 320)


def test_a_sideways_jpeg_is_reduced_and_still_turned_upright(jpeg_decode_sizes):
    exif = Image.Exif()
    exif[0x0112] = 6
    processed = image_process_post(upload(image_bytes(size=(4400, 3300), exif=exif)))
    assert jpeg_decode_sizes == [(1100, 825)]
    assert (processed.width, processed.height) == (810, 1080)
