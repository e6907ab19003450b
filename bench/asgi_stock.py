"""Django's stock ASGI handler (a thread, and so a database connection, per request), for bench/serving.py to
compare with instaclone.asgi's handler. Loaded only by the server process that bench/serving.py starts."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
application = get_asgi_application()
