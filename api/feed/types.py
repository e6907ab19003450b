from collections.abc import Callable
from datetime import datetime
from uuid import UUID

import strawberry
import strawberry_django
from django.db.models import Expression, Prefetch, QuerySet
from strawberry import Info, relay

from accounts.models import User
from api.accounts.types import UserType
from common.graphql.auth import current_user
from common.graphql.fast_fields import row_file_url, row_method
from common.graphql.file_urls import absolute_url
from common.graphql.flags import viewer_flag
from common.graphql.internals import optimize
from common.graphql.nodes import SelectorNode
from common.graphql.pagination import Connection, connection
from common.graphql.prefetch import NestedPage, unused_prefetch
from common.graphql.selections import child_info
from feed import selectors
from feed.models import Hashtag, Post, PostComment, PostMedia
from feed.text_entities import EntityKind

REPLIES_PAGE = NestedPage("replies", "parent_id", lambda info: selectors.replies())
COMMENTS_PAGE = NestedPage("comments", "post_id", lambda info: selectors.comments_top_level())
POST_LIKES_PAGE = NestedPage("likes", "post_id", lambda info: selectors.likes_of_posts(), node="user")
COMMENT_LIKES_PAGE = NestedPage("likes", "comment_id", lambda info: selectors.likes_of_comments(), node="user")
HASHTAG_POSTS_PAGE = NestedPage(
    "posts", "post_hashtags__hashtag_id", lambda info: selectors.posts_tagged(viewer=current_user(info))
)

# A post's images and hashtags ride on each row of the page query as JSON (common.json_lists): a feed page with
# media, hashtags, mentions and per-viewer flags is then the page query and one prefetch of the mentioned
# accounts, and a hashtag's page one more for the hashtag.
MEDIA_ROWS = "_media_rows"
HASHTAG_ROWS = "_hashtag_rows"
HASHTAGS_PREFETCHED = "_hashtags_prefetched"
TextEntityKind = strawberry.enum(EntityKind, name="TextEntityKind", description="What a text entity is.")


def mentions_hint(below: str | None = None):
    """Prefetch the mentioned accounts, shaped by the selection of this field (a list of users) or of the
    field `below` it (`captionEntities { user }`). Every such hint names the same relation, so the optimizer
    merges them into one query."""

    def hint(info) -> Prefetch:
        target = child_info(info, below) if below else info
        if target is None:
            return Prefetch("mentions", queryset=User.objects.none(), to_attr="_mentions_unused")
        return Prefetch("mentions", queryset=optimize(User.objects.all(), target))

    return hint


def hashtags_hint(below: str | None = None):
    """When the posts of the hashtags are asked for (`hashtags { posts }`, or `captionEntities { hashtag {
    posts } }` with `below="hashtag"`), the hashtags come from a prefetch the optimizer shapes, their first
    posts included, instead of the page query's JSON: a Hashtag made from JSON has nothing to prefetch on."""

    def hint(info) -> Prefetch:
        target = child_info(info, below) if below else info
        if target is None or child_info(target, "posts") is None:
            return unused_prefetch("hashtags", Hashtag)
        hashtags = optimize(selectors.hashtags_in_caption_order(), target)
        loading, deferring = hashtags.query.deferred_loading
        if not deferring:  # text entities find their hashtag by name
            hashtags = hashtags.only(*loading, "name")
        return Prefetch("hashtags", queryset=hashtags, to_attr=HASHTAGS_PREFETCHED)

    return hint


def _annotated(root, attr: str, expression: Callable[[], Expression]):
    """The value of a page-query annotation on `root`, or, for an object that did not come from such a query
    (a payload's new edge), the same expression for its one row. The expression is made only then: building
    one costs more than the rest of the field (it was a third of a hashtag page's time)."""
    if hasattr(root, attr):
        return getattr(root, attr)
    return type(root).objects.filter(pk=root.pk).annotate(**{attr: expression()}).values_list(attr, flat=True).get()


def _media_rows(post: Post) -> list[dict]:
    return sorted(_annotated(post, MEDIA_ROWS, selectors.post_media_rows) or [], key=lambda row: row["position"])


