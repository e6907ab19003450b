"""`node(id:)` answers null for every id it cannot show, never an error: Relay refetches go through it."""

import base64

import pytest

from tests.factories import PostFactory, UserFactory, access_token, global_id

NODE = "query($id: ID!) { node(id: $id) { id ... on Post { caption } } }"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "node_id",
    [
        "garbage",
        "",
        "!!!",
        _b64("Post:not-a-uuid"),
        _b64("Post:00000000-0000-0000-0000-000000000001"),
        _b64("Nothing:00000000-0000-0000-0000-000000000001"),
        _b64("ErrorCode:REQUIRED"),
        _b64("Query:x"),
        _b64("no colon at all"),
    ],
)
def test_node_is_null_for_an_id_it_cannot_resolve(gql, node_id):
    assert gql(NODE, {"id": node_id}) == {"data": {"node": None}}


def test_node_is_null_for_a_private_post_the_viewer_may_not_see(gql):
    post = PostFactory(author=UserFactory(is_private=True))
    stranger = UserFactory()
    assert gql(NODE, {"id": global_id("Post", post)}, token=access_token(stranger)) == {"data": {"node": None}}


def test_node_finds_a_visible_post(gql):
    post = PostFactory(caption="hello")
    result = gql(NODE, {"id": global_id("Post", post)})
    assert result["data"]["node"] == {"id": global_id("Post", post), "caption": "hello"}
