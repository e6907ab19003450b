"""A post's hashtags follow its caption, and each hashtag's `posts_count` stays exact.

What the count counts: the hashtag's posts that anyone may see, an anonymous reader included (`COUNTED`: the
privacy rule of feed.selectors with no viewer, so the posts of public accounts). The count and the search it
orders are shown to everyone, so a private account's captions must not move them: a hashtag that only private
accounts use has a count of 0, is never listed by search, and is found by name only by who may see such a post.

The count moves with F() in the transaction that links or unlinks a post of a public account, for the tags it
gains or loses only, and for all of an account's tags at once when the account turns private or public.
Locks: the author's account first (every write that moves the counts of its posts holds it, and so does the
profile edit that turns it private or public: whether its posts count cannot change under such a write), then
the post (DESIGN.md's order: accounts, posts, comments, then hashtags), hashtags in key order; missing hashtags
are inserted in name order first, so two captions naming the same new tags wait for each other instead of
deadlocking. A hashtag is never deleted: one whose posts are gone keeps its name with a count of 0 and drops
out of search.
"""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from accounts.models import User

from .models import Hashtag, Post, PostHashtag
from .selectors import _visible_to
from .text_entities import Span, distinct_keys

COUNTED = _visible_to(None, "post__author")  # the links `posts_count` counts (feed.counters repairs by it too)


def post_hashtags_set(*, post: Post, spans: list[Span], author: User) -> None:
    """The post's hashtags become those of `spans` (its caption's), in order of first appearance. The post is
    locked, or new; `author` is its author's row, read under the lock its caller took before the post's."""
    names = distinct_keys(spans)
    had = dict(PostHashtag.objects.filter(post_id=post.pk).values_list("hashtag__name", "hashtag_id"))
    missing = sorted(set(names) - set(had))
    if missing:
        Hashtag.objects.bulk_create([Hashtag(name=name) for name in missing], ignore_conflicts=True)
    tags = dict(Hashtag.objects.filter(name__in=names).values_list("name", "pk"))
    counted = not author.is_private  # COUNTED, for the one row at hand
    gained = [tags[name] for name in names if name not in had] if counted else []
    lost = [key for name, key in had.items() if name not in set(names)] if counted else []
    _locked_in_key_order([*gained, *lost])
    PostHashtag.objects.filter(post_id=post.pk).delete()
    PostHashtag.objects.bulk_create(
        PostHashtag(post_id=post.pk, hashtag_id=tags[name], post_created_at=post.created_at, position=n)
        for n, name in enumerate(names)
    )
    Hashtag.objects.filter(pk__in=gained).update(posts_count=F("posts_count") + 1)
    Hashtag.objects.filter(pk__in=lost).update(posts_count=F("posts_count") - 1)


def posts_hashtags_release(*, post_ids: Iterable[UUID]) -> None:
    """Before these posts are deleted (their links go with them), their hashtags count them no more. The
    caller holds their authors locked."""
    links = PostHashtag.objects.filter(COUNTED, post_id__in=list(post_ids))
    keys = set(links.values_list("hashtag_id", flat=True))
    _locked_in_key_order(keys)
    Hashtag.objects.filter(pk__in=keys).update(posts_count=F("posts_count") - _per_hashtag(links))


def author_hashtags_recount(*, author_id: UUID, public: bool) -> None:
    """The account turned public (its posts now count in their hashtags) or private (they count no more): one
    UPDATE however many posts and tags it has. The caller holds the account locked and has already written its
    new privacy, so no link of its posts moves meanwhile."""
    links = PostHashtag.objects.filter(post__author_id=author_id)
    tags = Hashtag.objects.filter(pk__in=links.values("hashtag_id"))
    list(tags.order_by("pk").select_for_update(no_key=True).values_list("pk"))  # key order, like every count write
    step = _per_hashtag(links)
    tags.update(posts_count=F("posts_count") + step if public else F("posts_count") - step)


def _per_hashtag(links: QuerySet[PostHashtag]) -> Subquery:
    """How many of `links` each hashtag row has, as an expression on that row."""
    return Subquery(
        links.filter(hashtag_id=OuterRef("pk")).order_by().values("hashtag_id").annotate(n=Count("*")).values("n")
    )


def _locked_in_key_order(keys: Iterable[UUID]) -> None:
    keys = list(keys)
    if keys:
        list(Hashtag.objects.filter(pk__in=keys).order_by("pk").select_for_update(no_key=True).values_list("pk"))