def _media_item(post: Post, row: dict) -> PostMedia:
    return PostMedia(
        id=UUID(row["id"]),
        post_id=post.pk,
        position=row["position"],
        image=row["image"],
        width=row["width"],
        height=row["height"],
        alt_text=row["alt_text"],
    )


def _hashtags_of(post: Post) -> list[Hashtag]:
    if hasattr(post, HASHTAGS_PREFETCHED):
        return getattr(post, HASHTAGS_PREFETCHED)
    rows = sorted(_annotated(post, HASHTAG_ROWS, selectors.post_hashtag_rows) or [], key=lambda r: r["position"])
    return [Hashtag(id=UUID(row["id"]), name=row["name"], posts_count=row["posts_count"]) for row in rows]


def _in_order_of_mention(users, entities: list[dict]) -> list[User]:
    order = {entity["user"]: n for n, entity in enumerate(entities) if "user" in entity}
    return sorted(users, key=lambda user: order.get(str(user.pk), len(order)))


def _entities(stored: list[dict], users, hashtags: list[Hashtag]) -> list["TextEntityType"]:
    by_key = {str(user.pk): user for user in users}
    by_name = {hashtag.name: hashtag for hashtag in hashtags}
    return [
        TextEntityType(
            kind=TextEntityKind(entity["kind"]),
            start=entity["start"],
            end=entity["end"],
            text=entity["text"],
            user=by_key.get(entity.get("user")),
            hashtag=by_name.get(entity.get("hashtag")),
        )
        for entity in stored
    ]


@strawberry_django.type(
    PostMedia, name="PostMedia", description="One image of a post: a re-encoded JPEG, at most 1080 px on its long side."
)
class PostMediaType(SelectorNode, relay.Node):
    width: int
    height: int
    alt_text: str = strawberry_django.field(description="For screen readers (at most 1,000 characters); may be empty.")

    @row_file_url("image")
    @strawberry_django.field(only=["image"], description="Absolute URL of the JPEG.")
    def url(self, info: Info) -> str:
        return absolute_url(info.context.request, self.image)

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[PostMedia]:
        return selectors.media_visible(viewer=current_user(info))


@strawberry_django.type(Hashtag, name="Hashtag", description="A hashtag, and the posts whose captions carry it.")
class HashtagType(SelectorNode, relay.Node):
    name: str = strawberry_django.field(
        description="Its normal form, without `#`: case folded (NFC of the case fold of the NFD), as it is matched."
    )
    posts_count: int = strawberry_django.field(
        description=(
            "How many posts of public accounts carry it: the same number for everyone, so posts of private "
            "accounts are never counted, not even those you may see in `posts`."
        )
    )

    @connection(
        Connection["PostType"],
        description="Its posts that you may see, newest first.",
        prefetch_related=[HASHTAG_POSTS_PAGE.hint],
    )
    def posts(self, info: Info) -> QuerySet[Post]:
        return HASHTAG_POSTS_PAGE.of(
            self, info, lambda: selectors.posts_with_hashtag(viewer=current_user(info), hashtag=self)
        )

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[Hashtag]:
        return selectors.hashtags_visible(viewer=current_user(info))


@strawberry.type(
    name="TextEntity",
    description=(
        "A hashtag or a mention in a caption or a comment, so a client styles the text without parsing it. "
        "`start` and `end` are UTF-16 code unit offsets (what JavaScript and Swift strings index by), `end` "
        "exclusive."
    ),
)
class TextEntityType:
    kind: TextEntityKind
    start: int
    end: int
    text: str = strawberry.field(description="The entity as written, `#` or `@` included.")
    user: UserType | None = strawberry.field(
        description="The account a mention names; null for a hashtag, or an account deleted since."
    )
    hashtag: HashtagType | None = strawberry.field(description="The hashtag; null for a mention.")


