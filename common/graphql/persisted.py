"""Persisted documents: Apollo's automatic persisted queries, and a production switch for trusted documents only.

A client sends `extensions.persistedQuery {version: 1, sha256Hash}` in place of the document. With automatic
persisted queries (the default) an unknown hash answers PERSISTED_QUERY_NOT_FOUND and the client sends the
document once with its hash; the document is kept in the cache (shared by every worker, bounded by the cache's
own eviction and by `APQ_TTL_SECONDS`) once it has passed validation. With `GRAPHQL_TRUSTED_DOCUMENTS` set to a
manifest (the `{hash: document}` JSON that graphql-codegen's persisted documents or Relay's persisted queries
emit), only the manifest's documents run: anything else is refused with PERSISTED_QUERY_NOT_FOUND.

Every document, persisted or sent in full, is parsed and validated once per process: later requests reuse the
parsed document and re-run only the rules that depend on the variables (the cost limit). Parsing and validating
were 3 ms of the explore page's 18 (bench/PROFILE.md), for a document that clients send unchanged every time.
The first time, every limit applies; a document that fails is not kept, so it is checked in full every time.
"""

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import suppress
from functools import cache
from pathlib import Path
from threading import Lock

from django.conf import settings
from django.core.cache import cache as shared_cache
from graphql import DocumentNode, GraphQLError, TypeInfo
from graphql.validation import ValidationContext
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from common.cache import cache_or_unavailable
from common.errors import ServiceUnavailable

from .errors import BAD_USER_INPUT
from .internals import graphql_core_schema

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
APQ_TTL_SECONDS = 24 * 60 * 60
APQ_KEY = "apq:{}"
KEEP = "documentToKeep"  # set on a request's extensions by document_for, read after validation
# Parsed documents kept per process, counted in characters of their text: a parsed document takes 90-125 bytes per
# character (27 KiB for the explore page's), so at most about 50 MB, whatever documents strangers send. An app's
# clients send a few hundred documents of a few hundred characters.
PARSED_CHARACTERS_PER_PROCESS = 400_000


class PersistedDocumentRefused(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code

    def as_result(self) -> ExecutionResult:
        return ExecutionResult(data=None, errors=[GraphQLError(str(self), extensions={"code": self.code})])


def document_for(request_data) -> str | None:
    """The document a request runs: its own text, or the one its hash names. Raises PersistedDocumentRefused.
    Marks `request_data.extensions` with the hash of a document to keep, for `PersistedDocuments` below."""
    # The mark is ours alone: a client sending it would keep any document under any hash.
    request_data.extensions = {k: v for k, v in (request_data.extensions or {}).items() if k != KEEP}
    persisted = request_data.extensions.get("persistedQuery")
    query = request_data.query
    if persisted is None:
        if trusted_documents() is not None:
            raise PersistedDocumentRefused("Only trusted documents are accepted.", PERSISTED_QUERY_NOT_FOUND)
        return query
    if (
        not isinstance(persisted, dict)
        or type(persisted.get("version")) is not int  # JSON's true and 1.0 equal 1 in Python
        or persisted["version"] != 1
        or not isinstance(persisted.get("sha256Hash"), str)
    ):
        raise PersistedDocumentRefused("persistedQuery needs version 1 and a sha256Hash.", BAD_USER_INPUT)
    digest = persisted["sha256Hash"].lower()
    trusted = trusted_documents()
    if trusted is not None:
        # The manifest's text is the one that runs: Apollo's link re-prints a document it resends, and the
        # re-printed text need not hash to the manifest's key.
        query = trusted.get(digest)
    elif query is None:
        query = cache_or_unavailable(lambda: shared_cache.get(APQ_KEY.format(digest)))
    elif _sha256(query) != digest:
        raise PersistedDocumentRefused("The sha256Hash does not match the document.", BAD_USER_INPUT)
    else:
        # The client sends the document with its hash to register it: keep it once it has passed validation.
        request_data.extensions = {**request_data.extensions, KEEP: digest}
    if query is None:
        # Apollo Client's persisted-query link looks for this exact message before it sends the document.
        raise PersistedDocumentRefused("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
    return query


@cache
def trusted_documents() -> dict[str, str] | None:
    """The manifest named by GRAPHQL_TRUSTED_DOCUMENTS, read once per process; None when the switch is off."""
    path = settings.GRAPHQL_TRUSTED_DOCUMENTS
    if not path:
        return None
    manifest = json.loads(Path(path).read_text())
    return {digest.lower(): document for digest, document in manifest.items()}


class PersistedDocuments(SchemaExtension):
    """Parses and validates each document once per process, and keeps a persisted one in the shared cache once
    it has passed. Put it after every extension that adds validation rules, so it sees them all."""

    key: tuple | None = None
    reused = False

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        self.key = _document_key(context)
        parsed = _parsed.get(self.key)
        if parsed is not None:
            self.reused = True
            context.graphql_document = parsed
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self.reused:
            # Errors set here stand for the whole validation: strawberry then runs no rule of its own.
            context.pre_execution_errors = _checked_again(context)
        yield
        if self.key is None or context.pre_execution_errors:
            return
        if not self.reused:
            _parsed.put(self.key, context.graphql_document, size=len(context.query))
        # Kept even when this process had parsed the document already (sent in full before, without a hash): the
        # hash goes to the cache every worker reads.
        digest = (context.operation_extensions or {}).get(KEEP)
        if digest is not None:
            # A cache that is down only means the client sends the document again next time.
            with suppress(ServiceUnavailable):
                cache_or_unavailable(
                    lambda: shared_cache.set(APQ_KEY.format(digest), context.query, timeout=APQ_TTL_SECONDS)
                )


def _checked_again(context) -> list[GraphQLError]:
    """What the rules that read the variables (the cost limit) say this time: only they can answer differently
    for a document that passed before. Each checks the whole operation when it is made (`reads_variables`
    promises it), so it is made here without graphql-core's walk over the document, which cost 0.17 ms of the
    0.19 that validating the explore page still took."""
    errors: list[GraphQLError] = []
    schema = graphql_core_schema(context.schema)
    checking = ValidationContext(schema, context.graphql_document, TypeInfo(schema), errors.append)
    for rule in context.validation_rules:
        if getattr(rule, "reads_variables", False):
            rule(checking)
    return errors


def _document_key(context) -> tuple | None:
    """What the validation of a document depends on besides the variables: its text, the operation that runs
    (the upload rule counts that operation's fields) and the rules that check it (introspection switched off adds
    one)."""
    if not context.query:
        return None
    return (context.query, context.operation_name, tuple(rule.__name__ for rule in context.validation_rules))


class _LeastRecentlyUsed:
    """Bounded by the total size of what it keeps, not by the number of items."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.items: OrderedDict[tuple, tuple[DocumentNode, int]] = OrderedDict()
        self.used = 0
        self.lock = Lock()

    def get(self, key: tuple | None) -> DocumentNode | None:
        if key is None:
            return None
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            self.items.move_to_end(key)
            return item[0]

    def put(self, key: tuple, value: DocumentNode, *, size: int) -> None:
        if size > self.capacity:
            return
        with self.lock:
            if key in self.items:
                self.used -= self.items.pop(key)[1]
            self.items[key] = (value, size)
            self.used += size
            while self.used > self.capacity:
                self.used -= self.items.popitem(last=False)[1][1]

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.used = 0


_parsed = _LeastRecentlyUsed(PARSED_CHARACTERS_PER_PROCESS)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
