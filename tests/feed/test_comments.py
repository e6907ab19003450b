from feed.models import PostComment
from tests.factories import CommentFactory, PostFactory, global_id

from .operations import ADD_COMMENT, COMMENTS, DELETE_COMMENT, REPLIES, codes, fields, nodes


def add(gql, person, post, text, parent=None):
    variables = {"postId": global_id("Post", post), "text": text, "parentId": parent and global_id("Comment", parent)}
    return gql(ADD_COMMENT, variables, token=person.token)["data"]["addComment"]


def test_a_comment_is_trimmed_and_counted(gql, alice, bob):
    post = PostFactory(author=alice.user)
    payload = add(gql, bob, post, "  nice shot  ")
    assert payload["userErrors"] == []
    assert payload["comment"]["text"] == "nice shot"
    assert payload["comment"]["parent"] is None
    assert payload["commentEdge"]["node"]["id"] == payload["comment"]["id"]
    post.refresh_from_db()
    assert post.comments_count == 1
    assert payload["post"]["commentsCount"] == post.comments_count  # the new count, not one behind


def test_a_reply_to_a_reply_is_stored_under_the_same_top_level_comment(gql, alice, bob):
    post = PostFactory(author=alice.user)
    top = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=top)
    payload = add(gql, bob, post, "me too", parent=reply)
    assert payload["comment"]["parent"]["id"] == global_id("Comment", top)
    top.refresh_from_db()
    post.refresh_from_db()
    assert (top.replies_count, post.comments_count) == (2, 3)
    assert payload["post"]["commentsCount"] == post.comments_count


def test_a_reply_must_be_on_the_same_post(gql, alice, bob):
    post, other = PostFactory(author=alice.user), PostFactory()
    elsewhere = CommentFactory(post=other)
    payload = add(gql, bob, post, "hi", parent=elsewhere)
    assert codes(payload) == ["INVALID_PARENT"]
    assert fields(payload) == ["parentId"]
    assert (payload["comment"], payload["post"]) == (None, None)
    assert PostComment.objects.count() == 1


def test_empty_or_too_long_comments_are_refused(gql, alice, bob):
    post = PostFactory(author=alice.user)
    assert codes(add(gql, bob, post, "   ")) == ["REQUIRED"]
    assert codes(add(gql, bob, post, "x" * 2201)) == ["TOO_LONG"]
    assert not PostComment.objects.exists()
    post.refresh_from_db()
    assert post.comments_count == 0


def test_a_comment_on_an_unknown_post_is_not_found(gql, bob):
    payload = gql(ADD_COMMENT, {"postId": "garbage", "text": "hi"}, token=bob.token)["data"]["addComment"]
    assert codes(payload) == ["NOT_FOUND"]
    assert not PostComment.objects.exists()


def test_comments_are_listed_oldest_first_with_replies_apart(gql, alice):
    post = PostFactory(author=alice.user)
    first, second = CommentFactory(post=post, text="first"), CommentFactory(post=post, text="second")
    CommentFactory(post=post, parent=first, text="reply")
    page = gql(COMMENTS, {"id": global_id("Post", post)})["data"]["post"]["comments"]
    assert [(c["text"], c["repliesCount"]) for c in nodes(page)] == [("first", 1), ("second", 0)]
    replies = gql(REPLIES, {"id": global_id("Comment", first)})["data"]["node"]["replies"]
    assert [c["text"] for c in nodes(replies)] == ["reply"]
    assert second.replies_count == 0


def test_the_comment_author_deletes_it_with_its_replies(gql, alice, bob):
    post = PostFactory(author=alice.user)
    top = CommentFactory(post=post, author=bob.user)
    CommentFactory(post=post, parent=top)
    payload = gql(DELETE_COMMENT, {"id": global_id("Comment", top)}, token=bob.token)["data"]["deleteComment"]
    assert (payload["userErrors"], payload["deletedCommentId"]) == ([], global_id("Comment", top))
    assert not PostComment.objects.exists()
    post.refresh_from_db()
    assert post.comments_count == 0
    assert payload["post"]["commentsCount"] == post.comments_count


def test_the_post_author_deletes_a_reply_and_the_counts_follow(gql, alice, bob):
    post = PostFactory(author=alice.user)
    top = CommentFactory(post=post, author=bob.user)
    reply = CommentFactory(post=post, parent=top, author=bob.user)
    payload = gql(DELETE_COMMENT, {"id": global_id("Comment", reply)}, token=alice.token)["data"]["deleteComment"]
    assert (payload["userErrors"], payload["deletedCommentId"]) == ([], global_id("Comment", reply))
    top.refresh_from_db()
    post.refresh_from_db()
    assert (top.replies_count, post.comments_count) == (0, 1)
    assert payload["post"]["commentsCount"] == post.comments_count


def test_a_stranger_cannot_delete_a_comment(gql, alice, bob, db):
    from .conftest import Person

    post = PostFactory(author=alice.user)
    comment = CommentFactory(post=post, author=bob.user)
    stranger = Person()
    payload = gql(DELETE_COMMENT, {"id": global_id("Comment", comment)}, token=stranger.token)["data"]
    assert codes(payload["deleteComment"]) == ["FORBIDDEN"]
    assert PostComment.objects.filter(pk=comment.pk).exists()
    post.refresh_from_db()
    assert post.comments_count == 1


def test_deleting_an_unknown_comment_is_not_found(gql, bob):
    payload = gql(DELETE_COMMENT, {"id": "garbage"}, token=bob.token)["data"]["deleteComment"]
    assert codes(payload) == ["NOT_FOUND"]
