"""Turn a /v1/clean request body (JSON, text/plain or application/octet-stream) into a CleanRequest."""
from __future__ import annotations

import codecs

import msgspec

from .decoding import decode_body
from .errors import BadRequest, UnsupportedMediaType
from .schemas import CleanRequest

JSON_TYPES = ("application/json",)
TEXT_TYPES = ("text/plain", "application/octet-stream")


class ParsedBody(msgspec.Struct, kw_only=True):
    request: CleanRequest
    encoding: str | None  # how raw bytes were decoded; None for JSON
    from_bytes: bool  # the text came from raw bytes, so the answer echoes it as "original"


def decode_json(body: bytes, type_: type):
    """msgspec decoding with messages that name the problem; a UTF-8 BOM is tolerated."""
    body = body.removeprefix(codecs.BOM_UTF8)
    if not body.strip():
        raise BadRequest("empty request body: send a JSON object")
    try:
        return msgspec.json.decode(body, type=type_)
    except msgspec.ValidationError as exc:
        raise BadRequest(f"invalid request body: {exc}") from None
    except msgspec.DecodeError as exc:
        message = str(exc)  # msgspec says "JSON is malformed: ..." or "Input data was truncated"
        raise BadRequest(message if message.startswith("JSON is malformed") else f"malformed JSON: {message}") from None


def parse_clean_body(
    media_type: str,
    charset: str | None,
    body: bytes,
    *,
    doc_id: str | None,
    fix: bool,
    year: int | None,
) -> ParsedBody:
    """JSON carries its own options; raw text takes id, fix and year from the query string."""
    media_type = media_type.lower()
    # No Content-Type at all: assume JSON, the documented default.
    if media_type in JSON_TYPES or media_type.endswith("+json") or not media_type:
        return ParsedBody(request=decode_json(body, CleanRequest), encoding=None, from_bytes=False)
    if media_type in TEXT_TYPES:
        text, encoding = decode_body(body, charset)
        return ParsedBody(
            request=CleanRequest(text=text, id=doc_id, fix=fix, year=year), encoding=encoding, from_bytes=True
        )
    raise UnsupportedMediaType(
        f"unsupported Content-Type {media_type!r}: send application/json, "
        "text/plain; charset=... or application/octet-stream"
    )