@strawberry_django.type(
    PostComment, name="Comment", description="A comment on a post, or a reply (`parent` set) to a top-level one."
)
class CommentType(SelectorNode, relay.Node):
    author: UserType
    post: "PostType"
    parent: "CommentType | None"
    text: str
    created_at: datetime
    likes_count: int
    replies_count: int

    me_liked: bool = viewer_flag(selectors.viewer_liked_comment, description="False for anonymous readers.")

    @strawberry_django.field(
        only=["text_entities"],
        prefetch_related=[mentions_hint()],
        description="The accounts the text mentions, in order of first mention.",
    )
    def mentions(self) -> list[UserType]:
        return _in_order_of_mention(self.mentions.all(), self.text_entities)

    @strawberry_django.field(
        only=["text_entities"], prefetch_related=[mentions_hint("user")], description="Its mentions, in order."
    )
    def text_entities(self, info: Info) -> list[TextEntityType]:
        users = self.mentions.all() if child_info(info, "user") else []
        return _entities(self.text_entities, users, [])

    @connection(
        Connection["CommentType"],
        description="Replies, oldest first.",
        prefetch_related=[REPLIES_PAGE.hint],
    )
    def replies(self, info: Info) -> QuerySet[PostComment]:
        return REPLIES_PAGE.of(self, info, lambda: selectors.replies_of_comment(comment=self))

    @connection(
        Connection[UserType], description="Who liked it, newest first.", prefetch_related=[COMMENT_LIKES_PAGE.hint]
    )
    def likes(self, info: Info) -> QuerySet:
        return COMMENT_LIKES_PAGE.of(self, info, lambda: selectors.users_who_liked_comment(comment=self))

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[PostComment]:
        return selectors.comments_visible(viewer=current_user(info))


@strawberry_django.type(
    Post, name="Post", description="One to ten photos with a caption, its hashtags and mentions, counts and threads."
)
class PostType(SelectorNode, relay.Node):
    author: UserType
    caption: str
    created_at: datetime
    updated_at: datetime
    likes_count: int
    comments_count: int

    @row_method
    @strawberry_django.field(
        annotate={MEDIA_ROWS: lambda info: selectors.post_media_rows()}, description="Its images, 1 to 10, in order."
    )
    def media(self) -> list[PostMediaType]:
        return [_media_item(self, row) for row in _media_rows(self)]

    @row_method
    @strawberry_django.field(
        annotate={MEDIA_ROWS: lambda info: selectors.post_media_rows()},
        description="The first of its images, the cover (for grids).",
    )
    def image(self) -> PostMediaType:
        return _media_item(self, _media_rows(self)[0])  # only the cover: the others are not read

    @strawberry_django.field(
        annotate={HASHTAG_ROWS: lambda info: selectors.post_hashtag_rows()},
        prefetch_related=[hashtags_hint()],
        description="The caption's hashtags, in order of first appearance.",
    )
    def hashtags(self) -> list[HashtagType]:
        return _hashtags_of(self)

    @strawberry_django.field(
        only=["caption_entities"],
        prefetch_related=[mentions_hint()],
        description="The accounts the caption mentions, in order of first mention.",
    )
    def mentions(self) -> list[UserType]:
        return _in_order_of_mention(self.mentions.all(), self.caption_entities)

    @strawberry_django.field(
        only=["caption_entities"],
        annotate={HASHTAG_ROWS: lambda info: selectors.post_hashtag_rows()},
        prefetch_related=[mentions_hint("user"), hashtags_hint("hashtag")],
        description="The caption's hashtags and mentions, in order.",
    )
    def caption_entities(self, info: Info) -> list[TextEntityType]:
        users = self.mentions.all() if child_info(info, "user") else []
        return _entities(self.caption_entities, users, _hashtags_of(self))

    me_liked: bool = viewer_flag(selectors.viewer_liked_post, description="False for anonymous readers.")
    me_saved: bool = viewer_flag(
        selectors.viewer_saved_post, description="Whether you saved it; false for anonymous readers."
    )

    @connection(
        Connection[CommentType],
        description="Top-level comments, oldest first.",
        prefetch_related=[COMMENTS_PAGE.hint],
    )
    def comments(self, info: Info) -> QuerySet[PostComment]:
        return COMMENTS_PAGE.of(self, info, lambda: selectors.comments_of_post(post=self))

    @connection(
        Connection[UserType], description="Who liked it, newest first.", prefetch_related=[POST_LIKES_PAGE.hint]
    )
    def likes(self, info: Info) -> QuerySet:
        return POST_LIKES_PAGE.of(self, info, lambda: selectors.users_who_liked_post(post=self))

    @classmethod
    def visible_queryset(cls, info: Info) -> QuerySet[Post]:
        return selectors.posts_visible(viewer=current_user(info))
