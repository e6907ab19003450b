"""Keeping stored files in step with the rows that name them."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def file_replace(field_file, content):
    """Store `content` in `field_file` for the row saved inside the block. If the block fails the new file
    is removed; once the transaction commits, the file it replaced is removed."""
    old_name = field_file.name
    field_file.save(content.name, content, save=False)
    new_name, storage = field_file.name, field_file.storage
    try:
        yield
    except BaseException:
        storage.delete(new_name)
        raise
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))


def file_delete_on_commit(field_file) -> None:
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
