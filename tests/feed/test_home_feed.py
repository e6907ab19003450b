from tests.factories import PostFactory, UserFactory, follow

from .conftest import Person
from .operations import FEED, nodes
from .social_operations import FOLLOWERS, PROFILE, SEARCH

BUDGET = 4


def test_the_feed_shows_followed_accounts_and_my_own_newest_first(gql, alice, bob):
    stranger = UserFactory()
    follow(bob.user, alice.user)
    PostFactory(author=alice.user, caption="alice 1")
    PostFactory(author=stranger, caption="stranger")
    PostFactory(author=bob.user, caption="bob 1")
    PostFactory(author=alice.user, caption="alice 2")
    feed = gql(FEED, {"first": 10}, token=bob.token)["data"]["feed"]
    assert [n["caption"] for n in nodes(feed)] == ["alice 2", "bob 1", "alice 1"]


def test_the_feed_pages_by_cursor(gql, alice, bob):
    follow(bob.user, alice.user)
    PostFactory.create_batch(5, author=alice.user)
    first = gql(FEED, {"first": 3}, token=bob.token)["data"]["feed"]
    rest = gql(FEED, {"first": 3, "after": first["pageInfo"]["endCursor"]}, token=bob.token)["data"]["feed"]
    assert len(nodes(first)) == 3 and len(nodes(rest)) == 2
    assert rest["pageInfo"]["hasNextPage"] is False


def test_the_feed_needs_a_signed_in_user(gql):
    [error] = gql(FEED)["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_the_feed_needs_a_finished_sign_up(gql, db):
    newcomer = Person(auth_status="CODE_VERIFIED")
    [error] = gql(FEED, token=newcomer.token)["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"


def test_a_feed_page_fits_the_query_budget(gql, alice, bob, django_assert_max_num_queries):
    follow(bob.user, alice.user)
    PostFactory.create_batch(25, author=alice.user)
    with django_assert_max_num_queries(BUDGET):
        feed = gql(FEED, {"first": 20}, token=bob.token)["data"]["feed"]
    assert len(feed["edges"]) == 20


def test_a_profile_with_its_first_posts_page_fits_the_query_budget(gql, alice, bob, django_assert_max_num_queries):
    PostFactory.create_batch(15, author=alice.user)
    with django_assert_max_num_queries(BUDGET):
        profile = gql(PROFILE, {"u": "alice.author"}, token=bob.token)["data"]["user"]
    assert profile["postsCount"] == 15
    assert len(profile["posts"]["edges"]) == 12


def test_a_followers_page_fits_the_query_budget(gql, alice, bob, django_assert_max_num_queries):
    for fan in UserFactory.create_batch(12, password=None):
        follow(fan, alice.user)
    with django_assert_max_num_queries(BUDGET):
        page = gql(FOLLOWERS, {"u": "alice.author"}, token=bob.token)["data"]["user"]["followers"]
    assert len(page["edges"]) == 12


def test_search_matches_username_or_full_name_prefixes_of_verified_accounts(gql, db):
    UserFactory(username="grace.hopper", first_name="Grace", last_name="Hopper")
    UserFactory(username="hopscotch", first_name="Sam", last_name="Jones")
    UserFactory(username="amazing.grace", first_name="Amy", last_name="Grace")
    UserFactory(username="gracie.new", auth_status="NEW")
    found = lambda q: sorted(u["username"] for u in nodes(gql(SEARCH, {"q": q})["data"]["users"]))  # noqa: E731
    assert found("GRA") == ["amazing.grace", "grace.hopper"]
    assert found("hop") == ["grace.hopper", "hopscotch"]
    assert found("grace hop") == ["grace.hopper"]
