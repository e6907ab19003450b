from pathlib import Path

from strawberry.printer import print_schema

from instaclone.schema import schema
from instaclone.schema_check import stale_schema_message

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_committed_schema_matches_the_live_schema():
    message = stale_schema_message(SCHEMA_FILE.read_text(), print_schema(schema))
    assert message is None, message


def test_a_changed_schema_is_reported_as_stale():
    live = print_schema(schema)
    message = stale_schema_message(live.replace("type Query {", "type Query {\n  removed: Int"), live)
    assert "make schema" in message
    assert "removed" in message
