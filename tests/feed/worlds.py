"""Data for the query-count tests: the same shapes at a small and a large number of parents.

Every parent gets the same children (three likers, three comments with two replies and two likes each, three
followers...), so a document whose query count grows with the parents shows it at once.
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from feed import services
from feed.media import MediaUpload
from feed.models import CommentLike, Follow, FollowRequest, Post, PostComment, PostLike, SavedPost
from tests.factories import UserFactory, access_token
from tests.images import image_bytes

LIKERS = 3
COMMENTS = 3
REPLIES = 2


@dataclass
class World:
    viewer: User
    token: str
    posts: list[Post] = field(default_factory=list)
    comments: list[PostComment] = field(default_factory=list)
    users: list[User] = field(default_factory=list)


def viewer_world() -> World:
    viewer = UserFactory(username="the.viewer")
    return World(viewer=viewer, token=access_token(viewer))


def people(prefix: str, count: int, **fields) -> list[User]:
    return [UserFactory(username=f"{prefix}{n:02d}", password=None, **fields) for n in range(count)]


def post_made(author: User, caption: str = "") -> Post:
    upload = MediaUpload(SimpleUploadedFile("i.jpg", image_bytes()), "alt")
    return services.post_create(user=author, media=[upload], caption=caption)


def likes_made(posts: list[Post], likers: list[User]) -> None:
    PostLike.objects.bulk_create(PostLike(post=post, user=user) for post in posts for user in likers)


def comments_made(post: Post, authors: list[User], count: int, *, replies: int = REPLIES) -> list[PostComment]:
    """`count` top-level comments, each mentioning its author, with `replies` replies and a like per author."""
    made = []
    for n in range(count):
        author = authors[n % len(authors)]
        comment = services.comment_add(user=author, post_id=post.pk, text=f"@{author.username} comment {n}")
        for r in range(replies):
            services.comment_add(user=author, post_id=post.pk, text=f"reply {r}", parent_id=comment.pk)
        made.append(comment)
    CommentLike.objects.bulk_create(CommentLike(comment=c, user=u) for c in made for u in authors)
    return made


def follows_made(pairs) -> None:
    Follow.objects.bulk_create(Follow(follower=a, following=b) for a, b in pairs)


def posts_world(count: int) -> World:
    """`count` posts by one public author, newest last in the list: each mentions the three likers and carries
    two hashtags of its own and one they all share; each is liked by the likers and has comments with replies."""
    world = viewer_world()
    author = UserFactory(username="the.author")
    likers = people("liker.", LIKERS)
    follows_made([(liker, author) for liker in likers] + [(author, liker) for liker in likers])
    mentions = " ".join(f"@{liker.username}" for liker in likers)
    for n in range(count):
        post = post_made(author, f"post {n} {mentions} #shared #tag{n}a #tag{n}b")
        world.posts.append(post)
        world.comments += comments_made(post, likers, COMMENTS)
    likes_made(world.posts, likers)
    world.users = likers
    return world


def comments_world(count: int) -> World:
    """One post with `count` top-level comments, each with replies, likes and a mention."""
    world = viewer_world()
    likers = people("liker.", LIKERS)
    post = post_made(UserFactory(username="the.author"), "one post")
    world.posts = [post]
    world.comments = comments_made(post, likers, count)
    world.users = likers
    return world


def users_world(count: int) -> World:
    """`count` accounts named `grid.NN`, every other one private and the viewer following one private account
    in two: each has two posts, three followers and follows three accounts."""
    world = viewer_world()
    others = people("other.", 3)
    users = []
    for n in range(count):
        private = n % 2 == 1
        user = UserFactory(username=f"grid.{n:02d}", is_private=private, password=None)
        for k in range(2):
            post_made(user, f"grid {n} post {k}")
        follows_made([(other, user) for other in others] + [(user, other) for other in others])
        if private and n % 4 == 1:
            follows_made([(world.viewer, user)])
        users.append(user)
    world.users = users
    return world


def mentioned_world(count: int) -> World:
    """One post mentioning `count` accounts and carrying `count` hashtags, each account with followers and each
    hashtag on one more post."""
    world = viewer_world()
    mentioned = people("named.", count)
    others = people("other.", 3)
    follows_made([(other, user) for other in others for user in mentioned])
    author = UserFactory(username="the.author")
    names = " ".join(f"@{user.username}" for user in mentioned)
    tags = " ".join(f"#topic{n}" for n in range(count))
    for n in range(count):
        post_made(author, f"older #topic{n}")
    world.posts = [post_made(author, f"{names} {tags}")]
    world.users = mentioned
    return world


def root_world(count: int) -> World:
    """`count` of everything a root connection lists for the viewer: posts (saved, in the feed), hashtags,
    accounts found by search, follow requests and notifications."""
    world = viewer_world()
    users = people("found.", count)
    follows_made([(world.viewer, user) for user in users])
    for n, user in enumerate(users):
        post = post_made(user, f"#root{n} post {n}")
        world.posts.append(post)
        SavedPost.objects.create(user=world.viewer, post=post)
        services.comment_add(user=user, post_id=post.pk, text=f"@{world.viewer.username} hello")
    requesters = people("asker.", count)
    FollowRequest.objects.bulk_create(
        FollowRequest(requester=user, target=world.viewer, created_at=timezone.now()) for user in requesters
    )
    world.users = users
    return world
