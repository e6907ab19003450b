"""Seed the demo data set (feed.demo_data): long-tailed likes, comments, follows, saves and hashtags."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from feed.demo_data import DEMO_PASSWORD, DemoSize, demo_seed

__all__ = ["DEMO_PASSWORD", "Command"]


class Command(BaseCommand):
    help = (
        "Seed demo data: 2,000 users, 100,000 posts, 1,000,000 likes, 300,000 comments with 200,000 likes, "
        "60,000 follows and 50,000 saves, long-tailed like real data."
    )

    def add_arguments(self, parser):
        defaults = DemoSize()
        for name in ("users", "posts", "likes", "comments", "comment_likes", "follows", "saves"):
            parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=getattr(defaults, name))
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, users, posts, likes, comments, comment_likes, follows, saves, seed, **options):
        if users < 2 or posts < 1:
            raise CommandError("Seed at least 2 users and 1 post.")
        if User.objects.filter(username__startswith="demo_").exists():
            raise CommandError("Demo data is already there (users named demo_*).")
        started = timezone.now()
        size = DemoSize(users, posts, likes, comments, comment_likes, follows, saves)
        made = demo_seed(size=size, seed=seed, progress=lambda what, done: self.stdout.write(f"  {what}: {done}"))
        took = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"Seeded {made.users} users, {made.posts} posts, {made.likes} likes, {made.comments} comments "
            f"({made.comment_likes} liked), {made.follows} follows, {made.saves} saves in {took:.0f} s. "
            f"Log in as demo_0000 with {DEMO_PASSWORD}."
        )
