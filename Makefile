# The two commands of the quick start are `make run` and `make test`; both install what they need first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint schema migrate serve bench

# GraphiQL's browser files come from npm, pinned by the lockfile, and are served by the app (no CDN).
GRAPHIQL_VENDOR := instaclone/graphiql-vendor

$(INSTALLED): requirements.txt requirements-dev.txt $(GRAPHIQL_VENDOR)/package-lock.json $(GRAPHIQL_VENDOR)/build.js
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	cd $(GRAPHIQL_VENDOR) && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build
	touch $(INSTALLED)

install: $(INSTALLED)

# Migrations may rewrite whole tables: the 5 s statement limit of the app's connections is for requests.
migrate: install
	DATABASE_STATEMENT_TIMEOUT_MS=0 $(BIN)/python manage.py migrate --noinput

# HTTP and WebSocket (subscriptions) on one port, reloading on code changes: Django's runserver speaks WSGI only.
run: migrate
	$(BIN)/uvicorn instaclone.asgi:application --reload --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

schema: install
	$(BIN)/python manage.py export_schema instaclone.schema --path schema.graphql

# Production server: gunicorn managing 2 x CPUs + 1 uvicorn workers, HTTP and WebSocket on one port
# (gunicorn.conf.py); static files through whitenoise.
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn -c gunicorn.conf.py

# Seeds PostgreSQL if needed, serves with the tree's `make serve`, drives it with wrk, writes bench/RESULTS.md;
# BENCH_BASELINE=<git ref> serves that commit beside it in the same run and reports the ratios.
bench: install
	$(BIN)/python bench/run.py
