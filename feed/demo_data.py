"""A realistic demo data set, fast: users, posts (most one image, some carousels), captions with hashtags and
mentions, likes, threaded comments with mentions and likes, follows and saves. `manage.py seed_demo` runs it.

Real data is long-tailed, and that is what exposes slow plans: a few accounts post most, a few posts and accounts
draw most likes, comments and follows, a few hashtags carry most posts. Every choice of a post, an account or
a hashtag here is drawn from a Zipf-like weight over a random ranking (weight 1/rank^s), so the head is heavy
and the tail long; the totals asked for are met exactly. Rows go in with bulk inserts in batches, and the
counts the services keep are then computed once (feed.counters), one UPDATE per column. A handful of real JPEGs,
made with Pillow and stored through the media storage, are shared by every image. Times are spread over the
past year; everyone's password is `demo-password-1`.
"""

import random
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import AuthStatus, AuthType, User
from common.database import statement_timeout_lift
from common.images import image_process_post

from .counters import counters_repair
from .models import (
    CommentLike,
    CommentMention,
    Follow,
    Hashtag,
    Post,
    PostComment,
    PostHashtag,
    PostLike,
    PostMedia,
    PostMention,
    SavedPost,
)
from .notifications import notifications_from_activity
from .text_entities import entities_make, hashtag_normal_form, hashtag_spans, mention_spans

DEMO_PASSWORD = "demo-password-1"
IMAGE_COUNT = 8
BATCH = 5000
REPLY_SHARE = 5  # one comment in five is a reply

# Shapes of the long tails: weight 1/rank^s. Posts per author and likes given per account are gentler than the
# popularity of posts, accounts (followers) and hashtags.
AUTHORS_S, ACTIVITY_S, POSTS_S, ACCOUNTS_S, COMMENTS_S, TAGS_S = 0.6, 0.8, 0.9, 1.1, 1.0, 1.1
CAROUSEL_SHARE = 0.25  # a quarter of posts have 2-10 images, the rest one
TAGS_PER_CAPTION = [(0, 40), (1, 15), (2, 12), (3, 10), (4, 6), (5, 5), (6, 3), (8, 4), (12, 3), (20, 1.5), (30, 0.5)]
POST_MENTION_SHARE, COMMENT_MENTION_SHARE = 0.10, 0.05

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class DemoSize:
    users: int = 2_000
    posts: int = 100_000
    likes: int = 1_000_000
    comments: int = 300_000
    comment_likes: int = 200_000
    follows: int = 60_000
    saves: int = 50_000

    def bounded(self) -> "DemoSize":
        """The same sizes, cut to what distinct pairs allow."""
        return DemoSize(
            users=self.users,
            posts=self.posts,
            likes=min(self.likes, self.users * self.posts),
            comments=self.comments,
            comment_likes=min(self.comment_likes, self.users * self.comments),
            follows=min(self.follows, self.users * (self.users - 1)),
            saves=min(self.saves, self.users * self.posts),
        )


def demo_seed(*, size: DemoSize, seed: int = 42, progress: Progress = lambda what, done: None) -> DemoSize:
    """Seed the data set in one transaction; returns the sizes made."""
    size = size.bounded()
    statement_timeout_lift()  # the recount updates every row in one statement per column
    models = (User, Post, PostMedia, PostComment, PostLike, CommentLike, Follow, SavedPost, Hashtag, PostHashtag)
    with _explicit_timestamps(*models, PostMention, CommentMention), transaction.atomic():
        _Seeder(size, random.Random(seed), timezone.now(), progress).run()
    if connection.vendor == "postgresql":
        # Fresh statistics: autovacuum comes later, and until then the planner takes the busiest post for one
        # with 8 comments (a benchmark run right after seeding measured plans no one would get).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return size


class _Seeder:
    def __init__(self, size: DemoSize, rng: random.Random, now: datetime, progress: Progress):
        self.size, self.rng, self.now, self.progress = size, rng, now, progress
        users = size.users
        self.authors = _long_tail(users, AUTHORS_S, rng)  # who posts
        self.activity = _long_tail(users, ACTIVITY_S, rng)  # who likes, comments, follows, saves
        self.accounts = _long_tail(users, ACCOUNTS_S, rng)  # who is followed and mentioned
        self.popularity = _long_tail(size.posts, POSTS_S, rng)  # which posts draw likes, comments, saves

    def run(self) -> None:
        self.user_ids = self._users()
        self.usernames = {f"demo_{n:04d}": key for n, key in enumerate(self.user_ids)}
        self.post_ids = self._posts(self._images(), self._hashtags())
        self._pairs_insert(
            "likes", self.size.likes, self.activity, self.popularity, self.user_ids, self.post_ids, PostLike
        )
        comment_ids = self._comments()
        self._pairs_insert(
            "comment likes",
            self.size.comment_likes,
            self.activity,
            _long_tail(len(comment_ids), COMMENTS_S, self.rng),
            self.user_ids,
            comment_ids,
            CommentLike,
            right_field="comment_id",
        )
        self._follows()
        self._pairs_insert(
            "saves", self.size.saves, self.activity, self.popularity, self.user_ids, self.post_ids, SavedPost
        )
        counters_repair()
        self.progress("counts", 1)
        self.progress("notifications", notifications_from_activity())

    def _when(self, days: int = 365) -> datetime:
        return self.now - timedelta(seconds=self.rng.randint(0, days * 86400))

    def _users(self) -> list[uuid.UUID]:
        password = make_password(DEMO_PASSWORD)
        rows = [
            User(
                id=uuid.uuid4(),
                username=f"demo_{n:04d}",
                email=f"demo_{n:04d}@example.com",
                first_name=self.rng.choice(FIRST_NAMES),
                last_name=self.rng.choice(LAST_NAMES),
                password=password,
                auth_type=AuthType.VIA_EMAIL,
                auth_status=AuthStatus.PHOTO_DONE,
                is_private=n % 10 == 9,
                created_at=self.now - timedelta(days=400),
                updated_at=self.now,
            )
            for n in range(self.size.users)
        ]
        User.objects.bulk_create(rows, batch_size=BATCH)
        self.progress("users", len(rows))
        return [row.id for row in rows]

    def _images(self) -> list[tuple[str, int, int]]:
        images = []
        for n in range(IMAGE_COUNT):
            image = Image.new("RGB", (1200, 900), PALETTE[n % len(PALETTE)])
            ImageDraw.Draw(image).ellipse((300, 150, 900, 750), fill=PALETTE[(n + 3) % len(PALETTE)])
            buffer = BytesIO()
            image.save(buffer, "JPEG")
            processed = image_process_post(ContentFile(buffer.getvalue(), name="demo.jpg"))
            name = default_storage.save(f"posts/demo-{n}.jpg", processed.content)
            images.append((name, processed.width, processed.height))
        return images

    def _hashtags(self) -> dict[str, uuid.UUID]:
        names = list(dict.fromkeys(hashtag_normal_form(tag) for tag in TAG_WORDS))
        rows = [Hashtag(id=uuid.uuid4(), name=name, created_at=self.now, updated_at=self.now) for name in names]
        Hashtag.objects.bulk_create(rows, batch_size=BATCH)
        self.tag_names = names  # most popular first: the vocabulary is written in that order
        self.tag_weights = list(accumulate(1 / (rank + 1) ** TAGS_S for rank in range(len(names))))
        return {row.name: row.id for row in rows}

    def _posts(self, images, tag_ids) -> list[uuid.UUID]:
        ids = []
        for start in range(0, self.size.posts, BATCH):
            posts, media, tags, mentions = [], [], [], []
            for _ in range(start, min(start + BATCH, self.size.posts)):
                created = self._when()
                post = Post(id=uuid.uuid4(), author_id=self._pick(self.user_ids, self.authors), created_at=created)
                post.updated_at = created
                mentioned = self._mentioned(POST_MENTION_SHARE, extra=0.2)
                post.caption = _caption(self.rng.choice(CAPTIONS), mentioned, self._tags())
                spans = hashtag_spans(post.caption)
                resolved = {span: self.usernames[span.key] for span in mention_spans(post.caption)}
                post.caption_entities = entities_make(post.caption, spans, resolved)
                posts.append(post)
                for position in range(self._image_count()):
                    name, width, height = images[self.rng.randrange(len(images))]
                    media.append(
                        PostMedia(
                            post_id=post.id, position=position, image=name, width=width, height=height,
                            created_at=created, updated_at=created,
                        )
                    )  # fmt: skip
                for position, name in enumerate(dict.fromkeys(span.key for span in spans)):
                    tags.append(
                        PostHashtag(
                            post_id=post.id, hashtag_id=tag_ids[name], post_created_at=created, position=position,
                            created_at=created, updated_at=created,
                        )
                    )  # fmt: skip
                for user_id in set(resolved.values()):
                    mentions.append(
                        PostMention(post_id=post.id, user_id=user_id, created_at=created, updated_at=created)
                    )
            Post.objects.bulk_create(posts)
            PostMedia.objects.bulk_create(media)
            PostHashtag.objects.bulk_create(tags)
            PostMention.objects.bulk_create(mentions)
            ids += [post.id for post in posts]
            self.progress("posts", len(ids))
        return ids

    def _comments(self) -> list[uuid.UUID]:
        top_level, ids, rows, mentions = [], [], [], []
        for n in range(self.size.comments):
            created = self._when(300)
            reply_to = top_level[self.rng.randrange(len(top_level))] if n % REPLY_SHARE == 4 else None
            mentioned = self._mentioned(COMMENT_MENTION_SHARE, extra=0)
            text = _caption(self.rng.choice(COMMENTS), mentioned, [])
            resolved = {span: self.usernames[span.key] for span in mention_spans(text)}
            row = PostComment(
                id=uuid.uuid4(),
                author_id=self._pick(self.user_ids, self.activity),
                post_id=reply_to[1] if reply_to else self._pick(self.post_ids, self.popularity),
                parent_id=reply_to[0] if reply_to else None,
                text=text,
                text_entities=entities_make(text, [], resolved),
                created_at=created,
                updated_at=created,
            )
            if reply_to is None:
                top_level.append((row.id, row.post_id))
            rows.append(row)
            ids.append(row.id)
            mentions += [
                CommentMention(comment_id=row.id, user_id=key, created_at=created, updated_at=created)
                for key in set(resolved.values())
            ]
            if len(rows) >= BATCH or n == self.size.comments - 1:
                PostComment.objects.bulk_create(rows)
                CommentMention.objects.bulk_create(mentions)
                rows, mentions = [], []
                self.progress("comments", n + 1)
        return ids

    def _follows(self) -> None:
        """demo_0000 follows everyone (the heaviest home feed); the other follows go from active accounts to
        popular ones, so a few accounts have most followers and most accounts a few dozen."""
        users = self.size.users
        first = [(0, target) for target in range(1, users)][: self.size.follows]
        seen = {follower * users + target for follower, target in first}
        self._pairs_insert(
            "follows",
            self.size.follows,
            self.activity,
            self.accounts,
            self.user_ids,
            self.user_ids,
            Follow,
            left_field="follower_id",
            right_field="following_id",
            first=first,
            seen=seen,
        )

    def _pairs_insert(
        self,
        what: str,
        count: int,
        left_weights: list[float],
        right_weights: list[float],
        left_ids: Sequence[uuid.UUID],
        right_ids: Sequence[uuid.UUID],
        model,
        *,
        left_field: str = "user_id",
        right_field: str = "post_id",
        first: list[tuple[int, int]] | None = None,
        seen: set[int] | None = None,
    ) -> None:
        """`count` distinct pairs (nobody paired with themself), each side drawn from its long tail."""
        pairs, seen = list(first or []), seen if seen is not None else set()
        width = len(right_ids)
        same = left_ids is right_ids
        tries = 0
        while len(pairs) < count:
            if tries > 20 * count:  # the heads are saturated: fill the rest evenly
                left_weights = right_weights = None
            lefts = self.rng.choices(range(len(left_ids)), cum_weights=left_weights, k=BATCH)
            rights = self.rng.choices(range(width), cum_weights=right_weights, k=BATCH)
            tries += BATCH
            for left, right in zip(lefts, rights, strict=True):
                key = left * width + right
                if key in seen or (same and left == right):
                    continue
                seen.add(key)
                pairs.append((left, right))
                if len(pairs) == count:
                    break
        for start in range(0, len(pairs), BATCH):
            rows = []
            for left, right in pairs[start : start + BATCH]:
                created = self._when(300)
                fields = {left_field: left_ids[left], right_field: right_ids[right]}
                rows.append(model(id=uuid.uuid4(), created_at=created, updated_at=created, **fields))
            model.objects.bulk_create(rows)
            self.progress(what, min(start + BATCH, len(pairs)))

    def _pick(self, ids: Sequence[uuid.UUID], weights: list[float]) -> uuid.UUID:
        return self.rng.choices(ids, cum_weights=weights)[0]

    def _image_count(self) -> int:
        if self.rng.random() >= CAROUSEL_SHARE:
            return 1
        count = 2
        while count < 10 and self.rng.random() < 0.45:
            count += 1
        return count

    def _tags(self) -> list[str]:
        counts, weights = zip(*TAGS_PER_CAPTION, strict=True)
        wanted = self.rng.choices(counts, weights=weights)[0]
        return list(dict.fromkeys(self.rng.choices(self.tag_names, cum_weights=self.tag_weights, k=wanted)))

    def _mentioned(self, share: float, *, extra: float) -> list[str]:
        """Usernames to mention: none mostly; one in `share` texts, sometimes (`extra`) two or three."""
        if self.rng.random() >= share:
            return []
        count = self.rng.choice([2, 3]) if self.rng.random() < extra else 1
        return [
            f"demo_{self.rng.choices(range(self.size.users), cum_weights=self.accounts)[0]:04d}" for _ in range(count)
        ]


def _long_tail(count: int, s: float, rng: random.Random) -> list[float]:
    """Cumulative weights over `count` items: a random ranking, weight 1/rank^s."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return list(accumulate(1 / rank**s for rank in ranks))


def _caption(text: str, mentioned: list[str], tags: list[str]) -> str:
    parts = [text, *(f"with @{name}" for name in mentioned), " ".join(f"#{tag}" for tag in tags)]
    return " ".join(part for part in parts if part)


@contextmanager
def _explicit_timestamps(*models):
    """Let bulk inserts keep the spread-out times we give them instead of now()."""
    fields = [model._meta.get_field(name) for model in models for name in ("created_at", "updated_at")]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Margaret"]
LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Lee"]
CAPTIONS = ["Golden hour", "Weekend mood", "Coffee first", "", "Out west", "New place, who dis", "Throwback", "Yes."]
COMMENTS = ["Love this!", "Where is this?", "So good", "Wow", "Take me there", "Great shot", "Haha", "Beautiful"]
PALETTE = [(233, 79, 55), (57, 62, 70), (246, 247, 235), (68, 187, 164), (63, 136, 197), (255, 186, 8), (136, 73, 143)]
# The hashtag vocabulary, most used first: the head is a few everyday words, the tail many rarer ones (several
# scripts, as a real app's are).
_WORDS = [
    "love", "instagood", "photooftheday", "fashion", "beautiful", "happy", "cute", "tbt", "like4like", "followme",
    "picoftheday", "selfie", "summer", "art", "instadaily", "friends", "repost", "nature", "girl", "fun", "style",
    "smile", "food", "travel", "sunset", "beach", "coffee", "dog", "cat", "fitness", "music", "family", "life",
    "sky", "photography", "city", "mountains", "weekend", "goldenhour", "throwback", "кот", "москва", "природа",
    "o\u02bbzbekiston", "toshkent", "samarqand", "g\u02bbalaba", "café", "straße", "東京", "ramen", "yoga", "running",
]  # fmt: skip
TAG_WORDS = _WORDS + [f"{word}{n}" for n in range(2, 60) for word in _WORDS[:40]]
