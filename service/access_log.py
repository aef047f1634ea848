"""One JSON line per HTTP request (method, path, route, status, ms), and the request metrics.

It wraps the whole ASGI handler, outside routing, so unrouted requests (404, 405) are
logged and counted too.
"""
from __future__ import annotations

import json
import logging
import sys
import time

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import Metrics

UNMATCHED_ROUTE = "<unmatched>"  # keeps arbitrary 404 paths out of the metric labels


def access_logger() -> logging.Logger:
    log = logging.getLogger("zhclean.access")
    if not log.handlers:
        # Our own handler so the lines come out whatever uvicorn or Litestar did to logging.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


class AccessLog:
    def __init__(self, app: ASGIApp, metrics: Metrics, log: logging.Logger | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.log = log or access_logger()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers if the app dies before starting a response

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            seconds = time.perf_counter() - started
            # Routing writes the matched template ("/v1/corpus/documents/{doc_id:str}") into the scope.
            route = scope.get("path_template") or UNMATCHED_ROUTE
            self.metrics.observe_request(scope["method"], route, status, seconds)
            self.log.info(json.dumps({
                "method": scope["method"],
                "path": scope["path"],
                "route": route,
                "status": status,
                "ms": round(seconds * 1000, 2),
            }, ensure_ascii=False))
