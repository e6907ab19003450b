"""Feed reads. The privacy rule is written once here, in `_visible_to`, and every read path uses it.

A private account's posts, their comments and likes, and the account's follower lists are seen only by the
owner and approved followers; everything else is public.
"""

from uuid import UUID

from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, UUIDField, Value
from django.db.models.functions import Concat, Lower

from accounts.models import AuthStatus, User
from common.errors import NotAllowedYet
from common.json_lists import json_rows

from .models import (
    CommentLike,
    Follow,
    FollowRequest,
    Hashtag,
    Post,
    PostComment,
    PostHashtag,
    PostLike,
    PostMedia,
    SavedPost,
)
from .text_entities import hashtag_name_parse, hashtag_prefix_parse

NEWEST_FIRST = ("-created_at", "-id")
OLDEST_FIRST = ("created_at", "id")


def _visible_to(viewer: User | None, author: str = "") -> Q:
    """The rule: the account (`author`, a path to a User, or the User rows themselves) is public, is the
    viewer, or is followed by the viewer."""
    prefix, owner_id = (f"{author}__", f"{author}_id") if author else ("", "pk")
    public = Q(**{f"{prefix}is_private": False})
    if viewer is None:
        return public
    followed = Exists(Follow.objects.filter(follower_id=viewer.pk, following_id=OuterRef(owner_id)))
    return public | Q(**{owner_id: viewer.pk}) | Q(followed)


def user_can_see_content_of(*, viewer: User | None, owner: User) -> bool:
    if not owner.is_private:
        return True  # the public case of the rule, known without a query
    return User.objects.filter(pk=owner.pk).filter(_visible_to(viewer)).exists()


def posts_visible(*, viewer: User | None) -> QuerySet[Post]:
    return Post.objects.filter(_visible_to(viewer, "author"))


def posts_explore(*, viewer: User | None) -> QuerySet[Post]:
    return posts_visible(viewer=viewer).order_by(*NEWEST_FIRST)


def posts_home_feed(*, viewer: User) -> QuerySet[Post]:
    """The posts of the accounts the viewer follows, and the viewer's own, newest first. Follows exist only
    once approved, so no privacy check is needed beyond them. Only for an account that finished sign-up."""
    if not viewer.has_status(AuthStatus.DONE):
        raise NotAllowedYet("Finish signing up to see your feed.")
    followed = Follow.objects.filter(follower_id=viewer.pk).values("following_id")
    return Post.objects.filter(Q(author_id__in=followed) | Q(author_id=viewer.pk)).order_by(*NEWEST_FIRST)


def posts_of_user(*, viewer: User | None, owner: User) -> QuerySet[Post]:
    posts = Post.objects.filter(author_id=owner.pk).order_by(*NEWEST_FIRST)
    # Empty but ordered: a cursor from another list is read the same way (and refused the same way if forged).
    return posts if user_can_see_content_of(viewer=viewer, owner=owner) else posts.none()


def posts_saved(*, viewer: User) -> QuerySet[Post]:
    """The viewer's saved posts, newest save first, among those the viewer may still see: a post whose author
    turned private drops out while its save stays, and comes back if the viewer is let in."""
    return (
        posts_visible(viewer=viewer)
        .filter(saves__user_id=viewer.pk)
        .alias(saved_at=F("saves__created_at"), save_id=F("saves__id"))
        .order_by("-saved_at", "-save_id")
    )


def posts_with_hashtag(*, viewer: User | None, hashtag: Hashtag) -> QuerySet[Post]:
    """A hashtag's posts the viewer may see, newest first, in the order of the tag's own index."""
    return (
        posts_visible(viewer=viewer)
        .filter(post_hashtags__hashtag_id=hashtag.pk)
        .alias(tagged_at=F("post_hashtags__post_created_at"))
        .order_by("-tagged_at", "-id")
    )


def posts_tagged(*, viewer: User | None) -> QuerySet[Post]:
    """Every hashtag's posts the viewer may see, in the order of `posts_with_hashtag`: for the posts of many
    hashtags at once (a post comes once per hashtag it carries)."""
    tagged_at = F("post_hashtags__post_created_at")
    return posts_visible(viewer=viewer).alias(tagged_at=tagged_at).order_by("-tagged_at", "-id")


def hashtags_in_caption_order() -> QuerySet[Hashtag]:
    """Posts' hashtags in the order their captions carry them, for a prefetch through `Post.hashtags` (used
    when a hashtag's own posts are asked for; otherwise the page query carries them, `post_hashtag_rows`)."""
    return Hashtag.objects.alias(position=F("post_hashtags__position")).order_by("position")


