"""Hashtags tell a stranger nothing of a private account's captions (review finding 5).

The rule (feed.hashtags): `postsCount` counts the posts of public accounts, the same number for everyone; search
lists the hashtags with such a post; `hashtag(name:)` and `node(id:)` answer a hashtag only to who may see a
post that carries it, so a hashtag that only a private account uses is null to strangers and anonymous readers,
and found by name (with a count of 0) by the account and its approved followers. The counts stay exact through
posts, caption edits, deletions, an account turning private or public, the deletion of an account, and
`manage.py recount`, which repairs by the same definition."""

from functools import partial
from io import StringIO
from queue import SimpleQueue

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from feed import services
from feed.counters import counters_drift
from feed.media import MediaUpload
from feed.models import Hashtag, Post, PostHashtag
from tests.concurrency import run_concurrently
from tests.factories import UserFactory, follow, global_id
from tests.images import image_bytes

from .conftest import Person
from .operations import nodes
from .post_operations import HASHTAGS

HASHTAG = "query($name: String!) { hashtag(name: $name) { id name postsCount posts { edges { node { id } } } } }"
NODE = "query($id: ID!) { node(id: $id) { ... on Hashtag { name postsCount } } }"
POST_TAGS = (
    "query($id: ID!) { post(id: $id) { hashtags { name postsCount } captionEntities { hashtag { name postsCount } } } }"
)
QUERY_BUDGET = 4  # a hashtag page, authentication included (DESIGN.md)


def post(user: User, caption: str) -> Post:
    return services.post_create(
        user=user, media=[MediaUpload(SimpleUploadedFile("i.jpg", image_bytes()))], caption=caption
    )


def counts() -> dict[str, int]:
    return dict(Hashtag.objects.values_list("name", "posts_count"))


def public_posts_per_tag() -> dict[str, int]:
    """The oracle, apart from feed.counters: per hashtag, its posts whose author is not private."""
    found = dict.fromkeys(Hashtag.objects.values_list("name", flat=True), 0)
    for name, private in PostHashtag.objects.values_list("hashtag__name", "post__author__is_private"):
        found[name] += not private
    return found


def hashtag_updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "feed_hashtag"')]


class World:
    """A private account with an approved follower, a stranger, and a public account: the private one's
    caption carries `#privtag` (nobody else's does) and `#sharedtag` (which the public one's carries too)."""

    def __init__(self):
        self.owner = Person(username="priv.pat", is_private=True)
        self.follower = Person(username="approved.fan")
        self.stranger = Person(username="stranger.sam")
        self.public = Person(username="alice.pub")
        follow(self.follower.user, self.owner.user)
        self.secret = post(self.owner.user, "secret #privtag #sharedtag")
        self.shared = post(self.public.user, "out in the open #sharedtag")


@pytest.fixture
def world(db) -> World:
    made = World()
    assert counts() == public_posts_per_tag() == {"privtag": 0, "sharedtag": 1}
    return made


def found(gql, name: str, person: Person | None):
    return gql(HASHTAG, {"name": name}, token=person.token if person else None)["data"]["hashtag"]


def searched(gql, text: str, person: Person | None) -> list[tuple[str, int]]:
    page = gql(HASHTAGS, {"search": text}, token=person.token if person else None)["data"]["hashtags"]
    return [(n["name"], n["postsCount"]) for n in nodes(page)]


def as_node(gql, hashtag: Hashtag, person: Person | None):
    return gql(NODE, {"id": global_id("Hashtag", hashtag)}, token=person.token if person else None)["data"]["node"]


def test_a_tag_only_a_private_account_uses_is_unknown_to_strangers_and_anonymous_readers(gql, world):
    privtag = Hashtag.objects.get(name="privtag")
    for outsider in (None, world.stranger):
        assert found(gql, "privtag", outsider) is None
        assert found(gql, "#PrivTag", outsider) is None
        assert searched(gql, "priv", outsider) == []
        assert searched(gql, "", outsider) == [("sharedtag", 1)]
        assert as_node(gql, privtag, outsider) is None
    assert privtag.posts_count == 0  # the row stays, as every hashtag's does


def test_a_shared_tag_counts_the_posts_of_public_accounts_the_same_for_everyone(gql, world):
    for viewer, visible in ((None, 1), (world.stranger, 1), (world.follower, 2), (world.owner, 2)):
        card = found(gql, "sharedtag", viewer)
        assert card["postsCount"] == 1
        assert len(card["posts"]["edges"]) == visible
        assert searched(gql, "shared", viewer) == [("sharedtag", 1)]
        token = viewer.token if viewer else None
        tags = gql(POST_TAGS, {"id": global_id("Post", world.shared)}, token=token)["data"]["post"]
        assert tags["hashtags"] == [{"name": "sharedtag", "postsCount": 1}]
        assert tags["captionEntities"] == [{"hashtag": {"name": "sharedtag", "postsCount": 1}}]


