"""A per-request processing deadline for the blocking work (the detectors, the corpus query).

The work runs on a cleaning slot's thread; when the deadline passes first, the request is
answered at once with 503 and the thread is abandoned. Python cannot stop a thread, so the abandoned
computation still runs to its end (bounded: the detectors are linear in the text, which is
bounded by ZHCLEAN_MAX_BODY_BYTES), but the event loop and every other request go on.
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

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

    The computations run on the slots' own `n` threads (a slot is a thread), handed over with
    the event loop's run_in_executor: a third of the cost of anyio's to_thread with a cancel
    scope around it, per request. `close` waits for running work, so the store is never closed
    under an abandoned computation's query.
    """

    def __init__(self, n: int):
        self.n = n
        self._semaphore = asyncio.Semaphore(n)
        self.executor = ThreadPoolExecutor(max_workers=n, thread_name_prefix="zhclean-clean")

    async def acquire(self, timeout: float | None) -> bool:
        if not self._semaphore.locked():  # a free slot: taken at once, without a timeout task
            return await self._semaphore.acquire()
        try:
            await asyncio.wait_for(self._semaphore.acquire(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    def release_from_thread(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.call_soon_threadsafe(self._semaphore.release)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


async def run_with_deadline(fn: Callable[..., T], *args, deadline_ms: int, what: str, slots: CleanSlots,
                            **kwargs) -> T:
    """fn(*args, **kwargs) on a slot's thread, or DeadlineExceeded after deadline_ms (0: no deadline)."""
    call = partial(fn, *args, **kwargs)
    timeout = deadline_ms / 1000 if deadline_ms > 0 else None
    if not await slots.acquire(timeout):
        raise DeadlineExceeded(
            f"the server is busy: all {slots.n} cleaning slots stayed in use for the {deadline_ms} ms deadline "
            "(ZHCLEAN_DEADLINE_MS, ZHCLEAN_CLEAN_SLOTS); try again", {"deadline_ms": deadline_ms})
    loop = asyncio.get_running_loop()
    state: dict = {}

    def run() -> T:  # the slot is given back when the work ends, abandoned or not
        try:
            return _tracked(call, state)
        finally:
            slots.release_from_thread(loop)

    try:
        future = asyncio.wrap_future(slots.executor.submit(run))
    except BaseException:
        slots.release_from_thread(loop)  # nothing was started (an executor already closed)
        raise
    # asyncio.wait never cancels the work: a request cancelled or timed out abandons it, and
    # `run` still gives the slot back when it ends.
    done, _ = await asyncio.wait((future,), timeout=timeout)
    if done:
        return future.result()
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
