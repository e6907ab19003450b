"""Admin for the feed: raw-id widgets for every foreign key and no full-table counts, so pages stay fast at a
million rows."""

from django.contrib import admin

from .models import CommentLike, Follow, FollowRequest, Post, PostComment, PostLike


class LargeTableAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_per_page = 50
    date_hierarchy = None


@admin.register(Post)
class PostAdmin(LargeTableAdmin):
    list_display = ("id", "author", "caption", "likes_count", "comments_count", "created_at")
    list_select_related = ("author",)
    search_fields = ("caption", "author__username")
    raw_id_fields = ("author",)
    readonly_fields = ("likes_count", "comments_count", "image_width", "image_height", "created_at", "updated_at")


@admin.register(PostComment)
class PostCommentAdmin(LargeTableAdmin):
    list_display = ("id", "author", "post", "text", "likes_count", "replies_count", "created_at")
    list_select_related = ("author",)
    search_fields = ("text", "author__username")
    raw_id_fields = ("author", "post", "parent")
    readonly_fields = ("likes_count", "replies_count", "created_at", "updated_at")


@admin.register(PostLike)
class PostLikeAdmin(LargeTableAdmin):
    list_display = ("user", "post", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "post")


@admin.register(CommentLike)
class CommentLikeAdmin(LargeTableAdmin):
    list_display = ("user", "comment", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "comment")


@admin.register(Follow)
class FollowAdmin(LargeTableAdmin):
    list_display = ("follower", "following", "created_at")
    list_select_related = ("follower", "following")
    search_fields = ("follower__username", "following__username")
    raw_id_fields = ("follower", "following")


@admin.register(FollowRequest)
class FollowRequestAdmin(LargeTableAdmin):
    list_display = ("requester", "target", "created_at")
    list_select_related = ("requester", "target")
    search_fields = ("requester__username", "target__username")
    raw_id_fields = ("requester", "target")
