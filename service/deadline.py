"""A per-request processing deadline for the blocking work (the detectors, the corpus query).

The work runs in a worker thread; when the deadline passes first, the request is answered
at once with 503 and the thread is abandoned. Python cannot stop a thread, so the abandoned
computation still runs to its end (bounded: the detectors are linear in the text, which is
bounded by ZHCLEAN_MAX_BODY_BYTES), but the event loop and every other request go on.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
import anyio.to_thread

from .errors import ServiceError

T = TypeVar("T")

_overrun_lock = threading.Lock()
_overrunning = 0  # abandoned computations still running, for /metrics and tests


class DeadlineExceeded(ServiceError):
    status_code = 503


def overrunning() -> int:
    return _overrunning


def _tracked(fn: Callable[[], T], state: dict) -> T:
    try:
        return fn()
    finally:
        with _overrun_lock:
            state["done"] = True
            if state.get("abandoned"):
                global _overrunning
                _overrunning -= 1


async def run_with_deadline(fn: Callable[..., T], *args, deadline_ms: int, what: str, **kwargs) -> T:
    """fn(*args, **kwargs) in a worker thread, or DeadlineExceeded after deadline_ms (0: no deadline)."""
    call = partial(fn, *args, **kwargs)
    if deadline_ms <= 0:
        return await anyio.to_thread.run_sync(call)
    state: dict = {}
    with anyio.move_on_after(deadline_ms / 1000) as scope:
        return await anyio.to_thread.run_sync(partial(_tracked, call, state), abandon_on_cancel=True)
    if scope.cancelled_caught:
        with _overrun_lock:
            if not state.get("done"):
                global _overrunning
                _overrunning += 1
                state["abandoned"] = True
    raise DeadlineExceeded(
        f"{what} took longer than the processing deadline of {deadline_ms} ms (ZHCLEAN_DEADLINE_MS); "
        "the input is unusually slow to analyse: split it into smaller documents",
        {"deadline_ms": deadline_ms},
    )
