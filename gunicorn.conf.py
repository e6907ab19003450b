"""gunicorn settings for `make serve`. Sync workers: every request is a short, database-bound Django view,
and sync workers with persistent connections (DATABASE_CONN_MAX_AGE) measured faster here than an event loop
would be for this code (see bench/RESULTS.md)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
preload_app = True
# Request lines come from the app's own structured log (common.logging), with duration and SQL count.
accesslog = None
errorlog = "-"
