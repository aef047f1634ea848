"""/v1/corpus: documents in and out, stats, duplicates, shared passages and the report."""
from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter

from corpus import CorpusStore

from ..auth import require_token
from ..errors import BadRequest, NotFound
from ..jsonguard import has_surrogates
from ..models import refresh_in_background
from ..schemas import (
    AddDocumentsRequest,
    AddDocumentsResponse,
    CorpusDocument,
    CorpusStats,
    DeletedResponse,
    DocumentList,
    Duplicates,
    SharedPassages,
)
from ..settings import Settings
from .clean import check_batch

Limit = Annotated[int, Parameter(ge=0, le=10_000, description="page size")]
# Bounded: SQLite integers are 64-bit, and no corpus has 2**31 items to skip.
Offset = Annotated[int, Parameter(ge=0, le=2**31 - 1, description="items to skip")]


class CorpusController(Controller):
    path = "/v1/corpus"
    tags = ["corpus"]

    @post("/documents", status_code=200, guards=[require_token], sync_to_thread=True,
          summary="Add or replace documents (raw text, as submitted)")
    def add_documents(self, data: JSONBody[AddDocumentsRequest], store: NamedDependency[CorpusStore], settings: NamedDependency[Settings]) -> AddDocumentsResponse:
        check_batch(data.documents, settings.max_batch, "/v1/corpus/documents")
        check_storable(data.documents)
        added = store.add_documents((d.id, d.text) for d in data.documents)
        refresh_in_background(store)
        return AddDocumentsResponse(added=added, ids=[d.id for d in data.documents])

    @get("/documents", sync_to_thread=True, summary="List document ids")
    def list_documents(self, store: NamedDependency[CorpusStore], limit: Limit = 100, offset: Offset = 0) -> DocumentList:
        return DocumentList(ids=store.list_ids(limit, offset), limit=limit, offset=offset,
                            total=store.stats()["documents"])

    @get("/documents/{doc_id:str}", sync_to_thread=True, summary="One document's raw text")
    def get_document(self, doc_id: FromPath[str], store: NamedDependency[CorpusStore]) -> CorpusDocument:
        text = store.get_document(doc_id)
        if text is None:
            raise NotFound(f"no document with id {doc_id!r} in the corpus")
        return CorpusDocument(id=doc_id, text=text)

    @delete("/documents/{doc_id:str}", status_code=200, guards=[require_token], sync_to_thread=True,
            summary="Delete a document")
    def delete_document(self, doc_id: FromPath[str], store: NamedDependency[CorpusStore]) -> DeletedResponse:
        if not store.delete_document(doc_id):
            raise NotFound(f"no document with id {doc_id!r} in the corpus")
        refresh_in_background(store)
        return DeletedResponse(id=doc_id, deleted=True)

    @get("/stats", sync_to_thread=True, summary="Corpus size and index scheme")
    def stats(self, store: NamedDependency[CorpusStore]) -> CorpusStats:
        return msgspec.convert(store.stats(), CorpusStats)

    @get("/duplicates", sync_to_thread=True, summary="Near-duplicate document pairs and their clusters")
    def duplicates(
        self,
        store: NamedDependency[CorpusStore],
        # (0, 1]: at 0 every pair the bands propose would count as a duplicate.
        threshold: Annotated[float, Parameter(gt=0.0, le=1.0, description="minimum Jaccard similarity")] = 0.7,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Duplicates:
        return msgspec.convert(store.duplicates(threshold, limit, offset), Duplicates)

    @get("/pairs/{a:str}/{b:str}", sync_to_thread=True, summary="Passages two documents share")
    def pair(self, a: FromPath[str], b: FromPath[str], store: NamedDependency[CorpusStore]) -> SharedPassages:
        found = store.shared_passages(a, b)
        if found is None:
            missing = [i for i in (a, b) if store.get_document(i) is None]
            raise NotFound(f"no document with id {', '.join(map(repr, missing))} in the corpus", {"missing": missing})
        return msgspec.convert(found, SharedPassages)

    @get("/report", sync_to_thread=True, summary="Corpus-wide duplication report")
    def report(
        self,
        store: NamedDependency[CorpusStore],
        threshold: Annotated[float, Parameter(gt=0.0, le=1.0)] = 0.7,
        top: Annotated[int, Parameter(ge=0, le=1000, description="most repeated passages to list")] = 20,
        limit: Limit = 100,
        offset: Offset = 0,
        examples: Annotated[int, Parameter(ge=0, le=50, description="pairs of the page shown with their shared "
                                           "passages side by side")] = 3,
    ) -> dict[str, Any]:
        # A plain dict: the report's shape is owned by corpus.CorpusStore.report.
        # limit/offset page its long lists (clusters, pairs, boilerplate ratios).
        return store.report(threshold=threshold, top=top, limit=limit, offset=offset, examples=examples)


def check_storable(documents: list[CorpusDocument]) -> None:
    """Ids that /v1/corpus/documents/{id} can address again, and only text that is valid Unicode.

    A '/' (or an id of '.' or '..') could never be fetched or deleted through the path, so such
    ids are refused here; ids are opaque keys, never file names. Lone surrogates are already
    refused with the JSON body (service.jsonguard): this is the last check before SQLite.
    """
    for doc in documents:
        if "/" in doc.id or doc.id in (".", "..") or any(ord(c) < 0x20 or c == "\x7f" for c in doc.id):
            raise BadRequest(f"document id {doc.id!r} cannot be stored: ids may not contain '/' or control "
                             "characters, or be '.' or '..' (they could not be addressed in a URL path)",
                             {"id": doc.id})
        if has_surrogates(doc.id) or has_surrogates(doc.text):
            raise BadRequest(f"document {doc.id!r} contains a lone UTF-16 surrogate: not valid Unicode text",
                             {"id": doc.id})
