"""Waiting for a server the benchmark started: it is ready once /healthz answers."""

import time
import urllib.request


def healthz_wait(base_url: str, *, seconds: float) -> bool:
    """True as soon as `base_url`/healthz answers, False when it has not within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=1)
            return True
        except OSError:
            time.sleep(0.5)
    return False
