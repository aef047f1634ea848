"""CorpusStore: documents in, near-duplicate pairs, shared passages and reports out.

The store holds the logic (signatures, LSH buckets, verification, clustering); a
backend (sqlite_backend.SQLiteBackend or redis_backend.RedisBackend, behind
backend.Backend) holds the rows.

Document pairs are verified in two steps: LSH candidates are first scored by the
MinHash estimate from the stored signatures; those whose estimate comes within
VERIFY_MARGIN of the threshold are then scored by their exact Jaccard similarity
(shingle sets recomputed from the stored texts), which is what `similarity` reports
for them.  The estimate's standard error at s=0.7 is 0.04 for 128 permutations, so the
margin (almost 4 of them) loses no true pair, and the exact score keeps pairs just
under the threshold out.  Verified scores are cached per index generation.
"""

import os
import re
import threading
from collections.abc import Iterable, Iterator
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
from .shingles import shingle_hash_runs, shingle_hashes
from .redis_backend import RedisBackend
from .sqlite_backend import SQLiteBackend

DEFAULT_DB = "./zhclean-data/corpus.sqlite3"
# Paragraph similarity at which two paragraphs count as the same passage.
PARAGRAPH_THRESHOLD = 0.6
BATCH_SIZE = 1000  # documents per write transaction in add_documents
EXCERPT_CHARS = 200
HISTOGRAM_BINS = 10
REPORT_PAGE = 100  # default page of the report's long lists
REPORT_EXAMPLES = 3  # pairs of the page shown with their shared passages side by side
VERIFY_MARGIN = 0.15
# Paragraphs of one document looked up per backend round trip: a usual report in one,
# while the candidates held at once (a popular paragraph can have thousands) stay bounded.
QUERY_PARAGRAPHS = 64


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
    normalized = normalize_for_matching(text)
    hashes = shingle_hashes(normalized)
    sig = minhash.signature(hashes)
    paragraphs = []
    for start, end in split_paragraphs(text):
        # A one-paragraph document (most short ones) need not be signed twice.
        span = text[start:end]
        span_normalized = normalized if span == text else normalize_for_matching(span)
        psig = sig if span_normalized == normalized else minhash.signature(shingle_hashes(span_normalized))
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


def _shingles(text: str) -> np.ndarray:
    return shingle_hashes(normalize_for_matching(text))


