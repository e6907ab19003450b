"""One structured log line per request: method, path, status, duration, SQL count and GraphQL operation."""

import json
import logging
import time

from django.db import connection

logger = logging.getLogger("instaclone.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        record = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "sql": counter.count,
            "operation": getattr(request, "graphql_operation", None),
        }
        logger.info(json.dumps(record), extra=record)
        return response


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
