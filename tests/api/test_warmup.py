"""The warm-up before the workers fork (instaclone.warmup): it reads only, works on an empty database, survives
one that is down, and leaves no database connection for a forked worker to inherit."""

import pytest
from django.db import connection

from feed.models import Post
from instaclone.warmup import DOCUMENTS, warm_up
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_on_an_empty_database_every_document_is_answered(caplog):
    with caplog.at_level("WARNING"):
        statuses = warm_up()
    assert statuses == dict.fromkeys(DOCUMENTS, "200 OK")
    assert not [record for record in caplog.records if record.levelname in ("WARNING", "ERROR")]


def test_it_reads_the_data_and_changes_none_of_it(django_assert_max_num_queries):
    post = PostFactory()
    CommentFactory(post=post)
    before = list(Post.objects.values_list("id", "likes_count", "comments_count", "updated_at"))
    with django_assert_max_num_queries(20) as queries:
        assert set(warm_up().values()) == {"200 OK"}
    assert all(query["sql"].startswith("SELECT") for query in queries.captured_queries)
    assert list(Post.objects.values_list("id", "likes_count", "comments_count", "updated_at")) == before


def test_the_connection_it_opened_is_closed_before_the_workers_fork():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("Django keeps an in-memory SQLite database's connection open: closing it would drop the data")
    connection.close()
    warm_up()
    assert connection.connection is None


@pytest.mark.postgres
def test_a_database_that_is_down_only_costs_the_warm_up(caplog):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=1)
    try:
        statuses = warm_up()
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert set(statuses.values()) <= {"200 OK", "503 Service Unavailable"}
    assert "503 Service Unavailable" in statuses.values()
    assert connection.connection is None


def test_inside_a_running_event_loop_it_warms_up_on_a_thread_of_its_own():
    """`make run` (uvicorn --reload) imports the app inside its event loop, where Django refuses the ORM: the
    refusal stopped the app from loading and the development server answered nothing."""
    import asyncio

    async def imported_by_uvicorn():
        return warm_up()

    assert asyncio.run(imported_by_uvicorn()) == dict.fromkeys(DOCUMENTS, "200 OK")
