"""Running a request above one large chunk of CPython's frame stack.

CPython 3.11 to 3.13.0 keep the frames of a thread in chunks (16 KiB at first) and give a chunk back to the
system (munmap) as soon as the stack drops below it, then map a fresh one the next time it grows past that point
(python/cpython#142183, fixed later by keeping one spare chunk). A request whose recursion hovers at a chunk
boundary pays a map, an unmap and page faults on every crossing: the explore page took 381 to 1,059 minor page
faults and 13.5 to 18 ms of CPU in-process, where the same request run above a large frame took 21 faults and
10.6 ms (bench/PROFILE.md). Which request sits at a boundary depends on how deep its caller is, so any change to
the call path (a wrapper, a middleware) moved pages by several milliseconds and made comparisons lie.

`in_one_chunk` has a frame of 8,000 slots: CPython gives it a chunk of its own (128 KiB), and the request's
frames fill the rest of that chunk (about 60 KiB, more than a page of the API needs) instead of crossing a
boundary. The price is that chunk, mapped and touched once per request (about 21 page faults, tens of µs).
On a Python with the fix it only costs that, and can go.
"""

_SLOTS = 8_000  # 64 KiB of frame: CPython rounds the chunk up to 128 KiB, leaving ~60 KiB for what it calls

# The slots are locals that are never bound (the assignment after `return` never runs): a frame's size is the
# count of its code's locals, whatever runs.
_SOURCE = (
    "def in_one_chunk(function, /, *args, **kwargs):\n"
    "    return function(*args, **kwargs)\n"
    f"    {' = '.join(f'_{n}' for n in range(_SLOTS))} = None\n"
)
_namespace: dict = {}
exec(compile(_SOURCE, __file__, "exec"), _namespace)  # a fixed source, generated for its size
in_one_chunk = _namespace["in_one_chunk"]
in_one_chunk.__doc__ = "Calls `function(*args, **kwargs)` above a frame large enough to get a stack chunk of its own."
