"""DESIGN.md's budget: a page costs at most 4 SQL queries, authentication included, whatever its size or depth."""

import pytest

from bench.operations import keyset_cursor
from feed.models import Post, PostLike, PostMedia
from tests.factories import CommentFactory, PostFactory, UserFactory, access_token, global_id

from .operations import COMMENTS, POSTS, nodes

BUDGET = 4


@pytest.fixture
def viewer(db):
    return UserFactory()


@pytest.mark.parametrize("page_size", [20, 50])
def test_a_posts_page_with_counts_and_me_liked_fits_the_budget(gql, viewer, django_assert_max_num_queries, page_size):
    posts = PostFactory.create_batch(page_size + 5, author=viewer)
    PostLike.objects.create(user=viewer, post=posts[-1])
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        page = gql(POSTS, {"first": page_size}, token=token)["data"]["posts"]
    assert len(page["edges"]) == page_size
    assert nodes(page)[0]["meLiked"] is True
    assert nodes(page)[1]["meLiked"] is False


def test_a_page_deep_into_ten_thousand_posts_fits_the_same_budget(gql, viewer, django_assert_max_num_queries):
    image = PostFactory(author=viewer, caption="newest").media.get().image.name
    posts = Post.objects.bulk_create(Post(author=viewer, caption=f"post {n}") for n in range(10_000))
    PostMedia.objects.bulk_create(PostMedia(post=post, position=0, image=image) for post in posts)
    newest_first = list(Post.objects.order_by("-created_at", "-id").values_list("created_at", "id", "caption"))
    after = keyset_cursor(newest_first[9_000][:2])
    with django_assert_max_num_queries(BUDGET):
        page = gql(POSTS, {"first": 20, "after": after}, token=access_token(viewer))["data"]["posts"]
    assert [n["caption"] for n in nodes(page)] == [caption for _, _, caption in newest_first[9_001:9_021]]


def test_a_comments_page_with_replies_counts_and_me_liked_fits_the_budget(gql, viewer, django_assert_max_num_queries):
    post = PostFactory(author=viewer)
    CommentFactory.create_batch(25, post=post, author=viewer)
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        result = gql(COMMENTS, {"id": global_id("Post", post), "first": 20}, token=token)
    assert len(result["data"]["post"]["comments"]["edges"]) == 20


def test_a_posts_page_with_each_posts_first_comments_fits_the_budget(gql, viewer, django_assert_max_num_queries):
    posts = PostFactory.create_batch(5, author=viewer)
    for post in posts:
        CommentFactory.create_batch(3, post=post, author=viewer)
    comments = (
        "comments(first: 2) { pageInfo { hasNextPage endCursor } edges { node { text meLiked author { username } } } }"
    )
    query = f"{{ posts(first: 5) {{ edges {{ node {{ caption {comments} }} }} }} }}"
    with django_assert_max_num_queries(BUDGET):
        page = gql(query, token=access_token(viewer))["data"]["posts"]
    for post, edge in zip(reversed(posts), page["edges"], strict=True):
        comments = edge["node"]["comments"]
        expected = list(post.comments.order_by("created_at", "id").values_list("text", flat=True))
        assert [c["node"]["text"] for c in comments["edges"]] == expected[:2]
        assert comments["pageInfo"]["hasNextPage"] is True
        rest = gql(COMMENTS, {"id": global_id("Post", post), "first": 5, "after": comments["pageInfo"]["endCursor"]})
        assert [c["node"]["text"] for c in rest["data"]["post"]["comments"]["edges"]] == expected[2:]


def test_a_comments_page_with_each_comments_first_replies_costs_one_query_more(
    gql, viewer, django_assert_max_num_queries
):
    post = PostFactory(author=viewer)
    threads = CommentFactory.create_batch(4, post=post, author=viewer)
    for thread in threads:
        CommentFactory.create_batch(2, post=post, parent=thread, author=viewer)
    replies = "replies(first: 5) { pageInfo { hasNextPage } edges { node { text meLiked } } }"
    query = f"query($id: ID!) {{ post(id: $id) {{ comments {{ edges {{ node {{ text {replies} }} }} }} }} }}"
    with django_assert_max_num_queries(BUDGET + 1):  # a query per level: the post, its comments, their replies
        result = gql(query, {"id": global_id("Post", post)}, token=access_token(viewer))
    edges = result["data"]["post"]["comments"]["edges"]
    for thread, edge in zip(threads, edges, strict=True):
        expected = list(thread.replies.order_by("created_at", "id").values_list("text", flat=True))
        assert [r["node"]["text"] for r in edge["node"]["replies"]["edges"]] == expected
        assert edge["node"]["replies"]["pageInfo"]["hasNextPage"] is False


