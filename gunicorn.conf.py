"""gunicorn settings for `make serve`: `gunicorn -c gunicorn.conf.py` serves HTTP and WebSocket on one port.

uvicorn workers: each parses HTTP on an event loop, so a client that trickles its headers or body costs a socket
and no worker (with 100 such clients the explore page kept its throughput and /healthz answered, where the sync
workers used before served nothing; bench/RESULTS.md, Serving). gunicorn stays the process manager: it
restarts a dead worker, reloads on HUP, and keeps the per-request time limit (instaclone.worker).
"""

import multiprocessing

import decouple

wsgi_app = "instaclone.asgi:application"  # gunicorn's name for the application; an ASGI one here
worker_class = "instaclone.worker.TimeLimitedUvicornWorker"
# Read like the settings: the environment first, then `.env` (.env.example, Serving). Every top-level name here is
# a gunicorn setting, hence `decouple.config` spelled out (gunicorn has a setting named `config`).
bind = decouple.config("BIND", default="127.0.0.1:8000")
workers = int(decouple.config("WEB_CONCURRENCY", default="") or multiprocessing.cpu_count() * 2 + 1)
# A request still running this long after its body arrived is logged, and its worker is replaced (the
# database cancels a statement after 5 s before that).
timeout = decouple.config("REQUEST_TIMEOUT", default=30, cast=int)
graceful_timeout = 20
keepalive = 5
preload_app = True
# Request lines come from the app's own structured log (common.logging), with duration and SQL count.
accesslog = None
errorlog = "-"
