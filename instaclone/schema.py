"""The root schema: each app's Query and Mutation merged, with the limits and error rules of DESIGN.md."""

import strawberry
from django.conf import settings
from strawberry import relay
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.accounts.mutations import Mutation as AccountsMutation
from api.accounts.queries import Query as AccountsQuery
from api.feed.mutations import Mutation as FeedMutation
from api.feed.queries import Query as FeedQuery
from api.feed.subscriptions import Subscription as FeedSubscription
from api.live import SubscriptionsOnlyOverWebSocket
from api.notifications.mutations import Mutation as NotificationsMutation
from api.notifications.queries import Query as NotificationsQuery
from api.notifications.subscriptions import Subscription as NotificationsSubscription
from common.graphql.cost import QueryCostLimiter
from common.graphql.errors import ErrorCodes
from common.graphql.fast_fields import read_plain_fields_from_rows
from common.graphql.introspection import IntrospectionSwitch
from common.graphql.nodes import node_by_global_id
from common.graphql.operation_name import OperationNameOnRequest
from common.graphql.optimizer import Optimizer
from common.graphql.persisted import PersistedDocuments
from common.graphql.scalars import SCALAR_MAP
from common.graphql.uploads import OneUploadMutation
from feed.models import MEDIA_PER_POST
from feed.text_entities import HASHTAGS_PER_CAPTION, MENTIONS_PER_TEXT


@strawberry.type
class NodeQuery:
    @strawberry.field(
        description=(
            "Any object by its global id: null for an unknown, malformed or empty id, an id of another type, "
            "or an object you may not see."
        )
    )
    def node(self, info: strawberry.Info, id: strawberry.ID) -> relay.Node | None:
        return node_by_global_id(info, id)


Query = merge_types("Query", (NodeQuery, AccountsQuery, FeedQuery, NotificationsQuery))
Mutation = merge_types("Mutation", (AccountsMutation, FeedMutation, NotificationsMutation))
Subscription = merge_types("Subscription", (NotificationsSubscription, FeedSubscription))

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000
MAX_COST = 5000  # nodes: page sizes multiplied along nested connections, summed
# The longest each plain list of objects can be (other lists count as a page of 100): they multiply the cost
# of the connections nested in them.
LIST_BOUNDS = {
    "media": MEDIA_PER_POST,
    "mentions": MENTIONS_PER_TEXT,
    "hashtags": HASHTAGS_PER_CAPTION,
    "captionEntities": MENTIONS_PER_TEXT + HASHTAGS_PER_CAPTION,
    "textEntities": MENTIONS_PER_TEXT,
}


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    # Suggestions would let a stranger map the schema with typos even where introspection is off.
    config=StrawberryConfig(disable_field_suggestions=not settings.DEBUG, scalar_map=SCALAR_MAP),
    extensions=[
        ErrorCodes,
        OperationNameOnRequest,
        SubscriptionsOnlyOverWebSocket,
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: QueryCostLimiter(max_cost=MAX_COST, list_bounds=LIST_BOUNDS),
        OneUploadMutation,
        IntrospectionSwitch,
        PersistedDocuments,  # after every extension that adds validation rules
        Optimizer,  # strawberry-django's, without its per-field hook
    ],
)
# Columns, joined rows, node ids and viewer flags are read off the row (common.graphql.fast_fields).
read_plain_fields_from_rows(schema)
