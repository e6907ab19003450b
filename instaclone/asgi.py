import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")

# HTTP: Django's handler, with the process's sync code on one thread so its database connection persists.
from instaclone.asgi_http import asgi_http_application

application = asgi_http_application()

# --- WebSocket: GraphQL subscriptions on /graphql/, the path HTTP uses (instaclone.websocket) ---------------
# Imported once Django is set up: the consumer loads the schema and the models.
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from instaclone.websocket import graphql_socket  # noqa: E402

application = ProtocolTypeRouter(
    {"http": application, "websocket": URLRouter([path("graphql/", graphql_socket)])},
)

# The first request of each operation, paid here once: before gunicorn forks its workers (preload_app), or before
# this worker's first request (instaclone.warmup).
from instaclone.warmup import warm_up  # noqa: E402

warm_up()
