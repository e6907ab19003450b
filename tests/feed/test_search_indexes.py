"""Prefix searches are answered from indexes on PostgreSQL: `hashtags(search:)` and `users(search:)`.

The tables are small here, so the planner is told to avoid sequential scans: what is asserted is that an index
*can* answer the search's own SQL (the expression and operator class match), which is what breaks silently when
either the query or the index changes."""

import pytest
from django.db import connection

from feed.selectors import hashtags_search, users_search

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("operator classes are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_hashtag_prefix_search_reads_the_pattern_ops_index_of_the_normal_form():
    explained = plan(hashtags_search(text="#Sun"))
    assert "feed_hashtag_name_" in explained and "_like" in explained
    assert "~>=~" in explained  # the prefix became a range of the pattern operator class


def test_a_user_search_reads_one_index_per_comparison():
    explained = plan(users_search(text="Ada L"))
    for index in ("user_username_prefix_idx", "user_full_name_prefix_idx", "user_last_name_prefix_idx"):
        assert index in explained, explained
