import strawberry
from django.core.files.uploadedfile import UploadedFile
from strawberry.file_uploads import Upload


def _parse_upload(value):
    # Strawberry's own Upload scalar lets any value through; a string here is a client bug to report.
    if not isinstance(value, UploadedFile):
        raise ValueError("Send the file with the GraphQL multipart request spec.")
    return value


def _serialize_upload(value):
    raise ValueError("Uploads are input only.")


# For `StrawberryConfig(scalar_map=...)`: fields keep using strawberry's `Upload` type.
SCALAR_MAP = {
    Upload: strawberry.scalar(
        name="Upload",
        description="A file sent with the GraphQL multipart request spec.",
        serialize=_serialize_upload,
        parse_value=_parse_upload,
    )
}
