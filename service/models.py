"""The corpus-trained models the detectors use: built from the corpus's documents with
their detected faults left out, cached in the corpus (either backend), and rebuilt when
the corpus has changed in bulk, never per request."""
from __future__ import annotations

import logging
import threading
import weakref

import msgspec

from corpus import CorpusStore
from detectors import clean
from detectors.langmodel import CharBigramModel
from detectors.models import Models

BLOB_NAME = "models.v3"  # v2: Latin words counted as one token; v3: numbers as another
# Rebuild once the document count has moved this much since the last build.
REBUILD_SHARE = 0.1
REBUILD_MIN_DOCUMENTS = 20
# Enough report text for character bigrams; more only costs time at rebuild.
TRAINING_DOCUMENTS = 2000


class _Cached(msgspec.Struct):
    documents: int
    domain: bytes


class CorpusModels:
    """The models of one store: loaded from its cache, or built and cached."""

    def __init__(self, store: CorpusStore):
        self._store = store
        self._lock = threading.Lock()
        self._models: Models | None = None
        self._built_from = -1
        self._thread_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False

    def current(self) -> Models:
        if self._models is None:
            self.refresh()
        return self._models

    def refresh(self) -> bool:
        """Load the cached models, or rebuild them if the corpus moved on; True if rebuilt."""
        with self._lock:
            documents = self._store.stats()["documents"]
            if self._models is not None and not self._stale(self._built_from, documents):
                return False
            cached = self._store.get_blob(BLOB_NAME)
            if cached is not None:
                entry = msgspec.msgpack.decode(cached, type=_Cached)
                if not self._stale(entry.documents, documents):
                    self._use(CharBigramModel.from_bytes(entry.domain), entry.documents)
                    return False
            domain = self._train()
            self._store.put_blob(BLOB_NAME, msgspec.msgpack.encode(_Cached(documents, domain.to_bytes())))
            self._use(domain, documents)
            return True

    def refresh_in_background(self) -> None:
        """Refresh in one background thread at a time; `wait` joins it (before the store
        closes: a connection closed under a running query can crash the interpreter)."""
        with self._thread_lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = True  # the running refresh looks once more when it ends
                return
            self._thread = threading.Thread(target=self._refresh_until_current, name="zhclean-models", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.join()

    def _refresh_until_current(self) -> None:
        while True:
            self._again = False
            try:
                self.refresh()
            except Exception:  # the next start rebuilds; the service goes on with the old models
                logging.getLogger("zhclean").exception("could not refresh the corpus models")
            with self._thread_lock:
                if not self._again:
                    return

    def _use(self, domain: CharBigramModel, documents: int) -> None:
        self._models = Models(domain)
        self._built_from = documents

    @staticmethod
    def _stale(built_from: int, documents: int) -> bool:
        moved = abs(documents - built_from)
        return moved >= max(REBUILD_MIN_DOCUMENTS, REBUILD_SHARE * built_from) or (built_from == 0 < documents)

    def _train(self) -> CharBigramModel:
        ids = list(self._store.document_ids())
        step = max(1, len(ids) // TRAINING_DOCUMENTS)
        texts = (self._store.get_document(doc_id) or "" for doc_id in ids[::step])
        # Cleaned text: spam, chrome and mojibake must not teach the model what reports say.
        return CharBigramModel.from_texts(clean(text).text for text in texts)


_by_store: "weakref.WeakKeyDictionary[CorpusStore, CorpusModels]" = weakref.WeakKeyDictionary()
_by_store_lock = threading.Lock()


def models_for(store: CorpusStore) -> CorpusModels:
    with _by_store_lock:
        if store not in _by_store:
            _by_store[store] = CorpusModels(store)
        return _by_store[store]


def refresh_in_background(store: CorpusStore) -> None:
    """After a write to the corpus: rebuild the models if it moved in bulk, off the request."""
    models_for(store).refresh_in_background()
