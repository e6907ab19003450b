from django.conf import settings
from django.db import models

from common.models import BaseModel

CAPTION_MAX_LENGTH = 2200
COMMENT_MAX_LENGTH = 2200
ALT_TEXT_MAX_LENGTH = 1000
MEDIA_PER_POST = 10


class Post(BaseModel):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    # Its images are `media` (PostMedia), one to ten in order; the first is the cover.
    caption = models.TextField(max_length=CAPTION_MAX_LENGTH, blank=True)
    # The caption's hashtags and mentions as text entities (feed.text_entities), made when the caption is
    # written: the accounts mentions name are resolved then, so a later rename keeps the link.
    caption_entities = models.JSONField(default=list, blank=True)
    hashtags = models.ManyToManyField("Hashtag", through="PostHashtag", related_name="posts", blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PostMention", related_name="mentioned_in_posts", blank=True
    )
    # Kept by the services with F() in the transaction of each like and comment.
    likes_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # Explore: newest first, keyset on (created_at, id).
            models.Index(fields=["-created_at", "-id"], name="post_newest_idx"),
            # A profile's posts and the home feed's per-author scans.
            models.Index(fields=["author", "-created_at", "-id"], name="post_author_newest_idx"),
        ]

    def __str__(self):
        return f"post {self.pk} by {self.author_id}"


class PostComment(BaseModel):
    """A comment, or a reply when `parent` is set; replies are one level under a top-level comment."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    text_entities = models.JSONField(default=list, blank=True)  # its mentions, as a caption's entities
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CommentMention", related_name="mentioned_in_comments", blank=True
    )
    likes_count = models.PositiveIntegerField(default=0)
    replies_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # A post's top-level comments, oldest first: partial, so the page is a range read in order. With
            # (post, parent, created_at, id) PostgreSQL sorted every top-level comment of the post instead
            # (`parent IS NULL` gives no order): 13 ms for a post with 10,900 of them, 0.4 ms now.
            models.Index(
                fields=["post", "created_at", "id"], condition=models.Q(parent__isnull=True), name="comment_top_idx"
            ),
            # Replies of a comment, oldest first.
            models.Index(fields=["parent", "created_at", "id"], name="comment_replies_idx"),
        ]

    def __str__(self):
        return f"comment {self.pk} on {self.post_id}"


class PostLike(BaseModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_likes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="post_like_once")]
        indexes = [models.Index(fields=["post", "-created_at", "-id"], name="post_like_newest_idx")]

    def __str__(self):
        return f"{self.user_id} likes post {self.post_id}"


class CommentLike(BaseModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes")
    comment = models.ForeignKey(PostComment, on_delete=models.CASCADE, related_name="likes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "comment"], name="comment_like_once")]
        indexes = [models.Index(fields=["comment", "-created_at", "-id"], name="comment_like_newest_idx")]

    def __str__(self):
        return f"{self.user_id} likes comment {self.comment_id}"


class Follow(BaseModel):
    """An approved follow: for a private account, made when its owner approves the request."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_set")
    following = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower_set")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "following"], name="follow_once"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("following")), name="follow_not_self"),
        ]
        indexes = [
            models.Index(fields=["following", "-created_at", "-id"], name="follow_followers_idx"),
            models.Index(fields=["follower", "-created_at", "-id"], name="follow_following_idx"),
        ]

    def __str__(self):
        return f"{self.follower_id} follows {self.following_id}"


class FollowRequest(BaseModel):
    """A request to follow a private account, waiting for its owner."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_requests")
    target = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_requests")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requester", "target"], name="follow_request_once"),
            models.CheckConstraint(condition=~models.Q(requester=models.F("target")), name="follow_request_not_self"),
        ]
        indexes = [models.Index(fields=["target", "-created_at", "-id"], name="follow_request_newest_idx")]

    def __str__(self):
        return f"{self.requester_id} asks to follow {self.target_id}"


class PostMedia(BaseModel):
    """One image of a post, at `position` (0 is the cover) of at most ten."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField()
    # Dimensions come from common.images when the image is made; Django's width_field would read the file back
    # from storage (a download from S3) on every save.
    image = models.ImageField(upload_to="posts/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.TextField(max_length=ALT_TEXT_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name_plural = "post media"
        constraints = [models.UniqueConstraint(fields=["post", "position"], name="post_media_position_once")]

    def __str__(self):
        return f"image {self.position + 1} of post {self.post_id}"


class Hashtag(BaseModel):
    """A hashtag by its normal form (feed.text_entities), with the number of posts that carry it."""

    # Unique, so on PostgreSQL Django also makes a `varchar_pattern_ops` index on it: prefix searches
    # (`name LIKE 'sun%'`) are answered from that index whatever the database's collation.
    name = models.CharField(max_length=100, unique=True)
    # Kept with F() in the transaction of each post written, edited or deleted.
    posts_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"#{self.name}"


class PostHashtag(BaseModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_hashtags")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="post_hashtags")
    # The post's own time, so a hashtag's posts, newest first, are one range of one index.
    post_created_at = models.DateTimeField()
    position = models.PositiveSmallIntegerField(default=0)  # order of first appearance in the caption

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "hashtag"], name="post_hashtag_once")]
        indexes = [models.Index(fields=["hashtag", "-post_created_at", "-post"], name="hashtag_posts_newest_idx")]

    def __str__(self):
        return f"post {self.post_id} tagged {self.hashtag_id}"


class PostMention(BaseModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_mentions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="post_mention_once")]

    def __str__(self):
        return f"post {self.post_id} mentions {self.user_id}"


class CommentMention(BaseModel):
    comment = models.ForeignKey(PostComment, on_delete=models.CASCADE, related_name="comment_mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_mentions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="comment_mention_once")]

    def __str__(self):
        return f"comment {self.comment_id} mentions {self.user_id}"


class SavedPost(BaseModel):
    """A post the user saved; only they see it. A post they may no longer see stays saved, out of sight."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_posts")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="saves")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="saved_post_once")]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="saved_post_newest_idx")]

    def __str__(self):
        return f"{self.user_id} saved post {self.post_id}"
