"""The one gate every uploaded image passes: checked by content, decoded, and re-encoded clean.

Limits (DESIGN.md): JPEG, PNG or WebP by content; at most 10 MB and 40 megapixels; EXIF (GPS included) and
comments dropped, orientation applied; the file name is the server's.
"""

import uuid
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
POST_MAX_SIDE = 1080
AVATAR_SIDE = 320
JPEG_QUALITY = 85

# Pillow's own bomb guard stays on, set just above our limit so ours speaks first with a clear message.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS + 1


@dataclass(frozen=True)
class ProcessedImage:
    content: ContentFile
    width: int
    height: int


def image_process_post(upload, *, field: str = "image") -> ProcessedImage:
    """A post image: at most 1080 px on its long side, aspect kept."""
    image = _decode(upload, field)
    image.thumbnail((POST_MAX_SIDE, POST_MAX_SIDE), Image.Resampling.LANCZOS)
    return _encode(image)


def image_process_avatar(upload, *, field: str = "photo") -> ProcessedImage:
    """An avatar: cropped to the centre square and scaled to 320 by 320."""
    image = _decode(upload, field)
    image = ImageOps.fit(image, (AVATAR_SIDE, AVATAR_SIDE), Image.Resampling.LANCZOS)
    return _encode(image)


def _decode(upload, field: str) -> Image.Image:
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise _invalid(field, "Images may be at most 10 MB.", "image_too_large")
    upload.seek(0)
    try:
        image = Image.open(upload)
        if image.format not in ALLOWED_FORMATS:
            raise _invalid(field, "Upload a JPEG, PNG or WebP image.", "invalid_image")
        if image.width * image.height > MAX_PIXELS:
            raise _invalid(field, "Images may be at most 40 megapixels.", "image_too_large")
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _invalid(field, "Images may be at most 40 megapixels.", "image_too_large") from None
    except UnidentifiedImageError:
        raise _invalid(field, "Upload a JPEG, PNG or WebP image.", "invalid_image") from None
    except (OSError, SyntaxError, ValueError):
        raise _invalid(field, "The image is damaged or incomplete.", "invalid_image") from None
    image = ImageOps.exif_transpose(image)
    return image.convert("RGB")


def _encode(image: Image.Image) -> ProcessedImage:
    buffer = BytesIO()
    # A fresh save with no `exif=` argument writes no EXIF, GPS or comment blocks.
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ProcessedImage(
        content=ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg"),
        width=image.width,
        height=image.height,
    )


def _invalid(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})
