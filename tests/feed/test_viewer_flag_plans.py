"""A per-viewer flag (`meLiked`, `meSaved`, `isFollowedByMe`...) reads the viewer's links for the rows of the page
only, however many the viewer has made: PostgreSQL probes the (viewer, row) unique index once per row rather
than hashing every link of the viewer (feed.selectors._viewer_has)."""

import pytest
from django.db import connection

from feed import selectors
from feed.models import Post, PostLike
from tests.factories import UserFactory

pytestmark = pytest.mark.postgres

PAGE = 20


@pytest.fixture
def heavy_liker(db):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    viewer, author = UserFactory(), UserFactory()
    posts = Post.objects.bulk_create(Post(author=author, caption=f"post {n}") for n in range(2_000))
    PostLike.objects.bulk_create(PostLike(user=viewer, post=post) for post in posts[::2])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feed_post, feed_postlike, accounts_user")
    return viewer


def _link_rows_read(plan: dict, table: str) -> int:
    read = plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) if plan.get("Relation Name") == table else 0
    return read + sum(_link_rows_read(child, table) for child in plan.get("Plans", []))


def test_the_like_flag_of_a_page_reads_no_more_likes_than_the_page_has_rows(heavy_liker):
    page = (
        selectors.posts_explore(viewer=heavy_liker)
        .annotate(liked=selectors.viewer_liked_post(heavy_liker))
        .select_related("author")[:PAGE]
    )
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        [plan] = cursor.fetchone()[0]

    assert _link_rows_read(plan["Plan"], "feed_postlike") <= PAGE  # the viewer has made 1,000
    assert sum(1 for post in page if post.liked) == PAGE // 2