def hashtags_visible(*, viewer: User | None) -> QuerySet[Hashtag]:
    """The hashtags the viewer may know of: those on a post the viewer may see. A post of a public account is
    known from the hashtag's own count (feed.hashtags counts only those), so only a hashtag without one asks
    whether a post of the viewer's, or of an account the viewer follows, carries it: a hashtag that only private
    accounts use is no one's business but theirs and their followers'."""
    if viewer is None:
        return Hashtag.objects.filter(posts_count__gt=0)
    seen = PostHashtag.objects.filter(_visible_to(viewer, "post__author"), hashtag_id=OuterRef("pk"))
    return Hashtag.objects.filter(Q(posts_count__gt=0) | Q(Exists(seen)))


def hashtag_lookup(*, viewer: User | None, name: str) -> QuerySet[Hashtag]:
    """The hashtag a client names (`#Sunset`, `sunset`), found by its normal form, if the viewer may know of it;
    none for what cannot be one."""
    normal = hashtag_name_parse(name)
    return hashtags_visible(viewer=viewer).filter(name=normal) if normal else Hashtag.objects.none()


def hashtags_search(*, text: str) -> QuerySet[Hashtag]:
    """Hashtags on posts of public accounts whose normal form starts with the text's, most used first, for
    everyone alike (answered from the name index, without a look at who follows whom): a hashtag only private
    accounts use is never listed, not even to their followers, who find it by name. None for a text no hashtag
    can start with."""
    prefix = hashtag_prefix_parse(text)
    if prefix is None:
        return Hashtag.objects.none()
    return Hashtag.objects.filter(name__startswith=prefix, posts_count__gt=0).order_by("-posts_count", "name")


def media_visible(*, viewer: User | None) -> QuerySet[PostMedia]:
    return PostMedia.objects.filter(_visible_to(viewer, "post__author"))


def post_media_rows() -> Subquery:
    """Each post's images as JSON, for the page query (common.json_lists): PostMedia's columns."""
    return json_rows(
        PostMedia.objects,
        link="post",
        id="id",
        position="position",
        image="image",
        width="width",
        height="height",
        alt_text="alt_text",
    )


def post_hashtag_rows() -> Subquery:
    """Each post's hashtags as JSON, for the page query: Hashtag's columns, and the order in the caption."""
    return json_rows(
        PostHashtag.objects,
        link="post",
        id="hashtag_id",
        name="hashtag__name",
        posts_count="hashtag__posts_count",
        position="position",
    )


def posts_of_visible_authors(*, viewer: User | None) -> QuerySet[Post]:
    """Profiles' posts for a page of users at once: the same rule, applied per row."""
    return posts_visible(viewer=viewer).order_by(*NEWEST_FIRST)


def post_lookup(*, viewer: User | None, post_id: UUID) -> QuerySet[Post]:
    """The post with this id if the viewer may see it: a queryset, so the API can shape it in one query."""
    return posts_visible(viewer=viewer).filter(pk=post_id)


def comments_visible(*, viewer: User | None) -> QuerySet[PostComment]:
    return PostComment.objects.filter(_visible_to(viewer, "post__author"))


def comments_top_level() -> QuerySet[PostComment]:
    """Top-level comments, oldest first, of posts reached through a visible path."""
    return PostComment.objects.filter(parent__isnull=True).order_by(*OLDEST_FIRST)


def comments_of_post(*, post: Post) -> QuerySet[PostComment]:
    return comments_top_level().filter(post_id=post.pk)


def replies() -> QuerySet[PostComment]:
    """Replies, oldest first, of comments reached through a visible path."""
    return PostComment.objects.filter(parent__isnull=False).order_by(*OLDEST_FIRST)


def replies_of_comment(*, comment: PostComment) -> QuerySet[PostComment]:
    return replies().filter(parent_id=comment.pk)


def users_who_liked_post(*, post: Post) -> QuerySet[User]:
    return _users_linked("post_likes", "post_id", post.pk)


def users_who_liked_comment(*, comment: PostComment) -> QuerySet[User]:
    return _users_linked("comment_likes", "comment_id", comment.pk)


def followers_of(*, viewer: User | None, owner: User) -> QuerySet[User]:
    users = _users_linked("following_set", "following_id", owner.pk)
    return users if user_can_see_content_of(viewer=viewer, owner=owner) else users.none()


def following_of(*, viewer: User | None, owner: User) -> QuerySet[User]:
    users = _users_linked("follower_set", "follower_id", owner.pk)
    return users if user_can_see_content_of(viewer=viewer, owner=owner) else users.none()