def exact_jaccard(x: np.ndarray, y: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique shingle-hash arrays (two empty sets: 0)."""
    if not x.size or not y.size:
        return 0.0
    shared = np.intersect1d(x, y, assume_unique=True).size
    return shared / (x.size + y.size - shared)


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
        spans = split_paragraphs(text)
        if not spans:
            return []
        backend = self._store._backend
        excluded = {exclude_id} if exclude_id is not None else set(backend.ids_with_sha1(content_sha1(text)))
        # Every paragraph signed in one vectorised pass, looked up QUERY_PARAGRAPHS at a time.
        sigs = minhash.signatures(*shingle_hash_runs([normalize_for_matching(text[s:e]) for s, e in spans]))
        best: list[dict[str, float]] = [{} for _ in spans]
        for lo in range(0, len(spans), QUERY_PARAGRAPHS):
            chunk = sigs[lo : lo + QUERY_PARAGRAPHS]
            rows, others = [], []  # (query paragraph, stored paragraph) pairs to score
            for k, found in enumerate(backend.paragraph_candidates([PARAGRAPH_BANDING.buckets(sig) for sig in chunk])):
                for cand in found:
                    if cand.doc_id not in excluded:
                        rows.append(k)
                        others.append(cand)
            if not others:
                continue
            sims = minhash.row_similarities(chunk[rows], b"".join(c.signature for c in others))
            for k, cand, sim in zip(rows, others, sims.tolist()):
                matches = best[lo + k]
                if sim >= threshold and sim > matches.get(cand.doc_id, -1.0):
                    matches[cand.doc_id] = sim
        return [
            ParagraphMatch(start, end, sorted(matches.items(), key=lambda kv: (-kv[1], kv[0])))
            for (start, end), matches in zip(spans, best)
            if matches
        ]


class CorpusStore:
    """The persistent corpus index.

    Safe to share between threads: the SQLite backend gives each thread its own
    connection (threading.local) and serialises writes with a lock.
    """

    def __init__(self, backend: Backend):
        self._backend = backend
        self.backend: str = backend.name
        self.scheme: str = backend.scheme
        # generation -> (candidates with estimates, lengths) and exact scores of verified pairs.
        self._cache_lock = threading.Lock()
        self._cache_generation = -1
        self._cached_candidates: tuple[list[tuple[str, str, float]], dict[str, int]] | None = None
        self._exact: dict[tuple[str, str], float] = {}

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

    def get_blob(self, name: str) -> bytes | None:
        """An artefact derived from the corpus and cached with it (trained models)."""
        return self._backend.get_blob(name)

    def put_blob(self, name: str, data: bytes) -> None:
        self._backend.put_blob(name, data)

    def document_ids(self) -> Iterator[str]:
        """Every document id, in order, a page at a time."""
        offset = 0
        while page := self._backend.list_ids(1000, offset):
            yield from page
            offset += len(page)

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
        """Every document-level LSH candidate pair with its estimated similarity, and text lengths."""
        generation = self._backend.generation()
        with self._cache_lock:
            if generation == self._cache_generation and self._cached_candidates is not None:
                return self._cached_candidates
        sigs = self._backend.document_signatures()
        pairs = []
        for a, b in self._backend.document_candidate_pairs():
            if a in sigs and b in sigs:  # a document deleted between the two reads
                pairs.append((a, b, minhash.similarity(minhash.from_bytes(sigs[a][0]),
                                                       minhash.from_bytes(sigs[b][0]))))
        result = pairs, {doc_id: length for doc_id, (_, length) in sigs.items()}
        with self._cache_lock:
            if generation != self._cache_generation:
                self._exact = {}
            self._cache_generation, self._cached_candidates = generation, result
        return result

    def _scored_pairs(self, threshold: float) -> tuple[list[tuple[str, str, float]], list[float], dict[str, int]]:
        """(pairs >= threshold best first, the score of every candidate, text lengths).

        The score is exact Jaccard for candidates whose estimate is within VERIFY_MARGIN
        of the threshold or above, the estimate for the others.
        """
        candidates, lengths = self._candidate_pairs()
        floor = threshold - VERIFY_MARGIN
        with self._cache_lock:
            exact = dict(self._exact)
        todo = [(a, b) for a, b, est in candidates if est >= floor and (a, b) not in exact]
        if todo:
            shingles: dict[str, np.ndarray] = {}

            def of(doc_id: str) -> np.ndarray:
                if doc_id not in shingles:
                    shingles[doc_id] = _shingles(self._backend.get_text(doc_id) or "")
                return shingles[doc_id]

            for a, b in todo:
                exact[(a, b)] = exact_jaccard(of(a), of(b))
            with self._cache_lock:
                if self._cache_generation == self._backend.generation():
                    self._exact.update(exact)
        scored = [(a, b, exact.get((a, b), est)) for a, b, est in candidates]
        pairs = sorted((p for p in scored if p[2] >= threshold), key=lambda p: (-p[2], p[0], p[1]))
        return pairs, [s for _, _, s in scored], lengths

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

        Candidates come from the document-level LSH buckets and are verified (module
        docstring): similarity is exact Jaccard of the shingle sets for every pair
        returned.  limit/offset page the pairs; clusters are always complete
        (computed from all pairs).
        """
        threshold = _check_threshold(threshold)
        _check_page(limit, offset)
        pairs, _, lengths = self._scored_pairs(threshold)
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

    def report(self, threshold: float = 0.7, top: int = 20, limit: int = REPORT_PAGE, offset: int = 0,
               examples: int = REPORT_EXAMPLES) -> dict:
        """The corpus-wide duplication report.

        - clusters: as in duplicates(threshold), largest first; a page of them.
        - top_passages: the `top` groups of near-duplicate paragraphs (similarity >=
          PARAGRAPH_THRESHOLD, grouped transitively) found in the most documents, with
          how many documents carry each.
        - boilerplate_ratio: per document, the characters of its paragraphs shared with
          at least one other document over the characters of all its paragraphs; a page
          of the documents, highest ratio first.
        - histogram: the document-level LSH candidate pairs by similarity in tenths
          (exact where verified); pairs the bands do not propose (mostly under 0.3)
          are not counted.
        - pairs: a page of the pairs >= threshold, best first.
        - examples: for the first `examples` pairs of that page, the passages they share
          side by side (shared_passages).
        - limit/offset page clusters, boilerplate_ratio and pairs alike; total_pairs,
          total_clusters and total_documents say how long each list is.
        """
        threshold = _check_threshold(threshold)
        _check_page(limit, offset)
        if top < 0 or examples < 0:
            raise CorpusError(f"top and examples must not be negative (got {top}, {examples})")
        documents, paragraph_count = self._backend.counts()
        pairs, scores, lengths = self._scored_pairs(threshold)

        histogram = [
            {"from": round(i / HISTOGRAM_BINS, 2), "to": round((i + 1) / HISTOGRAM_BINS, 2), "pairs": 0}
            for i in range(HISTOGRAM_BINS)
        ]
        for sim in scores:
            histogram[min(int(sim * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)]["pairs"] += 1

        groups, paragraphs = self._shared_paragraph_groups()
        shared = {pid for group in groups for pid in group}
        total_chars: dict[str, int] = dict.fromkeys(lengths, 0)
        shared_chars: dict[str, int] = dict.fromkeys(lengths, 0)
        for p in paragraphs.values():
            total_chars[p.doc_id] = total_chars.get(p.doc_id, 0) + p.end - p.start
            if p.id in shared:
                shared_chars[p.doc_id] = shared_chars.get(p.doc_id, 0) + p.end - p.start
        ratios = sorted(
            ((doc_id, round(shared_chars.get(doc_id, 0) / chars, 4) if chars else 0.0)
             for doc_id, chars in total_chars.items()),
            key=lambda kv: (-kv[1], kv[0]),
        )

        ranked = sorted(
            groups,
            key=lambda g: (-len({paragraphs[p].doc_id for p in g}), -len(g), g[0]),
        )
        top_passages = []
        for group in ranked[:top]:
            first = paragraphs[group[0]]  # the earliest stored paragraph stands for the group
            text = self._backend.get_text(first.doc_id) or ""
            ids = sorted({paragraphs[p].doc_id for p in group})
            top_passages.append({"excerpt": _excerpt(text[first.start : first.end]), "documents": len(ids),
                                 "ids": ids})

        clusters = self._clusters(pairs, lengths)
        page = pairs[offset : offset + limit]
        shown = []
        for a, b, _ in page[:examples]:
            found = self.shared_passages(a, b)
            if found is not None:
                shown.append(found)
        return {
            "documents": documents,
            "paragraphs": paragraph_count,
            "threshold": threshold,
            "limit": limit,
            "offset": offset,
            "clusters": clusters[offset : offset + limit],
            "total_clusters": len(clusters),
            "top_passages": top_passages,
            "boilerplate_ratio": dict(ratios[offset : offset + limit]),
            "total_documents": len(ratios),
            "histogram": histogram,
            "pairs": [{"a": a, "b": b, "similarity": s} for a, b, s in page],
            "total_pairs": len(pairs),
            "examples": shown,
        }


_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _sqlite_path(url: str) -> Path:
    """A plain path, or sqlite:///relative/path and sqlite:////absolute/path (SQLAlchemy's form)."""
    match = _URL_SCHEME.match(url)
    if match is None:
        return Path(url)
    scheme = match.group(1).lower()
    if scheme != "sqlite" or not url.startswith(f"{match.group(1)}:///") or len(url) <= len("sqlite:///"):
        raise CorpusError(f"unsupported corpus database url {url!r}: use a path, sqlite:///path or redis://host:port/db")
    return Path(url[len("sqlite:///"):])


def open_store(url: str | None = None, *, load_reference: bool = True) -> CorpusStore:
    """Open (creating it on first start) the corpus index at `url`.

    url: None -> env ZHCLEAN_DB, else DEFAULT_DB; a plain path or sqlite:///path.  A
    new index is loaded with the bundled reference documents when load_reference is
    true.  redis://host:port/db (or rediss://, unix://) opens the shared index in
    that Redis database.
    """
    if url is None:
        url = os.environ.get("ZHCLEAN_DB") or DEFAULT_DB
    options = dict(
        scheme=minhash.SCHEME,
        layout={"document_bands": DOCUMENT_BANDING.label, "paragraph_bands": PARAGRAPH_BANDING.label},
        signature_bytes=minhash.SIGNATURE_BYTES,
    )
    match = _URL_SCHEME.match(url)
    if match is not None and match.group(1).lower() in ("redis", "rediss", "unix"):
        backend: Backend = RedisBackend(url, **options)
    else:
        backend = SQLiteBackend(_sqlite_path(url), **options)
    store = CorpusStore(backend)
    if backend.is_new() and load_reference:
        store.add_documents(reference_documents())
    return store
