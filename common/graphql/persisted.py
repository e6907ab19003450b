"""Persisted documents: Apollo's automatic persisted queries, and a production switch for trusted documents only.

A client sends `extensions.persistedQuery {version: 1, sha256Hash}` in place of the document. With automatic
persisted queries (the default) an unknown hash answers PERSISTED_QUERY_NOT_FOUND and the client sends the
document once with its hash; the document is kept in the cache (shared by every worker, bounded by the cache's
own eviction and by `APQ_TTL_SECONDS`) once it has passed validation. With `GRAPHQL_TRUSTED_DOCUMENTS` set to a
manifest (the `{hash: document}` JSON that graphql-codegen's persisted documents or Relay's persisted queries
emit), only the manifest's documents run: anything else is refused with PERSISTED_QUERY_NOT_FOUND.

A persisted document is parsed and validated once per process: later requests reuse the parsed document and
re-run only the rules that depend on the variables (the cost limit). The first time, every limit applies.
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
from graphql import DocumentNode, GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from common.cache import cache_or_unavailable
from common.errors import ServiceUnavailable

from .errors import BAD_USER_INPUT

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
APQ_TTL_SECONDS = 24 * 60 * 60
APQ_KEY = "apq:{}"
PARSED_PER_PROCESS = 1000  # documents of one app's clients: a few hundred at most


class PersistedDocumentRefused(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code

    def as_result(self) -> ExecutionResult:
        return ExecutionResult(data=None, errors=[GraphQLError(str(self), extensions={"code": self.code})])


def document_for(request_data) -> str | None:
    """The document a request runs: its own text, or the one its hash names. Raises PersistedDocumentRefused.
    Marks `request_data.extensions` with the verified hash, for `PersistedDocuments` below."""
    persisted = (request_data.extensions or {}).get("persistedQuery")
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
    if query is None:
        # Apollo Client's persisted-query link looks for this exact message before it sends the document.
        raise PersistedDocumentRefused("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
    request_data.extensions = {**request_data.extensions, "verifiedDocumentHash": digest}
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
    """Parses and validates a persisted document once per process. Put it after every extension that adds
    validation rules, so it sees them all."""

    def on_parse(self) -> Iterator[None]:
        parsed = _parsed.get(self._digest())
        if parsed is not None:
            self.execution_context.graphql_document = parsed
            rules = self.execution_context.validation_rules
            # Only the rules that read the variables (the cost limit) can answer differently this time.
            self.execution_context.validation_rules = tuple(r for r in rules if getattr(r, "reads_variables", False))
        yield

    def on_validate(self) -> Iterator[None]:
        yield
        digest = self._digest()
        context = self.execution_context
        if digest is None or context.pre_execution_errors or digest in _parsed:
            return
        _parsed.put(digest, context.graphql_document)
        if trusted_documents() is None:
            # A cache that is down only means the client sends the document again next time.
            with suppress(ServiceUnavailable):
                cache_or_unavailable(
                    lambda: shared_cache.set(APQ_KEY.format(digest), context.query, timeout=APQ_TTL_SECONDS)
                )

    def _digest(self) -> str | None:
        return (self.execution_context.operation_extensions or {}).get("verifiedDocumentHash")


class _LeastRecentlyUsed:
    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, DocumentNode] = OrderedDict()
        self.lock = Lock()

    def get(self, key: str | None) -> DocumentNode | None:
        if key is None:
            return None
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: str, value: DocumentNode) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def __contains__(self, key: str) -> bool:
        return key in self.items


_parsed = _LeastRecentlyUsed(PARSED_PER_PROCESS)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
