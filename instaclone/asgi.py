import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
application = get_asgi_application()

# --- WebSocket: GraphQL subscriptions on /graphql/, the path HTTP uses (instaclone.websocket) ---------------
# Imported once Django is set up: the consumer loads the schema and the models.
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from instaclone.websocket import graphql_socket  # noqa: E402

application = ProtocolTypeRouter(
    {"http": application, "websocket": URLRouter([path("graphql/", graphql_socket)])},
)
