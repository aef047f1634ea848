"""The seam between the corpus logic (store.py) and where the index lives.

CorpusStore computes signatures, buckets, similarities and reports; a backend only
stores and retrieves rows.  SQLite implements it now; a Redis backend for a shared
index is to implement the same protocol.
"""

import hashlib
from collections.abc import Iterator, Sequence
from typing import Protocol

import msgspec


def content_sha1(text: str) -> str:
    """Identity of a document's raw content: how `identical text` is recognised."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class ParagraphRecord(msgspec.Struct, frozen=True):
    start: int
    end: int
    signature: bytes
    buckets: list[int]  # one per paragraph-level band, in band order


class DocumentRecord(msgspec.Struct, frozen=True):
    id: str
    text: str
    sha1: str
    signature: bytes
    buckets: list[int]  # one per document-level band; empty for a text without shingles
    paragraphs: list[ParagraphRecord]


class StoredParagraph(msgspec.Struct, frozen=True):
    id: int
    doc_id: str
    start: int
    end: int
    signature: bytes


class Backend(Protocol):
    name: str  # "sqlite"
    location: str  # where the index lives, for stats and messages
    scheme: str
    schema_version: int

    def is_new(self) -> bool:
        """True when this open created the index (so reference documents may be loaded)."""

    def write_documents(self, records: Sequence[DocumentRecord]) -> None:
        """Add or replace (same id) the records, all in one transaction."""

    def delete_document(self, doc_id: str) -> bool: ...

    def get_text(self, doc_id: str) -> str | None: ...

    def list_ids(self, limit: int, offset: int) -> list[str]: ...

    def counts(self) -> tuple[int, int]:
        """(documents, paragraphs)."""

    def ids_with_sha1(self, sha1: str) -> list[str]: ...

    def document_signatures(self) -> dict[str, tuple[bytes, int]]:
        """id -> (signature, text length) for every document."""

    def document_candidate_pairs(self) -> set[tuple[str, str]]:
        """(a, b) with a < b sharing at least one document-level bucket."""

    def paragraph_candidates(self, buckets: Sequence[int]) -> list[StoredParagraph]:
        """Paragraphs sharing at least one paragraph-level bucket (band i = buckets[i])."""

    def paragraphs_of(self, doc_id: str) -> list[StoredParagraph]: ...

    def paragraph_candidate_pairs(self) -> set[tuple[int, int]]:
        """(p, q) with p < q, paragraphs of different documents sharing a bucket."""

    def iter_paragraphs(self) -> Iterator[StoredParagraph]: ...

    def check_integrity(self) -> list[str]: ...

    def close(self) -> None: ...
