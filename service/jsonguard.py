"""Checks on a JSON request body before it is parsed, so a hostile body gets a 400 naming the problem.

msgspec, which parses the bodies, would otherwise answer invalid UTF-8 with a UnicodeDecodeError,
very deep nesting with a RecursionError (both 500s), and a lone surrogate escape (`"\\ud800"`)
with "Input data was truncated". Lone surrogates must never reach the detectors or SQLite:
they cannot be encoded as UTF-8.
"""
from __future__ import annotations

import codecs
import re

from litestar import Request

from .errors import BadRequest, UnsupportedMediaType
from .settings import MAX_JSON_DEPTH

_BRACKETS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)
_ESCAPES = re.compile(rb"\\\\|\\u([0-9a-fA-F]{4})")
_SURROGATE_CHAR = re.compile("[\ud800-\udfff]")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def lone_surrogate(body: bytes) -> tuple[int, str] | None:
    """(byte offset, escape) of the first \\uD800-\\uDFFF escape that is not half of a valid pair."""
    if not re.search(rb"\\u[dD][89a-fA-F]", body):
        return None
    escapes = [m for m in _ESCAPES.finditer(body) if m.group(1)]
    skip_next = False
    for i, m in enumerate(escapes):
        if skip_next:
            skip_next = False
            continue
        code = int(m.group(1), 16)
        if 0xD800 <= code <= 0xDBFF:
            nxt = escapes[i + 1] if i + 1 < len(escapes) else None
            if nxt is not None and nxt.start() == m.end() and 0xDC00 <= int(nxt.group(1), 16) <= 0xDFFF:
                skip_next = True
                continue
            return m.start(), m.group().decode()
        if 0xDC00 <= code <= 0xDFFF:
            return m.start(), m.group().decode()
    return None


def check_json_body(body: bytes) -> None:
    body = body.removeprefix(codecs.BOM_UTF8)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            f"the JSON body is not valid UTF-8: byte {exc.start} (0x{body[exc.start]:02x}) cannot be decoded "
            f"({exc.reason}); JSON must be UTF-8 (send text in another encoding to /v1/clean as "
            "text/plain; charset=...)"
        ) from None
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH:
        depth = json_depth(body)
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(f"JSON nested too deeply: {depth} levels, the limit is {MAX_JSON_DEPTH}")
    found = lone_surrogate(body)
    if found is not None:
        offset, escape = found
        raise BadRequest(
            f"lone UTF-16 surrogate {escape} at byte {offset} of the JSON body: a surrogate escape "
            "must be half of a pair; such a string is not valid Unicode text",
            {"byte": offset, "escape": escape},
        )


def has_surrogates(text: str) -> bool:
    """Defence in depth for values that did not come through check_json_body."""
    return _SURROGATE_CHAR.search(text) is not None


RAW_BODY_PATHS = {"/v1/clean"}  # also takes text/plain and application/octet-stream (service.bodies)


async def guard_json_body(request: Request) -> None:
    """before_request hook: JSON bodies of write requests are checked before any handler parses them.

    Endpoints that take only JSON refuse other declared media types (Litestar would parse a
    text/plain body as JSON all the same, past this check).
    """
    if request.method not in WRITE_METHODS:
        return
    media_type = request.content_type[0].lower()
    if media_type and media_type != "application/json" and not media_type.endswith("+json"):
        if request.scope["path"].rstrip("/") in RAW_BODY_PATHS:
            return
        body = await request.body()
        if body:
            raise UnsupportedMediaType(f"unsupported Content-Type {media_type!r}: this endpoint takes application/json")
        return
    body = await request.body()
    if body:
        check_json_body(body)
