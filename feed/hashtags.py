"""A post's hashtags follow its caption, and each hashtag's `posts_count` stays exact.

The count moves with F() in the transaction that links or unlinks the post, for the tags it gains or loses only.
Locks: after the post (DESIGN.md's order: accounts, posts, comments, then hashtags), hashtags in key order;
missing hashtags are inserted in name order first, so two captions naming the same new tags wait for each other
instead of deadlocking. A hashtag is never deleted: one whose posts are gone keeps its name with a count of 0
and drops out of search.
"""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Count, F, OuterRef, Subquery

from .models import Hashtag, Post, PostHashtag
from .text_entities import Span, distinct_keys


def post_hashtags_set(*, post: Post, spans: list[Span]) -> None:
    """The post's hashtags become those of `spans` (its caption's), in order of first appearance. The post is
    locked, or new."""
    names = distinct_keys(spans)
    had = dict(PostHashtag.objects.filter(post_id=post.pk).values_list("hashtag__name", "hashtag_id"))
    missing = sorted(set(names) - set(had))
    if missing:
        Hashtag.objects.bulk_create([Hashtag(name=name) for name in missing], ignore_conflicts=True)
    tags = dict(Hashtag.objects.filter(name__in=names).values_list("name", "pk"))
    gained = [tags[name] for name in names if name not in had]
    lost = [key for name, key in had.items() if name not in set(names)]
    _locked_in_key_order([*gained, *lost])
    PostHashtag.objects.filter(post_id=post.pk).delete()
    PostHashtag.objects.bulk_create(
        PostHashtag(post_id=post.pk, hashtag_id=tags[name], post_created_at=post.created_at, position=n)
        for n, name in enumerate(names)
    )
    Hashtag.objects.filter(pk__in=gained).update(posts_count=F("posts_count") + 1)
    Hashtag.objects.filter(pk__in=lost).update(posts_count=F("posts_count") - 1)


def posts_hashtags_release(*, post_ids: Iterable[UUID]) -> None:
    """Before these posts are deleted (their links go with them), their hashtags count them no more."""
    links = PostHashtag.objects.filter(post_id__in=list(post_ids))
    keys = set(links.values_list("hashtag_id", flat=True))
    _locked_in_key_order(keys)
    released = links.filter(hashtag_id=OuterRef("pk")).order_by().values("hashtag_id").annotate(n=Count("*"))
    Hashtag.objects.filter(pk__in=keys).update(posts_count=F("posts_count") - Subquery(released.values("n")))


def _locked_in_key_order(keys: Iterable[UUID]) -> None:
    keys = list(keys)
    if keys:
        list(Hashtag.objects.filter(pk__in=keys).order_by("pk").select_for_update(no_key=True).values_list("pk"))
