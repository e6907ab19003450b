import difflib


def stale_schema_message(committed: str, live: str) -> str | None:
    """None when the committed SDL is the live schema; otherwise what differs and how to fix it."""
    if committed == live:
        return None
    diff = difflib.unified_diff(
        committed.splitlines(), live.splitlines(), "schema.graphql (committed)", "live schema", lineterm=""
    )
    return "schema.graphql is stale: run `make schema` and commit it.\n" + "\n".join(diff)
