"""A post's images (its media): one to ten, each checked and re-encoded by common.images before any row is
written, stored in the order given, their files removed once the deletion of their rows commits.

An error names the item as a path into the input, 0-based like GraphQL's: `media.2.image`,
`media.0.altText`; `altTexts.1` for an edit."""

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from common.errors import ErrorCode
from common.files import file_replace
from common.images import ProcessedImage, image_process_post

from .models import ALT_TEXT_MAX_LENGTH, MEDIA_PER_POST, Post, PostMedia


@dataclass(frozen=True)
class MediaUpload:
    image: object  # an uploaded file
    alt_text: str = ""


@dataclass(frozen=True)
class _Prepared:
    image: ProcessedImage
    alt_text: str


def media_prepare(media: Sequence[MediaUpload]) -> list[_Prepared]:
    """Every item checked (count and alt texts first: they cost nothing) and every image re-encoded, before the
    transaction that stores them."""
    if not media:
        raise _invalid("media", "Add at least one image.", ErrorCode.REQUIRED)
    if len(media) > MEDIA_PER_POST:
        raise _invalid("media", f"A post has at most {MEDIA_PER_POST} images.", ErrorCode.TOO_MANY)
    alt_texts = [_alt_text(item.alt_text, f"media.{n}.alt_text") for n, item in enumerate(media)]
    return [
        _Prepared(image_process_post(item.image, field=f"media.{n}.image"), alt_text)
        for n, (item, alt_text) in enumerate(zip(media, alt_texts, strict=True))
    ]


@contextmanager
def media_stored(post: Post, prepared: list[_Prepared]) -> Iterator[list[PostMedia]]:
    """Writes the files and yields the post's media rows, unsaved, for the block to save with the post; if the
    block fails, every file written is removed."""
    with ExitStack() as files:
        rows = []
        for position, item in enumerate(prepared):
            row = PostMedia(
                post=post,
                position=position,
                width=item.image.width,
                height=item.image.height,
                alt_text=item.alt_text,
            )
            files.enter_context(file_replace(row.image, item.image.content))
            rows.append(row)
        yield rows


def media_alt_texts_set(*, post: Post, alt_texts: Sequence[str]) -> None:
    """One alt text per image, in the images' order (an empty one removes it). The post is locked."""
    rows = list(PostMedia.objects.filter(post_id=post.pk).order_by("position"))
    if len(alt_texts) > len(rows):
        raise _invalid("alt_texts", f"The post has {len(rows)} images: give one alt text each.", ErrorCode.TOO_MANY)
    if len(alt_texts) < len(rows):
        raise _invalid("alt_texts", f"The post has {len(rows)} images: give one alt text each.", ErrorCode.REQUIRED)
    for n, (row, alt_text) in enumerate(zip(rows, alt_texts, strict=True)):
        row.alt_text = _alt_text(alt_text, f"alt_texts.{n}")
    PostMedia.objects.bulk_update(rows, ["alt_text"])


def media_files_delete_on_commit(media: QuerySet[PostMedia]) -> None:
    """Once the transaction commits, remove the files of these rows (read now, before a cascade takes them)."""
    names = [name for name in media.values_list("image", flat=True) if name]
    storage = PostMedia._meta.get_field("image").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _alt_text(text: str | None, field: str) -> str:
    text = (text or "").strip()
    if len(text) > ALT_TEXT_MAX_LENGTH:
        raise _invalid(field, f"Alt texts are at most {ALT_TEXT_MAX_LENGTH:,} characters.", ErrorCode.TOO_LONG)
    return text


def _invalid(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})
