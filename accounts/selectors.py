"""Account reads."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from common.contacts import Contact, ContactKind, contact_parse

from .models import User


def user_me(*, viewer: User | None) -> QuerySet[User] | None:
    """The signed-in user as a queryset, so the API can add what the client asked for in the same query."""
    return User.objects.filter(pk=viewer.pk) if viewer is not None else None


def users_by_username(*, username: str) -> QuerySet[User]:
    """A queryset (of one at most), so the API layer can add what the client asked for in one query."""
    return User.objects.filter(username__iexact=username.strip(), is_active=True)


def contact_lookup(contact: Contact) -> dict[str, str]:
    """The User field holding this kind of contact, with its value: one place for both lookups and sign-up."""
    return {"email": contact.value} if contact.kind == ContactKind.EMAIL else {"phone_number": contact.value}


def user_get_by_contact(contact: Contact) -> User | None:
    return User.objects.filter(**contact_lookup(contact)).first()


def user_get_by_login(login: str) -> User | None:
    """A login is a username, an email, or a phone number in any format that normalises to the stored one."""
    text = login.strip()
    try:
        contact = contact_parse(text)
    except ValidationError:
        contact = None
    if contact is not None:
        user = user_get_by_contact(contact)
        if user is not None:
            return user
    return User.objects.filter(username__iexact=text).first()
