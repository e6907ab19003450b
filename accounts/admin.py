from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import OneTimeCode, RefreshToken, User


# feed/admin.py registers a subclass in this one's place whose delete goes through feed's user_delete, which keeps
# the feed's counts exact: accounts may not import feed, so the deletion hook lives there.
@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "phone_number", "auth_type", "auth_status", "is_private", "created_at")
    list_filter = ("auth_status", "auth_type", "is_private", "is_staff", "is_active")
    search_fields = ("username", "email", "phone_number")
    ordering = ("-created_at",)
    readonly_fields = ("created_at", "updated_at", "posts_count", "followers_count", "following_count")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Contact", {"fields": ("auth_type", "auth_status", "email", "phone_number")}),
        ("Profile", {"fields": ("first_name", "last_name", "bio", "photo", "is_private")}),
        ("Counts", {"fields": ("posts_count", "followers_count", "following_count")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "auth_type", "email", "phone_number", "password1", "password2"),
            },
        ),
    )


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(admin.ModelAdmin):
    list_display = ("user", "purpose", "contact", "created_at", "expires_at", "attempts", "used_at")
    list_filter = ("purpose",)
    search_fields = ("user__username", "contact")
    raw_id_fields = ("user",)
    exclude = ("code_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RefreshToken)
class RefreshTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "expires_at", "rotated_at", "revoked_at")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
    readonly_fields = ("user", "expires_at", "rotated_at")
