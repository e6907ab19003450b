"""The tests' own oracle for the kept counts, written apart from feed.counters so that it can judge it: every
count column beside a fresh COUNT of the rows it counts."""

from django.db.models import Count, F

from accounts.models import User
from feed.models import Post, PostComment

# (model, count column, the relation whose rows it counts)
KEPT_COUNTS = [
    (User, "posts_count", "posts"),
    (User, "followers_count", "follower_set"),
    (User, "following_count", "following_set"),
    (Post, "likes_count", "likes"),
    (Post, "comments_count", "comments"),
    (PostComment, "likes_count", "likes"),
    (PostComment, "replies_count", "replies"),
]


def count_mismatches() -> list[str]:
    """One line per row whose count disagrees with its rows; empty when every count is exact."""
    found = []
    for model, column, relation in KEPT_COUNTS:
        rows = model.objects.annotate(fresh=Count(relation)).exclude(**{column: F("fresh")})
        for pk, kept, fresh in rows.values_list("pk", column, "fresh"):
            found.append(f"{model.__name__} {pk}: {column} {kept}, rows {fresh}")
    return found
