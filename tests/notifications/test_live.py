"""Subscriptions over a live server: a real socket, real HTTP writes, the real channel layer (Redis when
REDIS_URL is set, in memory otherwise). Waits are bounded (tests.live.WAIT); none is a timed assertion."""

import pytest
from django.conf import settings
from django.db import connection

from feed.live import comments_group, notifications_group
from instaclone import websocket
from tests.factories import PostFactory, UserFactory, access_token, follow, global_id
from tests.live import ServerThread, Subscriber, graphql, listening, server_process

from .operations import ADD_COMMENT, COMMENT_ADDED, FOLLOW, LIKE_POST, NOTIFICATION_ADDED, REMOVE_FOLLOWER

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    with ServerThread() as running:
        yield running.url


@pytest.fixture
def alice(transactional_db):
    return UserFactory(username="alice.author")


@pytest.fixture
def bob(transactional_db):
    return UserFactory(username="bob.reader")


def subscribed(base_url: str, query: str, variables: dict | None = None, *, token: str | None = None) -> Subscriber:
    subscriber = Subscriber(base_url, token=token)
    assert subscriber.acknowledged()
    subscriber.subscribe(query, variables)
    return subscriber


def data_of(message: dict) -> dict:
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    return message["payload"]["data"]


def errors_of(message: dict) -> list:
    """The errors of a refused operation: an `error` message, or a `next` with errors and no data."""
    assert message["type"] in ("error", "next"), message
    return message["payload"] if message["type"] == "error" else message["payload"]["errors"]


def test_a_like_and_a_comment_over_http_reach_the_subscribers(server, alice, bob):
    post = PostFactory(author=alice)
    post_id = global_id("Post", post)
    with (
        subscribed(server, NOTIFICATION_ADDED, token=access_token(alice)) as author,
        subscribed(server, COMMENT_ADDED, {"postId": post_id}) as reader,  # anonymous: the post is public
    ):
        listening(notifications_group(alice.pk))
        listening(comments_group(post.pk))
        bob_token = access_token(bob)
        assert graphql(server, LIKE_POST, {"id": post_id}, token=bob_token)["data"]["likePost"]["userErrors"] == []
        liked = data_of(author.next_message())["notificationAdded"]
        assert (liked["kind"], liked["actor"]["username"]) == ("POST_LIKED", "bob.reader")
        assert liked["post"] == {"id": post_id}

        added = graphql(server, ADD_COMMENT, {"id": post_id, "text": "lovely"}, token=bob_token)["data"]
        assert added["addComment"]["userErrors"] == []
        told = data_of(author.next_message())["notificationAdded"]
        assert (told["kind"], told["comment"]) == ("POST_COMMENTED", {"text": "lovely"})
        comment = data_of(reader.next_message())["commentAdded"]
        assert (comment["text"], comment["author"]) == ("lovely", {"username": "bob.reader"})


def test_a_subscriber_who_lost_sight_of_a_private_post_hears_nothing_more_of_it(server, alice, bob):
    alice.is_private = True
    alice.save()
    carol = UserFactory(username="carol.follower")
    follow(bob, alice)
    follow(carol, alice)
    post = PostFactory(author=alice)
    post_id = global_id("Post", post)
    carol_token = access_token(carol)
    with subscribed(server, COMMENT_ADDED, {"postId": post_id}, token=carol_token) as watcher:
        watcher.subscribe(NOTIFICATION_ADDED)
        listening(comments_group(post.pk))
        listening(notifications_group(carol.pk))
        # Alice stops carol following her while carol's subscription is open.
        removed = graphql(server, REMOVE_FOLLOWER, {"id": global_id("User", carol)}, token=access_token(alice))
        assert removed["data"]["removeFollower"]["userErrors"] == []
        bob_token = access_token(bob)
        graphql(server, ADD_COMMENT, {"id": post_id, "text": "for followers"}, token=bob_token)
        # Then an event carol may see: it must be the next thing she gets, the comment having been dropped.
        graphql(server, FOLLOW, {"id": global_id("User", carol)}, token=bob_token)
        assert data_of(watcher.next_message())["notificationAdded"]["kind"] == "FOLLOWED"