def test_search_results_with_each_profiles_first_posts_fit_the_budget(gql, viewer, django_assert_max_num_queries):
    from tests.factories import UserFactory

    public = [UserFactory(username=f"grid.public{n}", password=None) for n in range(3)]
    private = UserFactory(username="grid.private", is_private=True, password=None)
    for user in [*public, private]:
        PostFactory.create_batch(2, author=user)
    query = '{ users(search: "grid.") { edges { node { username posts(first: 3) { edges { node { id } } } } } } }'
    with django_assert_max_num_queries(BUDGET + 1):  # one visibility check for the private profile
        result = gql(query, token=access_token(viewer))
    counts = {e["node"]["username"]: len(e["node"]["posts"]["edges"]) for e in result["data"]["users"]["edges"]}
    assert counts == {"grid.private": 0, "grid.public0": 2, "grid.public1": 2, "grid.public2": 2}


def rich_posts(author, mentioned, count: int) -> list:
    """Posts of two to four images, with hashtags and a mention, as posting makes them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from feed import services
    from feed.media import MediaUpload
    from tests.images import image_bytes

    posts = []
    for n in range(count):
        media = [MediaUpload(SimpleUploadedFile("i.jpg", image_bytes()), f"alt {k}") for k in range(2 + n % 3)]
        caption = f"Day {n} with @{mentioned.username} #daily #tag{n % 4} #Кот"
        posts.append(services.post_create(user=author, media=media, caption=caption))
    return posts


@pytest.mark.parametrize("page_size", [5, 20])
def test_a_feed_page_with_media_mentions_hashtags_and_me_saved_fits_the_budget(
    gql, viewer, django_assert_max_num_queries, page_size
):
    from feed.models import SavedPost
    from tests.factories import follow

    from .post_operations import RICH_FEED

    author = UserFactory()
    follow(viewer, author)
    posts = rich_posts(author, viewer, page_size)
    SavedPost.objects.create(user=viewer, post=posts[-1])
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        page = gql(RICH_FEED, {"first": page_size}, token=token)["data"]["feed"]
    newest = nodes(page)[0]
    assert len(page["edges"]) == page_size
    assert newest["meSaved"] is True and nodes(page)[1]["meSaved"] is False
    assert len(newest["media"]) == 2 + (page_size - 1) % 3 and newest["image"]["id"] == newest["media"][0]["id"]
    assert [h["name"] for h in newest["hashtags"]] == ["daily", f"tag{(page_size - 1) % 4}", "кот"]
    assert [u["username"] for u in newest["mentions"]] == [viewer.username]
    assert [e["kind"] for e in newest["captionEntities"]] == ["MENTION", "HASHTAG", "HASHTAG", "HASHTAG"]
    assert newest["captionEntities"][0]["user"]["username"] == viewer.username


def test_a_hashtag_page_with_media_mentions_hashtags_and_me_saved_fits_the_budget(
    gql, viewer, django_assert_max_num_queries
):
    from .post_operations import HASHTAG

    rich_posts(UserFactory(), viewer, 20)
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        found = gql(HASHTAG, {"name": "#Daily", "first": 20}, token=token)["data"]["hashtag"]
    assert found["postsCount"] == 20 and len(found["posts"]["edges"]) == 20
    assert all(node["mentions"] and node["media"] and node["hashtags"] for node in nodes(found["posts"]))


def test_a_comments_page_with_mentions_and_text_entities_fits_the_budget(gql, viewer, django_assert_max_num_queries):
    from feed import services

    from .post_operations import RICH_COMMENTS

    post = PostFactory(author=viewer)
    for n in range(20):
        services.comment_add(user=viewer, post_id=post.pk, text=f"@{viewer.username} number {n}")
    token = access_token(viewer)
    with django_assert_max_num_queries(BUDGET):
        result = gql(RICH_COMMENTS, {"id": global_id("Post", post)}, token=token)
    comments = nodes(result["data"]["post"]["comments"])
    assert len(comments) == 20
    assert all(c["mentions"][0]["username"] == viewer.username for c in comments)
    assert all(c["textEntities"][0]["user"]["username"] == viewer.username for c in comments)
