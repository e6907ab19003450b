"""Image bytes for upload tests, made with Pillow."""

from io import BytesIO

from PIL import Image


def image_bytes(size=(64, 48), fmt="JPEG", color=(200, 30, 30), exif=None, mode="RGB") -> bytes:
    buffer = BytesIO()
    image = Image.new(mode, size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    gps = {1: "N", 2: (41.0, 18.0, 0.0), 3: "E", 4: (69.0, 16.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif
