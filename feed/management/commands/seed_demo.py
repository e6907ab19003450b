"""Build a realistic demo data set fast: users, posts, likes, threaded comments and follows.

Rows go in with bulk inserts in batches, and the counts the services keep are then computed once with one
UPDATE per column. A handful of real JPEGs, made with Pillow and stored through the media storage, are shared by
all posts. Patterns are deterministic (no duplicate likes or follows, nobody follows themself), times are spread
over the past year. Everyone's password is `demo-password-1`.
"""

import random
import uuid
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import AuthStatus, AuthType, User
from common.database import statement_timeout_lift
from common.images import image_process_post
from feed.models import Follow, Post, PostComment, PostLike
from feed.notifications import notifications_from_activity

DEMO_PASSWORD = "demo-password-1"
IMAGE_COUNT = 8
BATCH = 5000
REPLY_SHARE = 5  # one comment in five is a reply


class Command(BaseCommand):
    help = "Seed demo data: 2,000 users, 100,000 posts, 1,000,000 likes, 300,000 comments, 60,000 follows."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=2_000)
        parser.add_argument("--posts", type=int, default=100_000)
        parser.add_argument("--likes", type=int, default=1_000_000)
        parser.add_argument("--comments", type=int, default=300_000)
        parser.add_argument("--follows", type=int, default=60_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, users, posts, likes, comments, follows, seed, **options):
        if users < 2 or posts < 1:
            raise CommandError("Seed at least 2 users and 1 post.")
        if User.objects.filter(username__startswith="demo_").exists():
            raise CommandError("Demo data is already there (users named demo_*).")
        likes = min(likes, users * posts)
        follows = min(follows, users * (users - 1))
        rng = random.Random(seed)
        started = timezone.now()
        statement_timeout_lift()  # the recount below updates every row in one statement per column
        with _explicit_timestamps(User, Post, PostComment, PostLike, Follow), transaction.atomic():
            user_ids = self._users(users, started, rng)
            images = self._images()
            post_ids = self._posts(posts, user_ids, images, started, rng)
            self._likes(likes, user_ids, post_ids, started, rng)
            self._comments(comments, user_ids, post_ids, started, rng)
            self._follows(follows, user_ids, started, rng)
            notifications_from_activity()
            self._counts()
        took = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"Seeded {users} users, {posts} posts, {likes} likes, {comments} comments, {follows} follows "
            f"in {took:.0f} s. Log in as demo_0000 with {DEMO_PASSWORD}."
        )

    def _users(self, count, now, rng):
        password = make_password(DEMO_PASSWORD)
        rows = [
            User(
                id=uuid.uuid4(),
                username=f"demo_{n:04d}",
                email=f"demo_{n:04d}@example.com",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=password,
                auth_type=AuthType.VIA_EMAIL,
                auth_status=AuthStatus.PHOTO_DONE,
                is_private=n % 10 == 9,
                created_at=now - timedelta(days=400),
                updated_at=now,
            )
            for n in range(count)
        ]
        User.objects.bulk_create(rows, batch_size=BATCH)
        self._progress("users", count)
        return [row.id for row in rows]

    def _images(self):
        names = []
        for n in range(IMAGE_COUNT):
            image = Image.new("RGB", (1200, 900), PALETTE[n % len(PALETTE)])
            ImageDraw.Draw(image).ellipse((300, 150, 900, 750), fill=PALETTE[(n + 3) % len(PALETTE)])
            buffer = BytesIO()
            image.save(buffer, "JPEG")
            buffer.seek(0)
            processed = image_process_post(ContentFile(buffer.getvalue(), name="demo.jpg"))
            names.append((default_storage.save(f"posts/demo-{n}.jpg", processed.content), processed))
        return names

    def _posts(self, count, user_ids, images, now, rng):
        ids = []
        for start in range(0, count, BATCH):
            rows = []
            for n in range(start, min(start + BATCH, count)):
                name, processed = images[n % len(images)]
                created = now - timedelta(seconds=rng.randint(0, 365 * 86400))
                row = Post(
                    id=uuid.uuid4(),
                    author_id=user_ids[n % len(user_ids)],
                    image=name,
                    image_width=processed.width,
                    image_height=processed.height,
                    caption=rng.choice(CAPTIONS),
                    created_at=created,
                    updated_at=created,
                )
                rows.append(row)
            Post.objects.bulk_create(rows)
            ids += [row.id for row in rows]
            self._progress("posts", len(ids))
        return ids

    def _likes(self, count, user_ids, post_ids, now, rng):
        """User u likes posts (u * stride + k * step) mod P for k = 0, 1, ...: distinct for each user."""
        per_user = -(-count // len(user_ids))
        step = _coprime_step(len(post_ids))
        made = 0
        rows = []
        for u, user_id in enumerate(user_ids):
            for k in range(min(per_user, len(post_ids), count - made)):
                post_id = post_ids[(u * per_user + k * step) % len(post_ids)]
                created = now - timedelta(seconds=rng.randint(0, 300 * 86400))
                rows.append(
                    PostLike(id=uuid.uuid4(), user_id=user_id, post_id=post_id, created_at=created, updated_at=created)
                )
                made += 1
            if len(rows) >= BATCH or made == count:
                PostLike.objects.bulk_create(rows)
                rows = []
                self._progress("likes", made)
            if made == count:
                break

    def _comments(self, count, user_ids, post_ids, now, rng):
        top_level_ids = []
        rows = []
        for n in range(count):
            created = now - timedelta(seconds=rng.randint(0, 300 * 86400))
            reply_to = top_level_ids[rng.randrange(len(top_level_ids))] if n % REPLY_SHARE == 4 else None
            row = PostComment(
                id=uuid.uuid4(),
                author_id=user_ids[rng.randrange(len(user_ids))],
                post_id=reply_to[1] if reply_to else post_ids[rng.randrange(len(post_ids))],
                parent_id=reply_to[0] if reply_to else None,
                text=rng.choice(COMMENTS),
                created_at=created,
                updated_at=created,
            )
            if reply_to is None:
                top_level_ids.append((row.id, row.post_id))
            rows.append(row)
            if len(rows) >= BATCH or n == count - 1:
                PostComment.objects.bulk_create(rows)
                rows = []
                self._progress("comments", n + 1)

    def _follows(self, count, user_ids, now, rng):
        """demo_0000 follows everyone (the heavy home feed); every other user u follows u + 1 + k * step
        (mod U): distinct, and never u itself."""
        users = len(user_ids)
        pairs = [(0, target) for target in range(1, users)][:count]
        others = max(users - 1, 1)
        per_user = -(-(count - len(pairs)) // others)
        step = max(1, (users - 2) // max(per_user, 1))
        for u in range(1, users):
            for k in range(per_user):
                if len(pairs) == count:
                    break
                pairs.append((u, (u + 1 + k * step) % users))
        rows = []
        for follower, target in pairs:
            created = now - timedelta(seconds=rng.randint(0, 300 * 86400))
            rows.append(
                Follow(
                    id=uuid.uuid4(), follower_id=user_ids[follower], following_id=user_ids[target],
                    created_at=created, updated_at=created,
                )
            )  # fmt: skip
        Follow.objects.bulk_create(rows, batch_size=BATCH)
        self._progress("follows", len(rows))

    def _counts(self):
        """The counts the services keep with F(), computed once for the whole data set."""
        demo_posts = Post.objects.filter(author__username__startswith="demo_")
        demo_posts.update(
            likes_count=_count(PostLike, "post"),
            comments_count=_count(PostComment, "post"),
        )
        PostComment.objects.filter(post__in=demo_posts).update(replies_count=_count(PostComment, "parent"))
        User.objects.filter(username__startswith="demo_").update(
            posts_count=_count(Post, "author"),
            followers_count=_count(Follow, "following"),
            following_count=_count(Follow, "follower"),
        )
        self._progress("counts", 1)

    def _progress(self, what, done):
        self.stdout.write(f"  {what}: {done}")


def _count(model, field):
    counted = (
        model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


def _coprime_step(size: int) -> int:
    from math import gcd

    step = 7919  # a prime; any step coprime with the size visits every post once per cycle
    while gcd(step, size) != 1:
        step += 2
    return step


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