def test_a_private_post_cannot_be_subscribed_to_by_a_stranger(server, alice, bob):
    alice.is_private = True
    alice.save()
    post_id = global_id("Post", PostFactory(author=alice))
    with subscribed(server, COMMENT_ADDED, {"postId": post_id}, token=access_token(bob)) as stranger:
        assert [e["extensions"]["code"] for e in errors_of(stranger.next_message())] == ["FORBIDDEN"]


def test_notifications_need_a_signed_in_subscriber(server):
    with subscribed(server, NOTIFICATION_ADDED) as anonymous:
        assert [e["extensions"]["code"] for e in errors_of(anonymous.next_message())] == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Token abc", "Bearer "])
def test_a_bad_token_is_refused_at_connection_init(server, header):
    with Subscriber(server, payload={"Authorization": header}) as refused:
        assert refused.close_code() == 4403


def test_an_expired_token_is_refused_at_connection_init(server, alice, freeze):
    freeze.tick(-settings.JWT_ACCESS_LIFETIME.total_seconds() - 60)
    token = access_token(alice)  # issued long enough ago to have expired
    with Subscriber(server, token=token) as refused:
        assert refused.close_code() == 4403


def test_the_socket_closes_with_4401_when_its_token_expires(server, alice, settings):
    # `exp` is whole seconds, so a token may expire up to a second early: 3 s leaves time to connect.
    settings.JWT_ACCESS_LIFETIME = type(settings.JWT_ACCESS_LIFETIME)(seconds=3)
    with subscribed(server, NOTIFICATION_ADDED, token=access_token(alice)) as subscriber:
        assert subscriber.close_code() == 4401


def test_a_connection_that_never_initialises_is_closed(server, monkeypatch):
    monkeypatch.setattr(websocket, "CONNECTION_INIT_TIMEOUT", websocket.CONNECTION_INIT_TIMEOUT / 20)
    with Subscriber(server, init=False) as silent:
        assert silent.close_code() == 4408


def test_subscriptions_obey_the_depth_cost_and_token_limits(server, alice):
    post_id = global_id("Post", PostFactory(author=alice))
    deep = "subscription($p: ID!) { commentAdded(postId: $p) { " + "post { author { posts { edges { node { " * 3
    deep += "id" + " } } } } }" * 3 + " } }"
    costly = (
        "subscription($p: ID!) { commentAdded(postId: $p) { post { likes(first: 100) { edges { node { "
        "followers(first: 100) { edges { node { id } } } } } } } } }"
    )
    long = "subscription($p: ID!) { commentAdded(postId: $p) { " + "id " * 2100 + "} }"
    with Subscriber(server) as subscriber:
        assert subscriber.acknowledged()
        for document, code in ((deep, "GRAPHQL_VALIDATION_FAILED"), (costly, "QUERY_TOO_COMPLEX")):
            subscriber.subscribe(document, {"p": post_id})
            assert {e["extensions"]["code"] for e in errors_of(subscriber.next_message())} == {code}
        # The token limit stops the parser, and graphql-transport-ws closes the socket on a document that does
        # not parse (4400, with the parser's reason).
        subscriber.subscribe(long, {"p": post_id})
        assert subscriber.close_code() == 4400


def test_queries_and_mutations_go_over_http_not_the_socket(server, alice):
    with Subscriber(server, token=access_token(alice)) as subscriber:
        assert subscriber.acknowledged()
        subscriber.subscribe("{ me { username } }")
        assert subscriber.next_message()["type"] == "error"


@pytest.mark.postgres
def test_an_event_caused_through_one_server_reaches_a_subscriber_of_another(alice, bob):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("two processes share PostgreSQL and Redis")
    post_id = global_id("Post", PostFactory(author=alice))
    with (
        server_process() as first,
        server_process() as second,
        subscribed(first, NOTIFICATION_ADDED, token=access_token(alice)) as author,
    ):
        listening(notifications_group(alice.pk))
        liked = graphql(second, LIKE_POST, {"id": post_id}, token=access_token(bob))
        assert liked["data"]["likePost"]["userErrors"] == []
        assert data_of(author.next_message())["notificationAdded"]["kind"] == "POST_LIKED"
