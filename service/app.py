"""The Litestar application: routes, the corpus store's lifetime, dependencies and error mapping."""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.concurrency import sync_to_thread
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from corpus import CorpusStore, open_store
from detectors import warm_up

from .access_log import AccessLog
from .cleaning import CleanServices
from .controllers.clean import CleanController
from .controllers.corpus import CorpusController
from .controllers.pages import VERSION, corpus_page, healthz, index, metrics_page, static_asset
from .deadline import CleanSlots
from .errors import EXCEPTION_HANDLERS
from .jsonguard import guard_json_body
from .metrics import Metrics
from .models import models_for
from .openapi_errors import document_errors
from .settings import Settings


def _store(state: State) -> CorpusStore:
    return state.store


def _settings(state: State) -> Settings:
    return state.settings


def _metrics(state: State) -> Metrics:
    return state.metrics


def _clean_services(state: State) -> CleanServices:
    return state.clean_services


class StartupError(RuntimeError):
    """The service cannot start on this corpus database; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        # uvicorn prints the traceback; this line says it plainly.
        logging.getLogger("zhclean.service").critical("%s", message)


def _check_writable(store: CorpusStore) -> None:
    """Write to the SQLite file and roll back: SQLITE_READONLY if we may not write (BEGIN alone succeeds)."""
    stats = store.stats()
    if stats.get("backend") != "sqlite":
        return
    conn = sqlite3.connect(stats["location"], timeout=5, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE zhclean_write_probe (x)")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():  # another writer: fine
            raise
    finally:
        conn.close()


def _describe(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return "is read-only: make the file and its folder writable by this user, or point --db/ZHCLEAN_DB elsewhere"
    if "disk is full" in text:
        return "cannot grow: the disk is full"
    return "cannot be used"


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    metrics = Metrics()

    @asynccontextmanager
    async def corpus_lifespan(app: Litestar) -> AsyncIterator[None]:
        # Opening may create the index and load the reference documents: off the event loop.
        store = await sync_to_thread(open_store, settings.db)
        app.state.store = store
        try:
            # A read-only database opens and reads fine and would only fail on the first write:
            # find out now, while a clear message can still stop the start.
            await sync_to_thread(_check_writable, store)
            # Train or load the corpus models, then warm the detectors up with them: tables,
            # automata and the background model are built now, not on the first request.
            await sync_to_thread(models_for(store).refresh)
            await sync_to_thread(warm_up, models_for(store).current())
        except sqlite3.OperationalError as exc:
            store.close()
            where = settings.db or "./zhclean-data/"
            raise StartupError(f"cannot start: the corpus database {where} {_describe(exc)} ({exc})") from exc
        slots = CleanSlots(settings.clean_slots)
        app.state.clean_services = CleanServices(store, settings, metrics, slots)
        try:
            yield
        finally:
            slots.close()  # abandoned computations end before the store closes under their queries
            models_for(store).wait()
            store.close()

    app = Litestar(
        route_handlers=[CleanController, CorpusController, index, corpus_page, static_asset, healthz, metrics_page],
        lifespan=[corpus_lifespan],
        dependencies={
            "store": Provide(_store, sync_to_thread=False),
            "settings": Provide(_settings, sync_to_thread=False),
            "metrics": Provide(_metrics, sync_to_thread=False),
            "clean_services": Provide(_clean_services, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=guard_json_body,
        request_max_body_size=settings.max_body_bytes,
        # The schema as JSON only (/schema and /schema/openapi.json): Litestar's HTML viewers load
        # their scripts from CDNs, which neither an offline machine nor our CSP allows.
        openapi_config=OpenAPIConfig(title="zhclean", version=VERSION, path="/schema",
                                     render_plugins=[JsonRenderPlugin(path=["/", "/openapi.json"])]),
        state=State({"settings": settings, "metrics": metrics}),
        # Errors are already answered as JSON and logged once by our handlers.
        logging_config=None,
    )
    document_errors(app, token_required=settings.api_token is not None)
    # Outside routing, so 404s and 405s are logged and counted too.
    app.asgi_handler = AccessLog(app.asgi_handler, metrics)
    return app


def app_from_env() -> Litestar:
    """Factory for `uvicorn --factory` (one per worker process): settings from ZHCLEAN_* only."""
    return create_app(Settings.from_env())
