"""Admin for the feed: raw-id widgets for every foreign key and no full-table counts, so pages stay fast at a
million rows. Deletions go through the feed's services, which keep the counts that a cascade would skip."""

from contextlib import suppress

from django.contrib import admin

from accounts.admin import UserAdmin as AccountsUserAdmin
from accounts.models import User
from common.errors import NotFound

from .models import CommentLike, Follow, FollowRequest, Hashtag, Post, PostComment, PostLike, PostMedia
from .services import comment_remove, post_remove, user_delete
from .text_entities import hashtag_prefix_parse


class LargeTableAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_per_page = 50
    date_hierarchy = None


class CountKeepingAdmin:
    """Deletes through a feed service, one row at a time, both from the row's page and with the bulk action:
    Django's own delete is a cascade that skips the F() updates of the counts. A row already gone (a reply
    deleted with its thread earlier in the same bulk action) is skipped. The foreign keys that place the row in
    a count are read-only here."""

    moves_counts: tuple[str, ...] = ()

    def remove(self, pk) -> None:
        raise NotImplementedError

    def delete_model(self, request, obj):
        with suppress(NotFound):
            self.remove(obj.pk)

    def delete_queryset(self, request, queryset):
        for pk in list(queryset.values_list("pk", flat=True)):
            with suppress(NotFound):
                self.remove(pk)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.moves_counts)

    def get_deleted_objects(self, objs, request):
        """Likes and follows, which no one deletes on their own here (CountedLinkAdmin), go with the row: the
        service counts them. Likewise a post's images, whose files the service removes."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = {model._meta.verbose_name for model in (PostLike, CommentLike, Follow, PostMedia)}
        return deleted, counts, perms_needed - links, protected


class CountedLinkAdmin(LargeTableAdmin):
    """Likes and follows are counted on the rows they join: only the API's services make or remove them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Deleting an account moves counts all over the feed (its partners' follow counts, the posts and comments it
# liked or commented on), so the User admin deletes through feed's user_delete. accounts may not import feed,
# so the hook lives here: feed replaces accounts' registration of User with a subclass. The import of
# accounts.admin above makes sure that registration exists, whatever the order of INSTALLED_APPS.
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(CountKeepingAdmin, AccountsUserAdmin):
    # Privacy changes go through profile_update (it lets waiting requests in and keeps hashtag counts exact);
    # the account's owner makes them with updateProfile.
    moves_counts = ("is_private",)

    def remove(self, pk) -> None:
        user_delete(user_id=pk)


class PostMediaInline(admin.TabularInline):
    """A post's images in order; alt texts are editable, the images themselves are what the author uploaded."""

    model = PostMedia
    extra = 0
    max_num = 0  # images are added by posting, never here
    can_delete = False
    fields = ("position", "image", "width", "height", "alt_text")
    readonly_fields = ("position", "image", "width", "height")
    ordering = ("position",)


@admin.register(Post)
class PostAdmin(CountKeepingAdmin, LargeTableAdmin):
    list_display = ("id", "author", "caption", "likes_count", "comments_count", "created_at")
    list_select_related = ("author",)
    search_fields = ("caption", "author__username")
    raw_id_fields = ("author",)
    readonly_fields = ("likes_count", "comments_count", "caption_entities", "created_at", "updated_at")
    inlines = [PostMediaInline]
    moves_counts = ("author",)

    def remove(self, pk) -> None:
        post_remove(post_id=pk)

    def has_add_permission(self, request):
        return False  # a post is made by posting: its images are checked and its author's count moves


@admin.register(PostComment)
class PostCommentAdmin(CountKeepingAdmin, LargeTableAdmin):
    list_display = ("id", "author", "post", "text", "likes_count", "replies_count", "created_at")
    list_select_related = ("author",)
    search_fields = ("text", "author__username")
    raw_id_fields = ("author", "post", "parent")
    readonly_fields = ("likes_count", "replies_count", "created_at", "updated_at")
    moves_counts = ("author", "post", "parent")

    def remove(self, pk) -> None:
        comment_remove(comment_id=pk)

    def has_add_permission(self, request):
        return False  # a comment is made through the API, which counts it


@admin.register(PostLike)
class PostLikeAdmin(CountedLinkAdmin):
    list_display = ("user", "post", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "post")


@admin.register(CommentLike)
class CommentLikeAdmin(CountedLinkAdmin):
    list_display = ("user", "comment", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "comment")


@admin.register(Follow)
class FollowAdmin(CountedLinkAdmin):
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


@admin.register(Hashtag)
class HashtagAdmin(LargeTableAdmin):
    """Search by the start of the normal form (the same index as `hashtags(search:)`), most used first."""

    list_display = ("name", "posts_count", "created_at")
    search_fields = ("name__startswith",)
    ordering = ("-posts_count", "name")
    readonly_fields = ("name", "posts_count", "created_at", "updated_at")

    def get_search_results(self, request, queryset, search_term):
        prefix = hashtag_prefix_parse(search_term)
        if prefix is None:
            return queryset.none(), False
        return super().get_search_results(request, queryset, prefix)

    def has_add_permission(self, request):
        return False  # hashtags come from captions

    def has_delete_permission(self, request, obj=None):
        return False  # a caption would make it again; its count is its posts'


@admin.register(PostMedia)
class PostMediaAdmin(LargeTableAdmin):
    list_display = ("post", "position", "width", "height", "alt_text", "created_at")
    search_fields = ("post__author__username",)
    raw_id_fields = ("post",)
    readonly_fields = ("post", "position", "image", "width", "height", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False  # images come with their post

    def has_delete_permission(self, request, obj=None):
        return False  # and go with it, files included (delete the post)
