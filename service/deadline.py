"""A per-request processing deadline for the blocking work (the detectors, the corpus query).

The work runs in a worker thread; when the deadline passes first, the request is answered
at once with 503 and the thread is abandoned. Python cannot stop a thread, so the abandoned
computation still runs to its end (bounded: the detectors are linear in the text, which is
bounded by ZHCLEAN_MAX_BODY_BYTES), but the event loop and every other request go on.
"""
from __future__ import annotations

import asyncio
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


class CleanSlots:
    """At most `n` cleaning computations at once, counted until each really ends.

    A computation abandoned at its deadline keeps its slot until its thread finishes, so
    abandoned work cannot pile up and starve the rest; a request that finds every slot taken
    for a whole deadline is refused (503) without starting any work: load is shed, not queued
    forever. Fewer threads also keep the GIL from stretching every request's wall time.
    """

    def __init__(self, n: int):
        self.n = n
        self._semaphore = asyncio.Semaphore(n)

    async def acquire(self, timeout: float | None) -> bool:
        try:
            await asyncio.wait_for(self._semaphore.acquire(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    def release_from_thread(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.call_soon_threadsafe(self._semaphore.release)


async def run_with_deadline(fn: Callable[..., T], *args, deadline_ms: int, what: str,
                            slots: CleanSlots | None = None, **kwargs) -> T:
    """fn(*args, **kwargs) in a worker thread, or DeadlineExceeded after deadline_ms (0: no deadline)."""
    call = partial(fn, *args, **kwargs)
    timeout = deadline_ms / 1000 if deadline_ms > 0 else None
    if slots is not None:
        if not await slots.acquire(timeout):
            raise DeadlineExceeded(
                f"the server is busy: all {slots.n} cleaning slots stayed in use for the {deadline_ms} ms deadline "
                "(ZHCLEAN_DEADLINE_MS, ZHCLEAN_CLEAN_SLOTS); try again", {"deadline_ms": deadline_ms})
        loop = asyncio.get_running_loop()
        inner = call

        def call() -> T:  # the slot is given back when the work ends, abandoned or not
            try:
                return inner()
            finally:
                slots.release_from_thread(loop)
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
