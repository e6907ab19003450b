import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "instaclone.settings")
application = get_wsgi_application()

# The first request of each operation, paid here once: before gunicorn forks its workers (preload_app), or before
# this worker's first request (instaclone.warmup).
from instaclone.warmup import warm_up  # noqa: E402

warm_up()
