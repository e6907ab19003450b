import pytest
from django.core.exceptions import ValidationError

from common.contacts import ContactKind, contact_parse


@pytest.mark.parametrize(
    ("typed", "kind", "stored"),
    [
        ("User@Example.COM", ContactKind.EMAIL, "user@example.com"),
        ("  a.b+tag@mail.example.org ", ContactKind.EMAIL, "a.b+tag@mail.example.org"),
        ("+998 90 123 45 67", ContactKind.PHONE, "+998901234567"),
        ("(202) 555-0143", ContactKind.PHONE, "+12025550143"),
        ("202.555.0143", ContactKind.PHONE, "+12025550143"),
        ("+44 20 7946 0958", ContactKind.PHONE, "+442079460958"),
    ],
)
def test_contacts_are_recognised_and_stored_one_way(typed, kind, stored):
    contact = contact_parse(typed)
    assert (contact.kind, contact.value) == (kind, stored)


def test_numbers_without_a_country_code_use_the_default_region(settings):
    settings.PHONE_DEFAULT_REGION = "UZ"
    assert contact_parse("90 123 45 67").value == "+998901234567"


@pytest.mark.parametrize("garbage", ["hello", "123", "user @example.com", "@example.com", "+1 555", ""])
def test_garbage_is_refused_on_the_named_field(garbage):
    with pytest.raises(ValidationError) as refused:
        contact_parse(garbage, field="login")
    [error] = refused.value.error_dict["login"]
    assert error.code == "invalid_contact"
