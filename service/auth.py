"""Bearer-token guard for the endpoints that change the corpus (on when ZHCLEAN_API_TOKEN is set)."""
from __future__ import annotations

import hmac

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from .errors import Unauthorized


def require_token(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    expected: str | None = connection.app.state.settings.api_token
    if expected is None:
        return
    scheme, _, given = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("this endpoint changes the corpus and needs 'Authorization: Bearer <token>'")
    # Constant-time comparison, so the token cannot be guessed byte by byte from timings.
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise Unauthorized("wrong API token")
