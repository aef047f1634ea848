"""One document through the detectors, with the corpus for the boilerplate check: shared by API and CLI."""
from __future__ import annotations

from dataclasses import dataclass

import msgspec

from corpus import CorpusStore
from detectors import CleanResult, clean

from .deadline import CleanSlots
from .metrics import Metrics
from .models import models_for
from .settings import Settings


@dataclass(frozen=True)
class CleanServices:
    """What the clean endpoints use, injected as one dependency: Litestar resolves a handler's
    several dependencies concurrently, one task each (three tasks a request for three)."""

    store: CorpusStore
    settings: Settings
    metrics: Metrics
    slots: CleanSlots


def clean_document(
    text: str,
    *,
    store: CorpusStore | None,
    doc_id: str | None = None,
    fix: bool = True,
    year: int | None = None,
    encoding: str | None = None,
    original: bool = False,
) -> CleanResult:
    """`detectors.clean` with the corpus query; `original=True` echoes the text the offsets index into.

    Callers that decoded bytes themselves pass original=True: the client never saw that text.
    """
    result = clean(
        text,
        doc_id=doc_id,
        fix=fix,
        year=year,
        corpus=store.query() if store is not None else None,
        models=models_for(store).current() if store is not None else None,
        encoding=encoding,
    )
    if original:
        # clean() drops a leading BOM before indexing; echo exactly what it indexed.
        result = msgspec.structs.replace(result, original=text.removeprefix("\ufeff"))
    return result
