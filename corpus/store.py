"""CorpusStore: documents in, near-duplicate pairs, shared passages and reports out.

The store holds the logic (signatures, LSH buckets, verification, clustering); a
backend (sqlite_backend.SQLiteBackend, behind backend.Backend) holds the rows.
"""

import os
import re
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

import msgspec
import numpy as np

from . import minhash
from .backend import Backend, DocumentRecord, ParagraphRecord, content_sha1
from .bundled import reference_documents
from .clusters import connected_components
from .errors import CorpusError
from .lsh import DOCUMENT_BANDING, PARAGRAPH_BANDING
from .normalize import normalize_for_matching
from .paragraphs import split_paragraphs
from .shingles import shingle_hashes
from .sqlite_backend import SQLiteBackend

DEFAULT_DB = "./zhclean-data/corpus.sqlite3"
# Paragraph similarity at which two paragraphs count as the same passage.
PARAGRAPH_THRESHOLD = 0.6
BATCH_SIZE = 1000  # documents per write transaction in add_documents
EXCERPT_CHARS = 200
HISTOGRAM_BINS = 10
REPORT_MAX_PAIRS = 1000


class ParagraphMatch(msgspec.Struct, frozen=True):
    start: int  # span of the paragraph in the queried text
    end: int
    matches: list[tuple[str, float]]  # other documents' ids with estimated similarity, best first


def _signature(text: str) -> np.ndarray:
    return minhash.signature(shingle_hashes(normalize_for_matching(text)))


def _record(doc_id: str, text: str) -> DocumentRecord:
    if not isinstance(doc_id, str) or not doc_id:
        raise CorpusError(f"a document id must be a non-empty string, not {doc_id!r}")
    if not isinstance(text, str):
        raise CorpusError(f"the text of document {doc_id!r} must be a string")
    hashes = shingle_hashes(normalize_for_matching(text))
    sig = minhash.signature(hashes)
    paragraphs = []
    for start, end in split_paragraphs(text):
        psig = _signature(text[start:end])
        paragraphs.append(ParagraphRecord(start, end, minhash.to_bytes(psig), PARAGRAPH_BANDING.buckets(psig)))
    return DocumentRecord(
        id=doc_id,
        text=text,
        sha1=content_sha1(text),
        signature=minhash.to_bytes(sig),
        # A text with no letters or digits has no shingles: it is similar to nothing.
        buckets=DOCUMENT_BANDING.buckets(sig) if hashes.size else [],
        paragraphs=paragraphs,
    )


def _check_threshold(threshold: float) -> float:
    if not 0.0 <= threshold <= 1.0:
        raise CorpusError(f"threshold must be between 0 and 1, not {threshold}")
    return float(threshold)


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise CorpusError(f"limit and offset must not be negative (got {limit}, {offset})")


def _excerpt(text: str) -> str:
    return text[:EXCERPT_CHARS]


class CorpusQuery:
    """The read-only view of the corpus handed to the detectors."""

    def __init__(self, store: "CorpusStore"):
        self._store = store
        self.scheme = store.scheme

    def find_boilerplate(
        self, text: str, *, exclude_id: str | None = None, threshold: float = PARAGRAPH_THRESHOLD
    ) -> list[ParagraphMatch]:
        """Paragraphs of `text` that near-duplicate paragraphs of other corpus documents.

        A document never matches itself: the entry `exclude_id` is left out, and without
        an id every entry whose raw text is identical to `text` is.
        """
        threshold = _check_threshold(threshold)
        backend = self._store._backend
        excluded = {exclude_id} if exclude_id is not None else set(backend.ids_with_sha1(content_sha1(text)))
        found = []
        for start, end in split_paragraphs(text):
            sig = _signature(text[start:end])
            candidates = [
                c for c in backend.paragraph_candidates(PARAGRAPH_BANDING.buckets(sig)) if c.doc_id not in excluded
            ]
            best: dict[str, float] = {}
            if candidates:
                sims = minhash.similarities(sig, b"".join(c.signature for c in candidates))
                for cand, sim in zip(candidates, sims.tolist()):
                    if sim >= threshold and sim > best.get(cand.doc_id, -1.0):
                        best[cand.doc_id] = sim
            if best:
                found.append(ParagraphMatch(start, end, sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))))
        return found


