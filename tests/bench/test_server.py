"""A server the benchmark starts is the one it measures: never another that already holds the port."""

import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from bench.server import Server


class _Healthy(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_a_server_left_on_the_port_by_another_run_is_not_measured(tmp_path):
    stale = HTTPServer(("127.0.0.1", 0), _Healthy)
    threading.Thread(target=stale.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{stale.server_address[1]}"
    try:
        never_ready = Server(
            [sys.executable, "-c", "import time; time.sleep(60)"], cwd=tmp_path, env={**os.environ}, url=url
        )
        with pytest.raises(RuntimeError, match="already"), never_ready:
            pass
    finally:
        stale.shutdown()
        stale.server_close()
