"""A short list of related rows carried by each row of a page query, as JSON, so the list costs no query of its own.

For lists that are short and bounded (a post's 1-10 images, its at most 30 hashtags) and whose items have no
lists of their own to optimize: a correlated subquery per row of the page, which reads a few index entries,
where a prefetch is one more round trip for the whole page. Django 5.2 has no JSON aggregate common to
PostgreSQL and SQLite (django.contrib.postgres has JSONBAgg only), hence `JSONList`.
"""

from django.db.models import Aggregate, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject


class JSONList(Aggregate):
    """The group's values as one JSON array: JSONB_AGG on PostgreSQL, JSON_GROUP_ARRAY on SQLite. Unordered:
    order the items after reading them."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def json_rows(queryset: QuerySet, *, link: str, **fields) -> Subquery:
    """For each outer row, the rows of `queryset` whose `link` is it, as a JSON array of objects with `fields`
    (name → field path or expression); NULL when there are none."""
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Subquery(rows.annotate(items=JSONList(JSONObject(**fields))).values("items"), output_field=JSONField())
