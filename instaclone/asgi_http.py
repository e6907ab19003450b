"""Django's ASGI handler with each request's sync code run in one call on one thread per process.

One thread: Django's own handler gives every request a thread of its own (asgiref's `ThreadSensitiveContext`),
and Django keeps one database connection per thread: with `DATABASE_CONN_MAX_AGE` each request opened a
PostgreSQL connection that outlived it, and five uvicorn workers held 97 of PostgreSQL's 100 after 15 s of load,
then failed with "too many clients" (bench/RESULTS.md, Serving). Outside that context asgiref runs every
thread-sensitive call of the process on one thread, as a sync worker did: one connection per process, reused.
Channels' consumers make their database calls on the same thread.

One call: the middleware and the views are sync, yet Django's handler builds its async middleware chain, so a
request crossed between the event loop and that thread about eight times (the `request_started` signal, each
boundary between sync and async-capable middleware, `process_view`, the view, `response.close`): 1.6-2.4 ms of
CPU per request under uvicorn. Here the event loop reads the body (a slow client still costs a socket, not the
thread) and sends the answer; everything in between is Django's sync `get_response`, as under a WSGI server, in
one `sync_to_async` call. Under `make serve` the explore page went from 10.9 to 9.7 ms of server CPU per request
(gunicorn, 2 workers, 8 interleaved rounds); it needed common.frame_stack first, without which the shallower stack
put the page at a frame-stack chunk boundary and cost more than it saved. A disconnect while a view runs is not
listened for: the thread could not be stopped anyway, and uvicorn drops what is sent to a closed connection.

Checked against Django 5.2 (`ASGIHandler.handle`, `read_body`, `create_request`, `send_response`) and
asgiref 3.13.
"""

import django
from asgiref.sync import sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import FileResponse
from django.urls import set_script_prefix


class OneThreadASGIHandler(ASGIHandler):
    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)  # the sync chain, as WSGI builds it: no thread hop inside

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        response = await sync_to_async(self._respond, thread_sensitive=True)(scope, body_file)
        try:
            await self.send_response(response, send)
        finally:
            if response.streaming:  # its content is read while it is sent: closed after
                await sync_to_async(self._close, thread_sensitive=True)(response, body_file)

    def _respond(self, scope, body_file):
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size  # the server chunks the body: fewer, larger reads
        if not response.streaming:
            # Its body is bytes already: `request_finished` (connections returned or closed) runs now, in this
            # call, rather than in another trip to this thread after the answer is sent.
            self._close(response, body_file)
        return response

    @staticmethod
    def _close(response, body_file) -> None:
        response.close()
        body_file.close()


def asgi_http_application() -> OneThreadASGIHandler:
    """What `django.core.asgi.get_asgi_application()` returns, with the handler above."""
    django.setup(set_prefix=False)
    return OneThreadASGIHandler()
