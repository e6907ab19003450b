"""Notifications in the admin, read-only: they are made and removed by the acts they tell of. Deleting stays
allowed, as for any row: deleting an account or a post in the admin deletes its notifications with it."""

from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "actor", "post", "comment", "read")
    list_filter = ("kind", "read")
    list_select_related = ("recipient", "actor", "post", "comment")
    search_fields = ("recipient__username", "actor__username")
    raw_id_fields = ("recipient", "actor", "post", "comment")
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
