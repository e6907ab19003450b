"""The Lua script `wrk` runs is made from Python strings: each must read back, byte for byte, as LuaJIT reads it."""

import re

import pytest

from bench.wrk import _lua_string

# The escapes of a Lua 5.1 (LuaJIT) string literal; `\u{XXXX}` came with Lua 5.3 and JSON's `\uXXXX` never exists.
LUA_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34, "'": 39}


def _lua_read(literal: str) -> bytes:
    assert literal[0] == literal[-1] == '"'
    out, rest = bytearray(), literal[1:-1].encode()
    while rest:
        if rest[:1] != b"\\":
            out += rest[:1]
            rest = rest[1:]
            continue
        digits = re.match(rb"\\(\d{1,3})", rest)
        if digits:
            out.append(int(digits.group(1)))
            rest = rest[len(digits.group(0)) :]
        elif chr(rest[1]) in LUA_ESCAPES:
            out.append(LUA_ESCAPES[chr(rest[1])])
            rest = rest[2:]
        else:
            raise SyntaxError(f"invalid escape sequence near {rest[:6]!r}")
    return bytes(out)


@pytest.mark.parametrize(
    "text",
    [
        '{"query": "{ me { id } }", "variables": {"c": "{unique}"}}',
        'quote " backslash \\ newline \n tab \t',
        "control \x01 escape \x1b delete \x7f nul \x00 then digits 123",
        "été, 東京, 🙂",
    ],
)
def test_a_string_reads_back_in_lua_as_its_utf8_bytes(text):
    assert _lua_read(_lua_string(text)) == text.encode()
