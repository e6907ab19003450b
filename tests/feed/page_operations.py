"""Selections for the query-count and nested-page tests: a whole connection, cursors and total count included."""

CONN = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { %s } }"
USER = "id username"
POST = "id caption"
COMMENT = "id text"
ENTITIES = "kind text user { id username } hashtag { id name }"


def page(field: str, node: str, first: int = 2, after: str | None = None) -> str:
    arguments = f"first: {first}" + (f', after: "{after}"' if after else "")
    return f"{field}({arguments}) {{ {CONN % node} }}"
