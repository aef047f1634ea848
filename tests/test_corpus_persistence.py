"""Persistence under SIGKILL: the real `zhclean serve`, killed mid-ingest, restarted.

Every document whose POST /v1/corpus/documents was answered 200 before the kill must be
there after the restart, with its text, findable as a near-duplicate, and the index must
pass its integrity check.
"""

import signal
import threading
import time

import httpx

from corpus import open_store
from corpus.bundled import reference_documents
from corpus.testing import free_port
from tests.servers import start_zhclean

BATCH = 25
ACKED_BEFORE_KILL = 4  # batches answered before the kill


def documents(n: int):
    """Edited copies of the reference reports: one character in 50 changed, a unique tag first."""
    refs = reference_documents()
    for i in range(n):
        ref_id, text = refs[i % len(refs)]
        chars = list(text)
        for k in range(i % 50, len(chars), 50):
            if "\u4e00" <= chars[k] <= "\u9fff":
                chars[k] = chr(0x4E00 + (ord(chars[k]) * 31 + i) % 0x5000)
        yield f"kill-{i:05d}", f"第{i}号。" + "".join(chars), ref_id


def test_acknowledged_documents_survive_sigkill_mid_ingest(tmp_path):
    db = str(tmp_path / "corpus.sqlite3")
    log = tmp_path / "server.log"
    port = free_port()
    server = start_zhclean(db, port, log)
    acked: dict[str, tuple[str, str]] = {}
    acked_batches = threading.Semaphore(0)
    stop = threading.Event()
    failures: list[str] = []

    def ingest():
        docs = documents(100_000)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while not stop.is_set():
                batch = [next(docs) for _ in range(BATCH)]
                try:
                    r = client.post("/v1/corpus/documents",
                                    json={"documents": [{"id": i, "text": t} for i, t, _ in batch]})
                except httpx.HTTPError:
                    return  # the server is gone: this batch was never acknowledged
                if r.status_code != 200:
                    failures.append(f"{r.status_code} {r.text[:200]}")
                    return
                assert r.json()["added"] == BATCH
                acked.update({i: (t, ref) for i, t, ref in batch})
                acked_batches.release()

    thread = threading.Thread(target=ingest, daemon=True)
    try:
        thread.start()
        for _ in range(ACKED_BEFORE_KILL):
            assert acked_batches.acquire(timeout=60), f"ingest stalled: {failures} {log.read_text()[-2000:]}"
        # The next batch is in flight (the client posts back to back): kill now.
        time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        stop.set()
        thread.join(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert not failures
    known = dict(acked)  # acknowledged before the kill: nothing else may be required
    assert len(known) >= ACKED_BEFORE_KILL * BATCH

    server = start_zhclean(db, port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            stats = client.get("/v1/corpus/stats").json()
            # Reference documents + every acknowledged batch; the in-flight one is all or nothing.
            extra = stats["documents"] - 5 - len(known)
            assert extra in (0, BATCH), stats
            for doc_id, (text, _) in known.items():
                r = client.get(f"/v1/corpus/documents/{doc_id}")
                assert r.status_code == 200 and r.json()["text"] == text, doc_id
            # Queryable: each acknowledged copy is found as a near-duplicate of its reference.
            pairs, offset = set(), 0
            while True:
                page = client.get("/v1/corpus/duplicates",
                                  params={"threshold": 0.7, "limit": 5000, "offset": offset}).json()
                pairs.update((p["a"], p["b"]) for p in page["pairs"])
                offset += len(page["pairs"])
                if offset >= page["total_pairs"] or not page["pairs"]:
                    break
            for doc_id, (_, ref_id) in known.items():
                assert (min(doc_id, ref_id), max(doc_id, ref_id)) in pairs, doc_id
            # And the boilerplate check on /v1/clean names them.
            sample_id, (sample_text, _) = next(iter(known.items()))
            issues = client.post("/v1/clean", json={"text": sample_text, "id": sample_id}).json()["issues"]
            named = {d["id"] for i in issues if i["type"] == "boilerplate" for d in i["detail"]["documents"]}
            assert named & set(known), named
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open_store(db) as store:
        assert store.check_integrity() == []
        assert store.stats()["documents"] == stats["documents"]
