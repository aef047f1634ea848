"""Corpus-trained models: cached with the corpus, reused, rebuilt after bulk changes."""
from __future__ import annotations

import msgspec
import pytest

from corpus import open_store
from service.models import BLOB_NAME, CorpusModels, REBUILD_MIN_DOCUMENTS
from tests.seeds import seed


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "corpus.sqlite3"))
    yield s
    s.close()


def test_models_are_built_once_and_cached_in_the_corpus(store):
    assert store.get_blob(BLOB_NAME) is None
    assert CorpusModels(store).refresh() is True
    cached = store.get_blob(BLOB_NAME)
    assert cached
    # A new holder (another worker, a restart) loads the cache instead of training.
    fresh = CorpusModels(store)
    assert fresh.refresh() is False
    assert fresh.current().domain.unigrams["法"] > 0


def test_models_leave_detected_faults_out(store):
    store.add_documents([(f"spam-{i}", seed("002")) for i in range(3)])
    models = CorpusModels(store).current()
    assert "冠足" not in models.domain.bigrams  # 皇冠足球比分 was removed before training
    assert models.domain.bigrams["法治"] > 0


def test_models_rebuilt_after_bulk_changes_only(store):
    holder = CorpusModels(store)
    holder.refresh()
    store.add_documents([("one-more", seed("000"))])
    assert holder.refresh() is False  # one document is not a bulk change
    store.add_documents([(f"bulk-{i}", seed("001")) for i in range(REBUILD_MIN_DOCUMENTS)])
    assert holder.refresh() is True
    entry = msgspec.msgpack.decode(store.get_blob(BLOB_NAME))
    assert entry["documents"] == store.stats()["documents"]
