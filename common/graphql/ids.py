from uuid import UUID

from strawberry import relay

# No row has the nil UUID (keys are uuid4), so a malformed id simply finds nothing: `not_found` for a
# mutation, null for a lookup.
MALFORMED_ID = UUID(int=0)


def node_pk(global_id: str, type_name: str) -> UUID:
    """The primary key inside a global ID of `type_name`."""
    try:
        decoded = relay.GlobalID.from_id(global_id)
        return UUID(decoded.node_id) if decoded.type_name == type_name else MALFORMED_ID
    except (ValueError, TypeError):
        return MALFORMED_ID
