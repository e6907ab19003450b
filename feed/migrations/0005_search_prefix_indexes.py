"""Indexes for `users(search:)` (feed.selectors.users_search), PostgreSQL only.

A prefix match (`LIKE 'ada%'`) can use a b-tree index only under the C collation or with a `*_pattern_ops`
operator class; these are expression indexes on exactly what the search compares: the lower-cased username,
full name and last name. The full-name expression is the SQL Django writes for
`Lower(Concat("first_name", Value(" "), "last_name"))`; tests/feed/test_search_indexes.py asserts the search's plan
uses all three, so a change on either side shows. Hashtags need nothing here: `Hashtag.name` is unique, and
Django gives unique text columns a `varchar_pattern_ops` index of their own on PostgreSQL.

SQLite has no operator classes; its searches scan, which at development sizes is nothing.
"""

from django.db import migrations

INDEXES = {
    "user_username_prefix_idx": "LOWER(username::text) text_pattern_ops",
    "user_full_name_prefix_idx": (
        "LOWER((COALESCE(first_name, '') || COALESCE((COALESCE(' ', '') || COALESCE(last_name, '')), ''))) "
        "text_pattern_ops"
    ),
    "user_last_name_prefix_idx": "LOWER(last_name::text) text_pattern_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON accounts_user ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("feed", "0004_remove_post_image"),
    ]

    operations = [migrations.RunPython(create, drop)]
