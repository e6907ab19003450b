"""The same nested list reached by two paths in one document (a post's mentions, and its caption's mention
entities) is answered, not refused by the optimizer: it was a masked 500 ("Tried to prefetch 2 queries with
different filters") found by the outside probe."""

from feed.services import post_update
from tests.factories import PostFactory, UserFactory, global_id

DOCUMENT = (
    "query($id: ID!) { post(id: $id) { mentions { username posts { edges { node { id } } } } "
    "captionEntities { user { username posts { edges { node { id } } } } } } }"
)


def test_a_users_posts_reached_through_mentions_and_entities_in_one_document(gql):
    bob = UserFactory(username="bob.mentioned")
    bobs_post = PostFactory(author=bob)
    post = PostFactory()
    post_update(user=post.author, post_id=post.pk, caption="with @bob.mentioned")
    result = gql(DOCUMENT, {"id": global_id("Post", post)})
    assert "errors" not in result
    expected = {"edges": [{"node": {"id": global_id("Post", bobs_post)}}]}
    assert result["data"]["post"]["mentions"] == [{"username": "bob.mentioned", "posts": expected}]
    assert result["data"]["post"]["captionEntities"] == [{"user": {"username": "bob.mentioned", "posts": expected}}]
