import pytest

from tests.factories import PostFactory, global_id

from .operations import POSTS, nodes


def page(gql, first=None, after=None):
    return gql(POSTS, {"first": first, "after": after})


def test_pages_walk_every_post_newest_first_without_duplicates_or_gaps(gql, alice):
    posts = PostFactory.create_batch(7, author=alice.user)
    seen, after = [], None
    while True:
        result = page(gql, 3, after)["data"]["posts"]
        seen += [n["caption"] for n in nodes(result)]
        after = result["pageInfo"]["endCursor"]
        if not result["pageInfo"]["hasNextPage"]:
            break
    assert seen == [p.caption for p in reversed(posts)]


def test_a_post_arriving_between_pages_causes_no_duplicate(gql, alice):
    PostFactory.create_batch(4, author=alice.user)
    first = page(gql, 2)["data"]["posts"]
    PostFactory(author=alice.user, caption="brand new")
    second = page(gql, 2, first["pageInfo"]["endCursor"])["data"]["posts"]
    captions = [n["caption"] for n in nodes(first) + nodes(second)]
    assert len(set(captions)) == 4
    assert "brand new" not in captions


def test_the_default_page_is_twenty(gql, alice):
    PostFactory.create_batch(22, author=alice.user)
    assert len(page(gql)["data"]["posts"]["edges"]) == 20


@pytest.mark.parametrize("first", [101, -1])
def test_first_above_100_or_negative_is_bad_user_input(gql, first):
    [error] = page(gql, first)["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("cursor", ["garbage", "b3JkZXJlZGN1cnNvcjpbIngiXQ==", "YXJyYXljb25uZWN0aW9uOjE="])
def test_a_forged_cursor_is_a_clean_error(gql, alice, cursor):
    PostFactory(author=alice.user)
    result = page(gql, 2, cursor)
    [error] = result["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Traceback" not in error["message"]


def test_posts_created_at_the_same_instant_are_paged_without_gaps(gql, alice):
    from django.utils import timezone

    from feed.models import Post

    posts = PostFactory.create_batch(6, author=alice.user)
    Post.objects.filter(pk__in=[p.pk for p in posts[1:5]]).update(created_at=timezone.now())
    seen, after = [], None
    for _ in range(4):
        result = page(gql, 2, after)["data"]["posts"]
        seen += [n["id"] for n in nodes(result)]
        after = result["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(global_id("Post", p) for p in posts)
    assert len(seen) == len(set(seen)) == 6


def test_lists_ordered_by_a_joined_time_page_without_gaps(gql, alice):
    from tests.factories import UserFactory, follow

    from .social_operations import FOLLOWERS_PAGE

    fans = UserFactory.create_batch(5, password=None)
    for fan in fans:
        follow(fan, alice.user)
    seen, after = [], None
    for _ in range(3):
        result = gql(FOLLOWERS_PAGE, {"u": "alice.author", "after": after})["data"]["user"]["followers"]
        seen += [n["username"] for n in nodes(result)]
        after = result["pageInfo"]["endCursor"]
    assert seen == [fan.username for fan in reversed(fans)]


def test_a_nested_first_above_100_is_bad_user_input_too(gql, alice):
    PostFactory(author=alice.user)
    result = gql("{ posts { edges { node { comments(first: 101) { edges { node { id } } } } } } }")
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