class CorpusStore:
    """The persistent corpus index.

    Safe to share between threads: the SQLite backend gives each thread its own
    connection (threading.local) and serialises writes with a lock.
    """

    def __init__(self, backend: Backend):
        self._backend = backend
        self.backend: str = backend.name
        self.scheme: str = backend.scheme

    # -- documents -------------------------------------------------------------------

    def add_documents(self, docs: Iterable[tuple[str, str]]) -> int:
        """Add or replace (same id) documents; one transaction per BATCH_SIZE documents."""
        count = 0
        docs = iter(docs)
        while batch := list(islice(docs, BATCH_SIZE)):
            records = [_record(doc_id, text) for doc_id, text in batch]
            self._backend.write_documents(records)
            count += len(records)
        return count

    def get_document(self, doc_id: str) -> str | None:
        return self._backend.get_text(doc_id)

    def delete_document(self, doc_id: str) -> bool:
        return self._backend.delete_document(doc_id)

    def list_ids(self, limit: int = 100, offset: int = 0) -> list[str]:
        _check_page(limit, offset)
        return self._backend.list_ids(limit, offset)

    def stats(self) -> dict:
        documents, paragraphs = self._backend.counts()
        return {
            "documents": documents,
            "paragraphs": paragraphs,
            "backend": self.backend,
            "scheme": self.scheme,
            "schema_version": self._backend.schema_version,
            "location": self._backend.location,
        }

    def query(self) -> CorpusQuery:
        return CorpusQuery(self)

    def check_integrity(self) -> list[str]:
        return self._backend.check_integrity()

    def close(self) -> None:
        self._backend.close()

    def __enter__(self) -> "CorpusStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- duplicates ----------------------------------------------------------------

    def _candidate_pairs(self) -> tuple[list[tuple[str, str, float]], dict[str, int]]:
        """Every document-level LSH candidate pair with its estimated similarity, best first."""
        sigs = self._backend.document_signatures()
        pairs = [
            (a, b, minhash.similarity(minhash.from_bytes(sigs[a][0]), minhash.from_bytes(sigs[b][0])))
            for a, b in self._backend.document_candidate_pairs()
        ]
        pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
        return pairs, {doc_id: length for doc_id, (_, length) in sigs.items()}

    @staticmethod
    def _clusters(pairs: list[tuple[str, str, float]], lengths: dict[str, int]) -> list[dict]:
        """Connected components of the pairs; the representative is the longest text (ties: smallest id)."""
        clusters = []
        for number, ids in enumerate(connected_components((a, b) for a, b, _ in pairs), start=1):
            representative = min(ids, key=lambda i: (-lengths.get(i, 0), i))
            clusters.append({"id": number, "ids": ids, "representative": representative, "size": len(ids)})
        return clusters

    def duplicates(self, threshold: float = 0.7, limit: int = 100, offset: int = 0) -> dict:
        """Near-duplicate document pairs (a < b), best first, and their clusters.

        Candidates come from the document-level LSH buckets; the similarity is the
        MinHash estimate from the two stored signatures, and candidates under
        `threshold` are dropped.  limit/offset page the pairs; clusters are always
        complete (computed from all pairs).
        """
        threshold = _check_threshold(threshold)
        _check_page(limit, offset)
        candidates, lengths = self._candidate_pairs()
        pairs = [p for p in candidates if p[2] >= threshold]
        return {
            "pairs": [{"a": a, "b": b, "similarity": s} for a, b, s in pairs[offset : offset + limit]],
            "clusters": self._clusters(pairs, lengths),
            "total_pairs": len(pairs),
        }

    def shared_passages(self, a: str, b: str, threshold: float = PARAGRAPH_THRESHOLD) -> dict | None:
        """Paragraph pairs of documents a and b whose estimated similarity reaches `threshold`."""
        threshold = _check_threshold(threshold)
        text_a, text_b = self._backend.get_text(a), self._backend.get_text(b)
        if text_a is None or text_b is None:
            return None
        paras_a, paras_b = self._backend.paragraphs_of(a), self._backend.paragraphs_of(b)
        passages = []
        if paras_a and paras_b:
            sigs_a = np.stack([minhash.from_bytes(p.signature) for p in paras_a])
            sigs_b = np.stack([minhash.from_bytes(p.signature) for p in paras_b])
            # All paragraph pairs at once: share of equal minima per (i, j).
            sims = (sigs_a[:, None, :] == sigs_b[None, :, :]).mean(axis=2)
            for i, j in zip(*np.nonzero(sims >= threshold)):
                pa, pb = paras_a[i], paras_b[j]
                passages.append({
                    "a_start": pa.start, "a_end": pa.end, "b_start": pb.start, "b_end": pb.end,
                    "similarity": float(sims[i, j]),
                    "a_excerpt": _excerpt(text_a[pa.start : pa.end]),
                    "b_excerpt": _excerpt(text_b[pb.start : pb.end]),
                })
        return {"a": a, "b": b, "similarity": minhash.similarity(_signature(text_a), _signature(text_b)),
                "passages": passages}

    # -- report ------------------------------------------------------------------------

    def _shared_paragraph_groups(self) -> tuple[list[list[int]], dict[int, object]]:
        """Groups of near-duplicate paragraphs across documents (components of verified pairs)."""
        paragraphs = {p.id: p for p in self._backend.iter_paragraphs()}
        sigs = {pid: minhash.from_bytes(p.signature) for pid, p in paragraphs.items()}
        edges = [
            (p, q) for p, q in self._backend.paragraph_candidate_pairs()
            if minhash.similarity(sigs[p], sigs[q]) >= PARAGRAPH_THRESHOLD
        ]
        return connected_components(edges), paragraphs

    def report(self, threshold: float = 0.7, top: int = 20) -> dict:
        """The corpus-wide duplication report.

        - clusters: as in duplicates(threshold).
        - top_passages: the `top` groups of near-duplicate paragraphs (similarity >=
          PARAGRAPH_THRESHOLD, grouped transitively) found in the most documents.
        - boilerplate_ratio: per document, the characters of its paragraphs shared with
          at least one other document over the characters of all its paragraphs.
        - histogram: the document-level LSH candidate pairs by estimated similarity in
          tenths; pairs the bands do not propose (mostly under 0.5) are not counted.
        - pairs: pairs >= threshold, best first, at most REPORT_MAX_PAIRS (total_pairs
          says how many there are).
        """
        threshold = _check_threshold(threshold)
        if top < 0:
            raise CorpusError(f"top must not be negative, not {top}")
        documents, paragraph_count = self._backend.counts()
        candidates, lengths = self._candidate_pairs()
        pairs = [p for p in candidates if p[2] >= threshold]

        histogram = [
            {"from": round(i / HISTOGRAM_BINS, 2), "to": round((i + 1) / HISTOGRAM_BINS, 2), "pairs": 0}
            for i in range(HISTOGRAM_BINS)
        ]
        for _, _, sim in candidates:
            histogram[min(int(sim * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)]["pairs"] += 1

        groups, paragraphs = self._shared_paragraph_groups()
        shared = {pid for group in groups for pid in group}
        total_chars: dict[str, int] = dict.fromkeys(lengths, 0)
        shared_chars: dict[str, int] = dict.fromkeys(lengths, 0)
        for p in paragraphs.values():
            total_chars[p.doc_id] += p.end - p.start
            if p.id in shared:
                shared_chars[p.doc_id] += p.end - p.start
        boilerplate_ratio = {
            doc_id: round(shared_chars[doc_id] / total_chars[doc_id], 4) if total_chars[doc_id] else 0.0
            for doc_id in sorted(total_chars)
        }

        ranked = sorted(
            groups,
            key=lambda g: (-len({paragraphs[p].doc_id for p in g}), -len(g), g[0]),
        )
        top_passages = []
        for group in ranked[:top]:
            first = paragraphs[group[0]]  # the earliest stored paragraph stands for the group
            text = self._backend.get_text(first.doc_id) or ""
            ids = sorted({paragraphs[p].doc_id for p in group})
            top_passages.append({"excerpt": _excerpt(text[first.start : first.end]), "documents": len(ids), "ids": ids})

        return {
            "documents": documents,
            "paragraphs": paragraph_count,
            "threshold": threshold,
            "clusters": self._clusters(pairs, lengths),
            "top_passages": top_passages,
            "boilerplate_ratio": boilerplate_ratio,
            "histogram": histogram,
            "pairs": [{"a": a, "b": b, "similarity": s} for a, b, s in pairs[:REPORT_MAX_PAIRS]],
            "total_pairs": len(pairs),
        }


_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _sqlite_path(url: str) -> Path:
    """A plain path, or sqlite:///relative/path and sqlite:////absolute/path (SQLAlchemy's form)."""
    match = _URL_SCHEME.match(url)
    if match is None:
        return Path(url)
    scheme = match.group(1).lower()
    if scheme == "redis":
        raise CorpusError("redis backend not available yet")
    if scheme != "sqlite" or not url.startswith(f"{match.group(1)}:///") or len(url) <= len("sqlite:///"):
        raise CorpusError(f"unsupported corpus database url {url!r}: use a path, sqlite:///path or redis://host:port/db")
    return Path(url[len("sqlite:///"):])


def open_store(url: str | None = None, *, load_reference: bool = True) -> CorpusStore:
    """Open (creating it on first start) the corpus index at `url`.

    url: None -> env ZHCLEAN_DB, else DEFAULT_DB; a plain path or sqlite:///path.  A
    new index is loaded with the bundled reference documents when load_reference is
    true.  redis://... is refused for now.
    """
    if url is None:
        url = os.environ.get("ZHCLEAN_DB") or DEFAULT_DB
    backend = SQLiteBackend(
        _sqlite_path(url),
        scheme=minhash.SCHEME,
        layout={"document_bands": DOCUMENT_BANDING.label, "paragraph_bands": PARAGRAPH_BANDING.label},
        signature_bytes=minhash.SIGNATURE_BYTES,
    )
    store = CorpusStore(backend)
    if backend.is_new() and load_reference:
        store.add_documents(reference_documents())
    return store
