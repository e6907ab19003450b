"""The connection every list uses: keyset cursors, `first` 20 by default and at most 100."""

from typing import Any

import strawberry
from strawberry import relay
from strawberry_django.relay import DjangoCursorConnection

from .errors import BadUserInput

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@strawberry.type
class Connection(DjangoCursorConnection[relay.NodeType]):
    """Named `<Node>Connection` in the schema (`PostConnection`, `UserConnection`...)."""

    @classmethod
    def resolve_connection(cls, nodes, *, info, first=None, last=None, max_results=None, **kwargs: Any):
        if first is None and last is None:
            first = DEFAULT_PAGE_SIZE
        try:
            return super().resolve_connection(
                nodes, info=info, first=first, last=last, max_results=MAX_PAGE_SIZE, **kwargs
            )
        except ValueError as error:
            # A forged cursor, or `first` above the cap or negative: the client's input, said plainly.
            raise BadUserInput(str(error)) from error
