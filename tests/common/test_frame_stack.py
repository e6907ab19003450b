"""Requests run above one large chunk of CPython's frame stack (common/frame_stack.py), so a page's recursion
never maps and unmaps chunks at a boundary (python/cpython#142183)."""

import json
import sys

import pytest

from common.frame_stack import in_one_chunk
from instaclone.schema import schema


def test_the_frame_is_large_enough_for_a_chunk_of_its_own():
    # CPython's first chunk is 16 KiB: a frame of 8,000 slots (64 KiB) cannot share one.
    assert in_one_chunk.__code__.co_nlocals >= 8_000


def test_it_passes_arguments_answers_and_errors_through():
    assert in_one_chunk(lambda a, b=0, *, c: (a, b, c), 1, 2, c=3) == (1, 2, 3)
    with pytest.raises(ZeroDivisionError):
        in_one_chunk(lambda: 1 / 0)


def _frames_above_in_one_chunk() -> bool:
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is in_one_chunk.__code__:
            return True
        frame = frame.f_back
    return False


def test_a_graphql_request_resolves_its_fields_above_the_large_frame(client, db, monkeypatch):
    seen = []
    query_type = schema._schema.query_type
    original = query_type.fields["me"].resolve

    def resolve_me(*args, **kwargs):
        seen.append(_frames_above_in_one_chunk())
        return original(*args, **kwargs)

    monkeypatch.setattr(query_type.fields["me"], "resolve", resolve_me)
    response = client.post("/graphql/", json.dumps({"query": "{ me { id } }"}), content_type="application/json")

    assert response.json() == {"data": {"me": None}}
    assert seen == [True]
