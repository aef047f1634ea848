"""One error hierarchy for the service, mapped to JSON 4xx answers in one place.

Every answer is `{"error": message, "detail": ...}`; the message says what was wrong.
"""
from __future__ import annotations

import logging
import sqlite3
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException

from corpus import CorpusError

from .decoding import DecodeError, UnknownCharsetError

log = logging.getLogger("zhclean.service")


class ServiceError(Exception):
    """A request the service refuses; subclasses carry the status."""

    status_code = 400

    def __init__(self, message: str, detail: Any = None):
        super().__init__(message)
        self.message = message
        self.detail = detail


class BadRequest(ServiceError):
    status_code = 400


class Unauthorized(ServiceError):
    status_code = 401


class NotFound(ServiceError):
    status_code = 404


class PayloadTooLarge(ServiceError):
    status_code = 413


class UnsupportedMediaType(ServiceError):
    status_code = 415


class Unprocessable(ServiceError):
    status_code = 422


class InsufficientStorage(ServiceError):
    status_code = 507


class Unavailable(ServiceError):
    status_code = 503


def error_response(status_code: int, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> Response:
    return Response(
        {"error": message, "detail": detail},
        status_code=status_code,
        media_type=MediaType.JSON,
        headers=headers,
    )


def _service_error(_: Request, exc: ServiceError) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return error_response(exc.status_code, exc.message, exc.detail, headers)


def _decode_error(_: Request, exc: DecodeError) -> Response:
    # An unknown charset label is a media type we do not support; bad bytes are content we cannot process.
    return error_response(415 if isinstance(exc, UnknownCharsetError) else 422, str(exc))


def _corpus_error(_: Request, exc: CorpusError) -> Response:
    return error_response(400, str(exc))


def _validation_message(error: dict) -> str:
    message, key = error.get("message", ""), error.get("key")
    if key == "data" and message == "'data'":  # Litestar's words for a missing body
        return "missing request body: send a JSON object"
    if key and key != "data":
        source = "query parameter" if error.get("source") == "query" else "field"
        return f"{message} ({source} `{key}`)"
    return message


def _validation_error(request: Request, exc: ValidationException) -> Response:
    # Litestar puts msgspec's own words ("Expected `str`, got `int`") and the field in extra.
    errors = [e for e in exc.extra or [] if isinstance(e, dict)]
    messages = [_validation_message(e) for e in errors if e.get("message")]
    message = f"invalid request: {'; '.join(messages)}" if messages else f"invalid request: {exc.detail}"
    return error_response(400, message, errors or None)


def _http_error(request: Request, exc: HTTPException) -> Response:
    message = exc.detail
    if exc.status_code == 404:
        message = f"no such endpoint: {request.method} {request.url.path}"
    elif exc.status_code == 405:
        message = f"method {request.method} not allowed on {request.url.path}"
    elif exc.status_code == 400 and message == "Input data was truncated":  # msgspec, via Litestar
        message = "malformed JSON: input data was truncated"
    elif exc.status_code == 413:
        limit = request.app.state.settings.max_body_bytes
        message = f"request body too large: the limit is {limit} bytes (ZHCLEAN_MAX_BODY_BYTES)"
    return error_response(exc.status_code, message, exc.extra, exc.headers)


def _database_error(request: Request, exc: sqlite3.OperationalError) -> Response:
    """SQLite's own refusals that are conditions of the machine, not bugs: said so, with a status.

    SQLite rolls the transaction back in each case, so nothing half-written stays behind.
    """
    # SQLite rolls back by itself on a full disk; a handler's own ROLLBACK then fails with
    # "no transaction is active", and the real cause is this error's context.
    chain, seen = [], exc
    while seen is not None and len(chain) < 5:
        chain.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    said = " <- ".join(chain)
    text = said.lower()
    if "disk is full" in text:
        return error_response(507, "the corpus database cannot grow: the disk (or its quota) is full; "
                              "nothing from this request was written", said)
    if "readonly" in text or "read-only" in text:
        return error_response(503, "the corpus database is read-only: nothing can be written to it", said)
    if "locked" in text or "busy" in text:
        return error_response(503, "the corpus database is busy: try again", said, {"Retry-After": "1"})
    return _unexpected(request, exc)


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal error", type(exc).__name__)


EXCEPTION_HANDLERS = {
    ServiceError: _service_error,
    DecodeError: _decode_error,
    CorpusError: _corpus_error,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    sqlite3.OperationalError: _database_error,
    Exception: _unexpected,
}
