"""Per-viewer flags (`meLiked`, `isFollowedByMe`...) computed in the page query.

A flag is an expression of the viewer (an `Exists` over a link table, or `False` for anonymous readers) that the
optimizer adds to the query of the page as an annotation, so a page of any size costs no extra query. An object
that did not come from such a query (a mutation's result) evaluates the same expression for its one row.
"""

from collections.abc import Callable

import strawberry_django
from django.db.models import Expression, Value
from strawberry import Info

from .auth import current_user
from .fast_fields import row_annotation

ViewerExpression = Callable[[object], Expression]


def viewer_flag(expression: ViewerExpression, *, description: str | None = None):
    """A `Boolean!` field whose value is `expression(viewer)` for each row."""
    attr = f"_flag_{expression.__name__}"

    @strawberry_django.field(annotate={attr: lambda info: expression(current_user(info))}, description=description)
    def resolve(root, info: Info) -> bool:
        value = getattr(root, attr, None)
        if value is not None:
            return bool(value)
        flag = expression(current_user(info))
        if isinstance(flag, Value):
            return bool(flag.value)
        row = type(root).objects.filter(pk=root.pk).annotate(**{attr: flag})
        return bool(row.values_list(attr, flat=True).get())

    return row_annotation(resolve, attr, bool)
