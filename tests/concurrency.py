"""Running one call from many threads at once, each on its own database connection."""

import threading

from django.db import connection


def run_concurrently(function, count: int) -> list:
    """Call `function()` from `count` threads released together; return results or raised exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
