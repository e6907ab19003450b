"""The counts kept beside the rows they count (a user's posts and follows, a post's likes and comments, a
comment's likes and replies, a hashtag's posts of public accounts), each said once as the rows it counts. The
services move them with F() in the transaction of each write; `manage.py recount` compares them with fresh
counts and repairs them, and deleting an account refreshes the rows its deletion touched."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User

from .hashtags import COUNTED
from .models import CommentLike, Follow, Hashtag, Post, PostComment, PostHashtag, PostLike


@dataclass(frozen=True)
class Counter:
    name: str
    model: type[models.Model]
    field: str
    counted: type[models.Model]
    link: str  # the counted model's foreign key to the row that keeps the count
    where: Q = field(default_factory=Q)  # which of those rows count, when not all of them do

    def fresh(self) -> Coalesce:
        """COUNT(*) of the counted rows of each row, as an expression on that row."""
        rows = self.counted.objects.filter(self.where, **{self.link: OuterRef("pk")}).order_by().values(self.link)
        return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)

    def drifted(self, rows: models.QuerySet | None = None) -> models.QuerySet:
        """The rows (of `rows`, or all) whose kept count disagrees with their rows."""
        rows = self.model.objects.all() if rows is None else rows
        return rows.alias(fresh=self.fresh()).exclude(**{self.field: F("fresh")})

    def repair(self, rows: models.QuerySet | None = None) -> int:
        """Set every drifted count to its fresh count; returns how many rows changed. Two statements: the first
        locks the drifted rows, the second (a new snapshot) counts and writes. Every write that moves a count
        holds the row's lock first, so while we hold it no count and no counted row of it can move; one
        statement alone would count under its starting snapshot and could miss a like that committed while
        it waited for the row."""
        with transaction.atomic():
            list(self.drifted(rows).select_for_update(no_key=True).values_list("pk", flat=True))
            return self.drifted(rows).update(**{self.field: self.fresh()})


COUNTERS = (
    Counter("user.posts_count", User, "posts_count", Post, "author"),
    Counter("user.followers_count", User, "followers_count", Follow, "following"),
    Counter("user.following_count", User, "following_count", Follow, "follower"),
    Counter("post.likes_count", Post, "likes_count", PostLike, "post"),
    Counter("post.comments_count", Post, "comments_count", PostComment, "post"),
    Counter("comment.likes_count", PostComment, "likes_count", CommentLike, "comment"),
    Counter("comment.replies_count", PostComment, "replies_count", PostComment, "parent"),
    Counter("hashtag.posts_count", Hashtag, "posts_count", PostHashtag, "hashtag", COUNTED),
)


def counters_drift() -> dict[str, int]:
    """How many rows disagree, per counter."""
    return {counter.name: counter.drifted().count() for counter in COUNTERS}


def counters_repair() -> dict[str, int]:
    """Repair every counter over the whole database: one UPDATE per counter, however many rows drifted."""
    return {counter.name: counter.repair() for counter in COUNTERS}


def counts_refresh(*, users: Iterable[UUID], posts: Iterable[UUID], comments: Iterable[UUID]) -> None:
    """Make exact the counts of these rows only (the ones a deletion touched)."""
    keys = {User: list(users), Post: list(posts), PostComment: list(comments)}
    for counter in COUNTERS:
        if keys.get(counter.model):  # hashtags: the deletion released them itself (feed.hashtags)
            counter.repair(counter.model.objects.filter(pk__in=keys[counter.model]))
