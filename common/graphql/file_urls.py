"""Absolute URLs of stored files (`photoUrl`, a post's `url`s): the storage's own answer, made cheaply where the
storage only puts a prefix before the name.

Django's FileSystemStorage (and InMemoryStorage, StaticFilesStorage and whitenoise's compressed storage, which
keep its `url`) answers `base_url` joined with the quoted name: one prefix for every file. An explore page asks
for 40 such URLs, and a FieldFile, `storage.url` and `request.build_absolute_uri` for each cost about 20 µs
(bench/PROFILE.md). For those storages the absolute prefix is made once per request, from the storage's own
answer for a probe name, and a URL is that prefix and the quoted name. Any other storage (django-storages' S3
may sign each URL), or a name the join would rewrite (a `.` or `..` segment, an empty one), is asked per file:
the answer is always `request.build_absolute_uri(storage.url(name))`.
"""

from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.utils.encoding import filepath_to_uri

PREFIX_STORAGE_URLS = frozenset({FileSystemStorage.url, InMemoryStorage.url})
PROBE = "probe"
PREFIXES = "_file_url_prefixes"  # on the request: id(storage) -> its absolute prefix, or None


def absolute_url(request, field_file) -> str | None:
    """The absolute URL of a file field's file, or None when it has none."""
    if not field_file:
        return None
    return file_url(request, field_file.storage, field_file.name)


def file_url(request, storage, name: str) -> str | None:
    """The absolute URL of the file `name` (a file field's column) in `storage`, or None for an empty name."""
    if not name:
        return None
    prefix = _prefix(request, storage)
    if prefix is not None:
        relative = filepath_to_uri(name).lstrip("/")
        if relative and "//" not in relative and "/." not in "/" + relative:
            return prefix + relative
    return request.build_absolute_uri(storage.url(name))


def _prefix(request, storage) -> str | None:
    prefixes = request.__dict__.setdefault(PREFIXES, {})
    key = id(storage)
    if key not in prefixes:
        prefixes[key] = _absolute_prefix(request, storage)
    return prefixes[key]


def _absolute_prefix(request, storage) -> str | None:
    # `__class__`, not `type()`: the default storage is a lazy object that passes `__class__` through.
    if storage.__class__.url not in PREFIX_STORAGE_URLS or storage.base_url is None:
        return None
    probe = request.build_absolute_uri(storage.url(PROBE))
    return probe.removesuffix(PROBE) if probe.endswith(PROBE) else None
