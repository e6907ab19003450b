from django.urls import reverse

from feed import services
from notifications.models import Notification
from tests.factories import PostFactory, UserFactory


def test_the_admin_lists_notifications_but_neither_adds_nor_edits_them(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    services.comment_add(user=UserFactory(username="bob.reader"), post_id=PostFactory(author=admin).pk, text="hi")
    notification = Notification.objects.get()
    client.force_login(admin)
    listing = client.get(reverse("admin:notifications_notification_changelist"), {"q": "bob"})
    assert listing.status_code == 200
    assert b"bob.reader" in listing.content
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    change = reverse("admin:notifications_notification_change", args=[notification.pk])
    client.post(change, {"read": "on"})
    notification.refresh_from_db()
    assert notification.read is False
