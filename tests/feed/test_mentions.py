"""Mentions: `@username` in captions and comments, resolved to accounts on write, and MENTIONED notifications
for those who may see what mentions them."""

from accounts.models import AuthStatus
from feed.models import CommentMention, Post, PostComment, PostMention
from notifications.models import Notification, NotificationKind
from tests.factories import PostFactory, UserFactory, follow, global_id
from tests.images import image_bytes

from .conftest import Person
from .operations import codes, fields
from .post_operations import ADD_COMMENT, RICH_POST, UPDATE_POST, create_post


def mentioned(**target) -> list[str]:
    rows = Notification.objects.filter(kind=NotificationKind.MENTIONED, **target).order_by("recipient__username")
    return list(rows.values_list("recipient__username", flat=True))


def post_with(gql, person, caption) -> dict:
    return create_post(gql, person.token, [image_bytes()], caption=caption)["data"]["createPost"]


def comment(gql, person, post, text) -> dict:
    variables = {"postId": global_id("Post", post), "text": text}
    return gql(ADD_COMMENT, variables, token=person.token)["data"]["addComment"]


def test_a_caption_mentions_existing_accounts_in_order_and_tells_them(gql, alice, bob):
    carol = Person(username="carol.c")
    payload = post_with(gql, alice, "With @Carol.C and @bob.reader, not @nobody.here nor @alice.author.")
    assert payload["userErrors"] == []
    assert [u["username"] for u in payload["post"]["mentions"]] == ["carol.c", "bob.reader", "alice.author"]
    post = Post.objects.get()
    assert set(post.mentions.values_list("username", flat=True)) == {"carol.c", "bob.reader", "alice.author"}
    assert mentioned(post=post) == ["bob.reader", "carol.c"]  # not the author for her own mention
    assert Notification.objects.get(recipient=carol.user).actor_id == alice.user.pk


def test_an_account_mentioned_twice_is_mentioned_once(gql, alice, bob):
    payload = post_with(gql, alice, "@bob.reader @BOB.READER @bob.reader")
    assert [u["username"] for u in payload["post"]["mentions"]] == ["bob.reader"]
    assert [e["text"] for e in payload["post"]["captionEntities"]] == ["@bob.reader", "@BOB.READER", "@bob.reader"]
    assert PostMention.objects.count() == 1 and mentioned() == ["bob.reader"]


def test_an_account_that_has_not_finished_sign_up_is_not_mentioned(gql, alice):
    Person(username="halfway", auth_status=AuthStatus.CODE_VERIFIED)
    payload = post_with(gql, alice, "hi @halfway")
    assert payload["post"]["mentions"] == [] and payload["post"]["captionEntities"] == []
    assert mentioned() == []


def test_twenty_mentions_are_allowed_and_twenty_one_refused(gql, alice):
    names = [f"@someone{n:02d}" for n in range(21)]
    assert post_with(gql, alice, " ".join(names[:20]) + " " + names[0])["userErrors"] == []
    payload = post_with(gql, alice, " ".join(names))
    assert (codes(payload), fields(payload)) == (["TOO_MANY"], ["caption"])
    assert Post.objects.count() == 1


def test_someone_who_may_not_see_the_post_is_not_told(gql, bob):
    private = Person(username="private.one", is_private=True)
    follower = Person(username="follower.one")
    follow(follower.user, private.user)
    post_with(gql, private, "@bob.reader @follower.one")
    assert set(Post.objects.get().mentions.values_list("username", flat=True)) == {"bob.reader", "follower.one"}
    assert mentioned() == ["follower.one"]


def test_an_edit_tells_the_newly_mentioned_and_takes_back_the_dropped(gql, alice, bob):
    carol = Person(username="carol.c")
    post_id = post_with(gql, alice, "with @bob.reader")["post"]["id"]
    variables = {"input": {"id": post_id, "caption": "with @carol.c now"}}
    payload = gql(UPDATE_POST, variables, token=alice.token)["data"]["updatePost"]
    assert [u["username"] for u in payload["post"]["mentions"]] == ["carol.c"]
    assert list(PostMention.objects.values_list("user__username", flat=True)) == ["carol.c"]
    assert mentioned() == ["carol.c"]
    gql(UPDATE_POST, {"input": {"id": post_id, "caption": "with @carol.c again"}}, token=alice.token)
    assert Notification.objects.filter(recipient=carol.user).count() == 1


def test_a_renamed_account_stays_mentioned(gql, alice, bob):
    post_id = post_with(gql, alice, "thanks @bob.reader")["post"]["id"]
    bob.user.username = "robert.reader"
    bob.user.save(update_fields=["username"])
    found = gql(RICH_POST, {"id": post_id})["data"]["post"]
    assert [u["username"] for u in found["mentions"]] == ["robert.reader"]
    [entity] = found["captionEntities"]
    assert (entity["text"], entity["user"]["username"]) == ("@bob.reader", "robert.reader")


def test_a_comment_mentions_accounts_and_tells_them(gql, alice, bob):
    carol = Person(username="carol.c")
    post = PostFactory(author=alice.user)
    payload = comment(gql, bob, post, "@carol.c look, and @alice.author too")
    assert payload["userErrors"] == []
    assert [u["username"] for u in payload["comment"]["mentions"]] == ["carol.c", "alice.author"]
    assert [(e["kind"], e["start"], e["end"]) for e in payload["comment"]["textEntities"]] == [
        ("MENTION", 0, 8),
        ("MENTION", 19, 32),
    ]
    made = PostComment.objects.get()
    assert set(CommentMention.objects.filter(comment=made).values_list("user_id", flat=True)) == {
        carol.user.pk,
        alice.user.pk,
    }
    # Alice hears of the comment on her post and of the mention in it: two kinds, one notification each.
    assert mentioned(comment=made) == ["alice.author", "carol.c"]


def test_a_comment_with_twenty_one_mentions_is_refused(gql, alice, bob):
    post = PostFactory(author=alice.user)
    payload = comment(gql, bob, post, " ".join(f"@someone{n:02d}" for n in range(21)))
    assert (codes(payload), fields(payload)) == (["TOO_MANY"], ["text"])
    assert not PostComment.objects.exists()


def test_a_hashtag_in_a_comment_is_plain_text(gql, alice, bob):
    post = PostFactory(author=alice.user)
    payload = comment(gql, bob, post, "#nice one")
    assert payload["comment"]["textEntities"] == []


def test_a_deleted_account_leaves_its_mention_as_text(gql, alice, db):
    gone = UserFactory(username="gone.soon")
    post_id = post_with(gql, alice, "hi @gone.soon")["post"]["id"]
    gone.delete()
    found = gql(RICH_POST, {"id": post_id})["data"]["post"]
    assert found["mentions"] == []
    assert [(e["text"], e["user"]) for e in found["captionEntities"]] == [("@gone.soon", None)]


def test_mentions_asked_for_two_ways_on_a_page_are_read_in_one_query(gql, alice, bob, django_assert_max_num_queries):
    for n in range(3):
        post_with(gql, alice, f"{n} with @bob.reader and @alice.author")
    query = (
        "{ posts { edges { node { mentions { username } captionEntities { user { photoUrl isFollowedByMe } } } } } }"
    )
    with django_assert_max_num_queries(3):  # the token's account, the page, the mentioned accounts
        page = gql(query, token=bob.token)["data"]["posts"]
    for edge in page["edges"]:
        assert [u["username"] for u in edge["node"]["mentions"]] == ["bob.reader", "alice.author"]
        assert [e["user"]["isFollowedByMe"] for e in edge["node"]["captionEntities"]] == [False, False]