# The lists above for many parents at once: the link rows (common.graphql.prefetch lists their accounts).


def likes_of_posts() -> QuerySet[PostLike]:
    return _links_in_account_order(PostLike.objects.all(), "user")


def likes_of_comments() -> QuerySet[CommentLike]:
    return _links_in_account_order(CommentLike.objects.all(), "user")


def follows_of_visible_accounts(*, viewer: User | None) -> QuerySet[Follow]:
    """Follows whose followed account lets the viewer see its lists (the rule, per row): their followers."""
    return _links_in_account_order(Follow.objects.filter(_visible_to(viewer, "following")), "follower")


def follows_by_visible_accounts(*, viewer: User | None) -> QuerySet[Follow]:
    """Follows whose following account lets the viewer see its lists (the rule, per row): whom they follow."""
    return _links_in_account_order(Follow.objects.filter(_visible_to(viewer, "follower")), "following")


def _links_in_account_order(links: QuerySet, account: str) -> QuerySet:
    """Links in the order (and so with the cursors) of the accounts `_users_linked` lists through them: newest
    link first, then the account's key. The key is wrapped: ordered by `user_id` itself, Django reads it as
    the related account's `id`, which the cursor then takes from the link's own `id`."""
    key = ExpressionWrapper(F(f"{account}_id"), output_field=UUIDField())
    return links.alias(account_key=key).order_by(*NEWEST_FIRST, "account_key")


def follow_requests_of(*, owner: User) -> QuerySet[User]:
    return _users_linked("sent_requests", "target_id", owner.pk)


def _users_linked(relation: str, field: str, value: UUID) -> QuerySet[User]:
    """Users joined to a link table (likes, follows, requests), newest link first. The link's time and id
    are the keyset, so a page deep in a million likes costs what the first does."""
    return (
        User.objects.filter(**{f"{relation}__{field}": value})
        .alias(link_created_at=F(f"{relation}__created_at"), link_id=F(f"{relation}__id"))
        .order_by("-link_created_at", "-link_id")
    )


def users_search(*, text: str) -> QuerySet[User]:
    """Case-insensitive prefix match on username or full name, among accounts that finished sign-up. On
    PostgreSQL each of the three comparisons has a `text_pattern_ops` index (migration feed 0005)."""
    prefix = text.strip().lower()
    full_name = Lower(Concat("first_name", Value(" "), "last_name"))
    return (
        User.objects.filter(auth_status__in=[AuthStatus.DONE, AuthStatus.PHOTO_DONE], is_active=True)
        .alias(username_lower=Lower("username"), full_name_lower=full_name, last_name_lower=Lower("last_name"))
        .filter(
            Q(username_lower__startswith=prefix)
            | Q(full_name_lower__startswith=prefix)
            | Q(last_name_lower__startswith=prefix)
        )
        .order_by("username_lower", "id")
    )


def viewer_saved_post(viewer: User | None) -> Exists | Value:
    """The per-row `meSaved` flag as a page-query annotation."""
    return _viewer_has(viewer, SavedPost, "user_id", "post_id")


def viewer_liked_post(viewer: User | None) -> Exists | Value:
    """The per-row `meLiked` flag as a page-query annotation."""
    return _viewer_has(viewer, PostLike, "user_id", "post_id")


def viewer_liked_comment(viewer: User | None) -> Exists | Value:
    return _viewer_has(viewer, CommentLike, "user_id", "comment_id")


def viewer_follows(viewer: User | None) -> Exists | Value:
    return _viewer_has(viewer, Follow, "follower_id", "following_id")


def viewer_requested_follow(viewer: User | None) -> Exists | Value:
    return _viewer_has(viewer, FollowRequest, "requester_id", "target_id")


def _viewer_has(viewer: User | None, link_model, viewer_field: str, row_field: str) -> Exists | Value:
    """Whether a link row (a like, a follow) joins the viewer to each row of the page: false for anonymous.

    The row's key is matched as a closed range, not with `=`: PostgreSQL turns an equality into a hashed subplan
    that reads every link the viewer ever made, once per query (a reader with 27,690 likes: 8.5 ms an explore
    page, growing with their history); a range it cannot hash, so it probes the (viewer, row) unique index for
    each row of the page instead (0.16 ms)."""
    if viewer is None:
        return Value(False)
    row = OuterRef("pk")
    links = link_model.objects.filter(**{viewer_field: viewer.pk, f"{row_field}__gte": row, f"{row_field}__lte": row})
    return Exists(links)
