"""The seam between the corpus logic (store.py) and where the index lives.

CorpusStore computes signatures, buckets, similarities and reports; a backend only
stores and retrieves rows.  SQLite (sqlite_backend) is the embedded index, Redis
(redis_backend) the shared one; both implement the same protocol and record the same
metadata (schema version, signature scheme, band layouts), checked by check_meta.
"""

import hashlib
from collections.abc import Iterator, Sequence
from typing import Protocol

import msgspec

from .errors import CorpusError


def content_sha1(text: str) -> str:
    """Identity of a document's raw content: how `identical text` is recognised."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def check_meta(
    location: str, meta: dict[str, str], scheme: str, layout: dict[str, str], version: int,
    migratable: tuple[int, ...],
) -> int | None:
    """Refuse an index this zhclean cannot use, with a message that says what to do.

    Returns None when the index is current, or its older schema version when that
    version is in `migratable` (the caller then migrates it).  The scheme is always
    checked: signatures made under another scheme are not comparable.  Band layouts
    are checked on a current index only: a migration rebuilds the buckets.
    """
    found = meta.get("schema_version")
    if found is None or not found.isdigit():
        raise CorpusError(f"corpus index {location} has no valid schema_version ({found!r})")
    found_version = int(found)
    if found_version > version:
        raise CorpusError(
            f"corpus index {location} has schema version {found_version}, this zhclean supports "
            f"{version}; upgrade zhclean to open it"
        )
    if found_version < version and found_version not in migratable:
        raise CorpusError(
            f"corpus index {location} has schema version {found_version}, this zhclean supports {version} "
            f"and migrates only from {', '.join(map(str, migratable)) or 'no older version'}; "
            "rebuild the index (re-add its documents to a new one)"
        )
    if meta.get("scheme") != scheme:
        raise CorpusError(
            f"corpus index {location} was built with signature scheme {meta.get('scheme')!r}, "
            f"this zhclean computes {scheme!r}; signatures are not comparable: rebuild the index "
            "(re-add its documents to a new one)"
        )
    if found_version < version:
        return found_version
    for key, value in layout.items():
        if meta.get(key) != value:
            raise CorpusError(
                f"corpus index {location} uses {key}={meta.get(key)!r}, this zhclean uses {value!r}; "
                "rebuild the index"
            )
    return None


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
    name: str  # "sqlite" or "redis"
    location: str  # where the index lives, for stats and messages
    scheme: str
    schema_version: int

    def is_new(self) -> bool:
        """True when this open created the index (so reference documents may be loaded)."""

    def write_documents(self, records: Sequence[DocumentRecord]) -> None:
        """Add or replace (same id) the records, all in one transaction."""

    def generation(self) -> int:
        """A number that changes whenever the index's content does (caches key on it)."""

    def delete_document(self, doc_id: str) -> bool: ...

    def get_blob(self, name: str) -> bytes | None:
        """A cached artefact derived from the corpus (trained models), or None."""

    def put_blob(self, name: str, data: bytes) -> None: ...

    def get_text(self, doc_id: str) -> str | None: ...

    def list_ids(self, limit: int, offset: int) -> list[str]: ...

    def counts(self) -> tuple[int, int]:
        """(documents, paragraphs)."""

    def ids_with_sha1(self, sha1: str) -> list[str]: ...

    def document_signatures(self) -> dict[str, tuple[bytes, int]]:
        """id -> (signature, text length) for every document."""

    def document_candidate_pairs(self) -> set[tuple[str, str]]:
        """(a, b) with a < b sharing at least one document-level bucket."""

    def paragraph_candidates(self, bucket_lists: Sequence[Sequence[int]]) -> list[list[StoredParagraph]]:
        """For each query paragraph (band i = buckets[i] of its list), the stored paragraphs
        sharing at least one paragraph-level bucket with it, each once: a whole document's
        paragraphs in one round trip (one SQL statement, one Redis pipeline)."""

    def paragraphs_of(self, doc_id: str) -> list[StoredParagraph]: ...

    def paragraph_candidate_pairs(self) -> set[tuple[int, int]]:
        """(p, q) with p < q, paragraphs of different documents sharing a bucket."""

    def iter_paragraphs(self) -> Iterator[StoredParagraph]: ...

    def check_integrity(self) -> list[str]: ...

    def close(self) -> None: ...