def test_the_owner_and_an_approved_follower_find_a_private_only_tag_by_name_but_not_by_search(
    gql, world, django_assert_max_num_queries
):
    privtag = Hashtag.objects.get(name="privtag")
    for insider in (world.follower, world.owner):
        with django_assert_max_num_queries(QUERY_BUDGET):
            card = found(gql, "privtag", insider)
        assert (card["name"], card["postsCount"]) == ("privtag", 0)
        assert [n["id"] for n in nodes(card["posts"])] == [global_id("Post", world.secret)]
        assert as_node(gql, privtag, insider) == {"name": "privtag", "postsCount": 0}
        # Search is one list for everyone, answered from the index: it lists no tag without a public post.
        assert searched(gql, "priv", insider) == []


def test_a_removed_follower_loses_sight_of_a_private_only_tag(gql, world):
    services.follower_remove(user=world.owner.user, follower_id=world.follower.user.pk)
    assert found(gql, "privtag", world.follower) is None
    assert found(gql, "privtag", world.owner)["postsCount"] == 0


def test_turning_public_counts_the_account_s_posts_in_and_turning_private_takes_them_out(gql, world):
    post(world.owner.user, "more #privtag and #other")
    assert counts() == {"privtag": 0, "sharedtag": 1, "other": 0}

    with CaptureQueriesContext(connection) as queries:
        services.profile_update(user=world.owner.user, is_private=False)
    assert counts() == public_posts_per_tag() == {"privtag": 2, "sharedtag": 2, "other": 1}
    assert len(hashtag_updates(queries)) == 1  # one set-based UPDATE, however many posts and tags
    assert found(gql, "privtag", world.stranger)["postsCount"] == 2
    assert searched(gql, "", None) == [("privtag", 2), ("sharedtag", 2), ("other", 1)]

    with CaptureQueriesContext(connection) as queries:
        services.profile_update(user=world.owner.user, is_private=True)
    assert counts() == public_posts_per_tag() == {"privtag": 0, "sharedtag": 1, "other": 0}
    assert len(hashtag_updates(queries)) == 1
    assert found(gql, "privtag", world.stranger) is None
    assert searched(gql, "", None) == [("sharedtag", 1)]


def test_a_profile_edit_that_keeps_the_privacy_moves_no_hashtag(world):
    with CaptureQueriesContext(connection) as queries:
        services.profile_update(user=world.owner.user, bio="still private", is_private=True)
        services.profile_update(user=world.public.user, bio="still public")
    assert hashtag_updates(queries) == []
    assert counts() == {"privtag": 0, "sharedtag": 1}


def test_a_private_account_s_posts_edits_and_deletions_move_no_count(world):
    post(world.owner.user, "#fresh from a private account")
    services.post_update(user=world.owner.user, post_id=world.secret.pk, caption="#newtag #sharedtag")
    assert counts() == {"privtag": 0, "sharedtag": 1, "fresh": 0, "newtag": 0}
    services.post_delete(user=world.owner.user, post_id=world.secret.pk)
    assert counts() == {"privtag": 0, "sharedtag": 1, "fresh": 0, "newtag": 0}
    services.post_update(user=world.public.user, post_id=world.shared.pk, caption="#privtag now public")
    assert counts() == public_posts_per_tag() == {"privtag": 1, "sharedtag": 0, "fresh": 0, "newtag": 0}


def test_deleting_an_account_uncounts_only_the_posts_it_counted(world):
    services.user_delete(user_id=world.owner.user.pk)
    assert counts() == {"privtag": 0, "sharedtag": 1}
    services.user_delete(user_id=world.public.user.pk)
    assert counts() == {"privtag": 0, "sharedtag": 0}


def test_recount_repairs_hashtags_by_the_posts_of_public_accounts(world):
    assert counters_drift()["hashtag.posts_count"] == 0
    # What the counts were before the rule: every post counted, the private account's too.
    Hashtag.objects.update(posts_count=F("posts_count") + 1)
    out = StringIO()
    with pytest.raises(CommandError, match="2 counts disagree"):
        call_command("recount", stdout=out)
    assert "hashtag.posts_count: 2 rows disagree" in out.getvalue()
    call_command("recount", "--fix", stdout=StringIO())
    assert counts() == public_posts_per_tag() == {"privtag": 0, "sharedtag": 1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counts_stay_exact_while_an_account_turns_private_and_public_under_its_own_posts_and_edits():
    """Each privacy switch recounts the account's tags from its links, while posts and edits of that account
    move them one by one: the account's lock keeps the two from missing each other."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    owner, other = UserFactory(), UserFactory()
    posts = [post(owner, f"#alpha #n{n}") for n in range(3)]
    post(other, "#alpha #beta")
    captions = ["#alpha #beta", "#beta #gamma", "#gamma", "#alpha #gamma #n1"]
    for round_ in range(6):
        calls = SimpleQueue()
        for n, each in enumerate(posts):
            calls.put(partial(services.post_update, user=owner, post_id=each.pk, caption=captions[(n + round_) % 4]))
        calls.put(partial(services.profile_update, user=owner, is_private=round_ % 2 == 0))
        calls.put(partial(post, owner, f"#beta #round{round_}"))
        results = run_concurrently(lambda queue=calls: queue.get()(), 5)
        assert [r for r in results if isinstance(r, Exception)] == []
        assert counts() == public_posts_per_tag()
    assert User.objects.get(pk=owner.pk).is_private is False
    assert counters_drift()["hashtag.posts_count"] == 0
