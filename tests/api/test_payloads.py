"""Payloads serve client caches: objects read after the write, edges for new objects, ids of deleted ones."""

from feed.models import Post
from tests.factories import CommentFactory, PostFactory, UserFactory, access_token, global_id
from tests.images import image_bytes

CREATE = (
    'mutation($i: Upload!) { createPost(input: {media: [{image: $i}], caption: "new"}) { '
    "post { id author { postsCount } } postEdge { cursor node { id } } userErrors { code } } }"
)
POSTS = "{ posts(first: 5) { edges { cursor node { id } } } }"
ADD = (
    'mutation($p: ID!, $parent: ID) { addComment(input: {postId: $p, text: "hi", parentId: $parent}) { '
    "comment { id parent { repliesCount } } commentEdge { cursor node { id } } post { commentsCount } "
    "userErrors { code } } }"
)
COMMENTS = "query($p: ID!) { post(id: $p) { commentsCount comments { edges { cursor node { id } } } } }"


def test_create_post_answers_the_new_count_and_the_edge_a_list_would_give(gql):
    alice = UserFactory()
    PostFactory(author=alice)
    payload = gql.upload(CREATE, {}, {"i": image_bytes()}, token=access_token(alice))["data"]["createPost"]
    assert payload["post"]["author"]["postsCount"] == 2
    [first_edge, *_] = gql(POSTS)["data"]["posts"]["edges"]
    assert payload["postEdge"] == first_edge


def test_add_comment_answers_the_post_count_after_the_write_and_the_comment_edge(gql):
    post = PostFactory()
    CommentFactory(post=post)
    CommentFactory(post=post)
    reader = UserFactory()
    payload = gql(ADD, {"p": global_id("Post", post)}, token=access_token(reader))["data"]["addComment"]
    fresh = gql(COMMENTS, {"p": global_id("Post", post)})["data"]["post"]
    assert payload["post"]["commentsCount"] == fresh["commentsCount"] == 3
    assert payload["commentEdge"] == fresh["comments"]["edges"][-1]


def test_a_reply_answers_its_thread_with_the_new_replies_count(gql):
    post = PostFactory()
    parent = CommentFactory(post=post)
    reader = UserFactory()
    variables = {"p": global_id("Post", post), "parent": global_id("Comment", parent)}
    payload = gql(ADD, variables, token=access_token(reader))["data"]["addComment"]
    assert payload["comment"]["parent"]["repliesCount"] == 1
    assert payload["post"]["commentsCount"] == 2


def test_delete_post_answers_the_deleted_id_for_the_cache_to_evict(gql):
    post = PostFactory()
    doc = "mutation($p: ID!) { deletePost(input: {id: $p}) { deletedPostId userErrors { code } } }"
    payload = gql(doc, {"p": global_id("Post", post)}, token=access_token(post.author))["data"]["deletePost"]
    assert payload == {"deletedPostId": global_id("Post", post), "userErrors": []}
    assert not Post.objects.exists()


def test_delete_comment_answers_the_deleted_id_and_the_post_with_its_new_count(gql):
    comment = CommentFactory()
    doc = (
        "mutation($c: ID!) { deleteComment(input: {id: $c}) { deletedCommentId post { commentsCount } "
        "userErrors { code } } }"
    )
    payload = gql(doc, {"c": global_id("Comment", comment)}, token=access_token(comment.author))
    assert payload["data"]["deleteComment"] == {
        "deletedCommentId": global_id("Comment", comment),
        "post": {"commentsCount": 0},
        "userErrors": [],
    }


def test_a_refused_mutation_answers_typed_errors_and_null_objects(gql):
    doc = "mutation($p: ID!) { likePost(input: {postId: $p}) { post { id } userErrors { field code message } } }"
    payload = gql(doc, {"p": "garbage"}, token=access_token(UserFactory()))["data"]["likePost"]
    assert payload["post"] is None
    [error] = payload["userErrors"]
    assert error["code"] == "NOT_FOUND"
    assert error["message"]


def test_follow_answers_both_accounts_with_their_new_counts(gql):
    alice, bob = UserFactory(), UserFactory()
    doc = (
        "mutation($u: ID!) { follow(input: {userId: $u}) { user { followersCount isFollowedByMe } "
        "viewer { followingCount } userErrors { code } } }"
    )
    payload = gql(doc, {"u": global_id("User", bob)}, token=access_token(alice))["data"]["follow"]
    assert payload == {
        "user": {"followersCount": 1, "isFollowedByMe": True},
        "viewer": {"followingCount": 1},
        "userErrors": [],
    }


def test_every_mutation_description_lists_its_codes_from_the_enum():
    from common.errors import ErrorCode
    from instaclone.schema import schema

    mutation = schema.get_type_by_name("Mutation")
    names = {code.name for code in ErrorCode}
    for field in mutation.fields:
        listed = field.description.split("Codes: ")[-1].rstrip(".").replace("`", "").split(", ")
        assert set(listed) <= names, field.name
