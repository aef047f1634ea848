"""Request and response bodies of the HTTP API (DESIGN.md, "HTTP API (v1)")."""
from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from detectors import CleanResult

Year = Annotated[int, Meta(ge=1000, le=9999, description="the report year, four digits")]
DocumentId = Annotated[str, Meta(min_length=1, max_length=512)]


class CleanRequest(msgspec.Struct, kw_only=True):
    text: str
    id: DocumentId | None = None
    fix: bool = True
    year: Year | None = None


class BatchRequest(msgspec.Struct, kw_only=True):
    documents: list[CleanRequest]


class BatchResponse(msgspec.Struct, kw_only=True):
    results: list[CleanResult]


class CorpusDocument(msgspec.Struct, kw_only=True):
    id: DocumentId
    text: str


class AddDocumentsRequest(msgspec.Struct, kw_only=True):
    documents: list[CorpusDocument]


class AddDocumentsResponse(msgspec.Struct, kw_only=True):
    added: int
    ids: list[str]


class DeletedResponse(msgspec.Struct, kw_only=True):
    id: str
    deleted: bool


class DocumentList(msgspec.Struct, kw_only=True):
    ids: list[str]
    limit: int
    offset: int
    total: int


class CorpusStats(msgspec.Struct, kw_only=True):
    documents: int
    paragraphs: int
    backend: str
    scheme: str
    schema_version: int
    location: str


class DuplicatePair(msgspec.Struct, kw_only=True):
    a: str
    b: str
    similarity: float


class Cluster(msgspec.Struct, kw_only=True):
    id: int
    ids: list[str]
    representative: str
    size: int


class Duplicates(msgspec.Struct, kw_only=True):
    pairs: list[DuplicatePair]
    clusters: list[Cluster]
    total_pairs: int


class SharedPassage(msgspec.Struct, kw_only=True):
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    a_excerpt: str
    b_excerpt: str


class SharedPassages(msgspec.Struct, kw_only=True):
    a: str
    b: str
    similarity: float
    passages: list[SharedPassage]


class Health(msgspec.Struct, kw_only=True):
    status: str
    version: str
    backend: str
