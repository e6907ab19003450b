from django.conf import settings
from django.db import models

from common.models import BaseModel

CAPTION_MAX_LENGTH = 2200
COMMENT_MAX_LENGTH = 2200


class Post(BaseModel):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    # Dimensions come from common.images when the image is made; Django's width_field would read the file back
    # from storage (a download from S3) on every save.
    image = models.ImageField(upload_to="posts/")
    image_width = models.PositiveIntegerField(default=0)
    image_height = models.PositiveIntegerField(default=0)
    caption = models.TextField(max_length=CAPTION_MAX_LENGTH, blank=True)
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
    likes_count = models.PositiveIntegerField(default=0)
    replies_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # A post's top-level comments (parent IS NULL), oldest first; replies of a comment, oldest first.
            models.Index(fields=["post", "parent", "created_at", "id"], name="comment_thread_idx"),
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
