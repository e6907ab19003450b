"""Publishing live events to GraphQL subscriptions through the channel layer (Redis pub/sub across processes,
in memory in development), once the transaction that made them commits.

Subscribers may be connected to any app server, so an event crosses processes through the layer; it carries
only the kind and the id of what happened: each subscriber reads the object back with its own rights.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def publish_on_commit(*, group: str, event: str, object_id) -> None:
    """Send `{type: event, id: object_id}` to every subscriber of `group` after the current transaction
    commits; nothing if it rolls back. A layer that fails (Redis down) is logged: the write has committed and
    its answer must not turn into an error."""

    def publish() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, {"type": event, "id": str(object_id)})

    transaction.on_commit(publish, robust=True)
