"""The query cost limit (DESIGN.md: at most 5,000 nodes), counted before anything runs.

A connection costs the product of the page sizes on its path; the document costs the sum. Before the limit,
the first query below (anonymous, 190 bytes) ran 29 s and 10,003 SQL queries in production.
"""

import pytest

from feed.services import comment_like
from instaclone.schema import MAX_COST
from tests.factories import CommentFactory, PostFactory, UserFactory, follow, global_id

ATTACK = (
    "{ posts(first: 100) { edges { node { id caption meLiked comments(first: 100) { edges { node { id text "
    "likes(first: 100) { edges { node { id username lastName bio photoUrl } } } } } } } } } }"
)
COMMENTS_PAGE = "posts(first: %s) { edges { node { id comments(first: %s) { edges { node { id } } } } } }"


@pytest.fixture
def thread(db):
    """A post with a comment that someone liked: enough for every nested page to read rows."""
    comment = CommentFactory()
    comment_like(user=UserFactory(), comment_id=comment.pk)
    return comment


def refusal(result: dict) -> dict:
    [error] = result["errors"]
    assert result.get("data") is None
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["maxCost"] == MAX_COST == 5000
    return error


def test_the_190_byte_attack_is_refused_before_any_sql(gql, thread, django_assert_num_queries):
    assert len(ATTACK) == 190
    with django_assert_num_queries(0):
        result = gql(ATTACK)
    error = refusal(result)
    assert error["extensions"]["cost"] == 100 + 100 * 100 + 100 * 100 * 100
    assert "at most 5000" in error["message"]


def test_aliases_are_summed(gql, thread):
    one = COMMENTS_PAGE % (50, 50)  # 50 + 2,500 nodes
    assert "errors" not in gql(f"{{ a: {one} }}")
    assert refusal(gql(f"{{ a: {one} b: {one} }}"))["extensions"]["cost"] == 2 * 2550


def test_named_fragments_are_counted_where_they_are_spread(gql, thread, django_assert_num_queries):
    query = """
        { posts(first: 100) { edges { node { ...Thread } } } }
        fragment Thread on Post { comments(first: 50) { ...Page } }
        fragment Page on CommentConnection { edges { node { id } } }
    """
    with django_assert_num_queries(0):
        result = gql(query)
    assert refusal(result)["extensions"]["cost"] == 100 + 100 * 50


def test_inline_fragments_are_counted(gql, thread):
    user_id = global_id("User", thread.author)
    query = """
        query ($id: ID!) { node(id: $id) { ... on User {
            followers(first: 100) { edges { node { following(first: 100) { edges { node { id } } } } } }
        } } }
    """
    assert refusal(gql(query, {"id": user_id}))["extensions"]["cost"] == 100 + 100 * 100


def test_page_sizes_come_from_the_variables(gql, thread):
    query = "query ($n: Int) { %s }" % (COMMENTS_PAGE % ("$n", "$n"))
    assert refusal(gql(query, {"n": 71}))["extensions"]["cost"] == 71 + 71 * 71
    assert refusal(gql(query, {"n": 71.0}))["extensions"]["cost"] == 71 + 71 * 71  # coerced to 71 if let through
    assert "errors" not in gql(query, {"n": 70})


def test_a_variable_default_counts_when_the_variable_is_not_sent(gql, thread):
    query = "query ($n: Int = 71) { %s }" % (COMMENTS_PAGE % ("$n", "$n"))
    assert refusal(gql(query))["extensions"]["cost"] == 71 + 71 * 71


def test_a_page_without_first_counts_the_default_of_twenty(gql, thread):
    query = "{ posts { edges { node { comments { edges { node { likes { edges { node { id } } } } } } } } } }"
    assert refusal(gql(query))["extensions"]["cost"] == 20 + 20 * 20 + 20 * 20 * 20


def test_a_first_above_the_cap_counts_as_the_cap(gql, thread):
    assert refusal(gql("{ %s }" % (COMMENTS_PAGE % (1000, 1000))))["extensions"]["cost"] == 100 + 100 * 100


def test_followers_of_followers_of_a_search_are_refused(gql, thread, django_assert_num_queries):
    follow(UserFactory(), thread.author)
    query = (
        '{ users(search: "") { edges { node { followers { edges { node { '
        "followers { edges { node { username } } } } } } } } } }"
    )
    with django_assert_num_queries(0):
        result = gql(query)
    assert refusal(result)["extensions"]["cost"] == 20 + 20 * 20 + 20 * 20 * 20


def test_a_feed_page_with_its_comments_is_answered(gql, thread):
    other = PostFactory()
    query = (
        "{ posts(first: 20) { edges { node { id caption likesCount meLiked author { username } "
        "comments(first: 20) { edges { node { id text likesCount author { username } } } } } } } }"
    )
    result = gql(query)
    assert "errors" not in result
    posts = {edge["node"]["id"]: edge["node"] for edge in result["data"]["posts"]["edges"]}
    assert posts.keys() == {global_id("Post", thread.post), global_id("Post", other)}
    [comment] = posts[global_id("Post", thread.post)]["comments"]["edges"]
    assert comment["node"] == {
        "id": global_id("Comment", thread),
        "text": thread.text,
        "likesCount": 1,
        "author": {"username": thread.author.username},
    }


def test_an_expensive_first_operation_is_refused_when_no_operation_is_named(gql, thread, django_assert_num_queries):
    """Strawberry runs a document's first operation when none is named: the limit must look at that one."""
    document = ATTACK.replace("{ posts", "query a { posts", 1) + " query b { __typename }"
    with django_assert_num_queries(0):
        refusal(gql(document))


def test_an_expensive_named_operation_is_refused_beside_a_cheap_one(gql, thread):
    document = ATTACK.replace("{ posts", "query a { posts", 1) + " query b { __typename }"
    body = {"query": document, "operationName": "a"}
    import json

    result = gql.post(json.dumps(body), content_type="application/json")
    refusal(result)


def test_a_plain_list_multiplies_the_connections_nested_in_it(gql, thread):
    """`hashtags` holds up to 30 tags: 49 posts x 30 tags x 100 posts is 147,049 nodes, not 4,949."""
    error = refusal(
        gql("{ posts(first: 49) { edges { node { hashtags { posts(first: 100) { edges { node { id } } } } } } } }")
    )
    assert error["extensions"]["cost"] == 49 + 49 * 30 * 100


def test_a_feed_page_with_its_lists_stays_well_under_the_limit(gql, thread):
    document = (
        "{ posts(first: 20) { edges { node { id media { url } mentions { username } hashtags { name } "
        "captionEntities { kind start end } comments(first: 20) { edges { node { id textEntities { kind } } } } } } } }"
    )
    assert "errors" not in gql(document)
