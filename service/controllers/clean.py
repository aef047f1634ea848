"""POST /v1/clean and /v1/clean/batch."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import JSONBody, Parameter, QueryParameter

from detectors import CleanResult

from ..bodies import parse_clean_body
from ..cleaning import CleanServices, clean_document
from ..deadline import run_with_deadline
from ..errors import BadRequest, PayloadTooLarge
from ..schemas import BatchRequest, BatchResponse

# The handler reads the raw body itself (three media types), so the schema is spelled out.
CLEAN_BODY = RequestBody(
    required=True,
    description="JSON, or the raw document as text/plain; charset=... or application/octet-stream "
    "(then id, fix and year come from the query string and the answer carries `original`).",
    content={
        "application/json": OpenAPIMediaType(schema=Schema(
            type=OpenAPIType.OBJECT,
            required=["text"],
            properties={
                "text": Schema(type=OpenAPIType.STRING),
                "id": Schema(type=OpenAPIType.STRING, min_length=1, max_length=512),
                "fix": Schema(type=OpenAPIType.BOOLEAN, default=True),
                "year": Schema(type=OpenAPIType.INTEGER, minimum=1000, maximum=9999),
            },
        )),
        "text/plain": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)),
        "application/octet-stream": OpenAPIMediaType(
            schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        ),
    },
)


@dataclass
class CleanOperation(Operation):
    def __post_init__(self) -> None:
        self.request_body = CLEAN_BODY


class CleanController(Controller):
    path = "/v1/clean"
    tags = ["clean"]

    @post("/", status_code=200, summary="Clean one document", operation_class=CleanOperation)
    async def clean_one(
        self,
        request: Request,
        clean_services: NamedDependency[CleanServices],
        doc_id: Annotated[
            str | None, QueryParameter(name="id", min_length=1, max_length=512, description="raw bodies only")
        ] = None,
        fix: Annotated[bool, Parameter(description="raw bodies only")] = True,
        year: Annotated[int | None, Parameter(ge=1000, le=9999, description="raw bodies only")] = None,
    ) -> CleanResult:
        media_type, options = request.content_type
        body = await request.body()
        parsed = parse_clean_body(media_type, options.get("charset"), body, doc_id=doc_id, fix=fix, year=year)
        req = parsed.request
        # The detectors and the SQLite store block: keep them off the event loop, within the deadline.
        services = clean_services  # store, settings, metrics and slots: one dependency
        result = await run_with_deadline(
            clean_document, req.text, store=services.store, doc_id=req.id, fix=req.fix, year=req.year,
            encoding=parsed.encoding, original=parsed.from_bytes,
            deadline_ms=services.settings.deadline_ms, what="cleaning this document", slots=services.slots,
        )
        services.metrics.observe_result(result)
        return result

    @post("/batch", status_code=200, summary="Clean several documents")
    async def clean_batch(self, data: JSONBody[BatchRequest],
                          clean_services: NamedDependency[CleanServices]) -> BatchResponse:
        services = clean_services  # store, settings, metrics and slots: one dependency
        check_batch(data.documents, services.settings.max_batch, "/v1/clean/batch")

        def clean_all() -> list[CleanResult]:
            return [clean_document(d.text, store=services.store, doc_id=d.id, fix=d.fix, year=d.year)
                    for d in data.documents]

        # One deadline for the whole request: it is one worker's time either way.
        results = await run_with_deadline(clean_all, deadline_ms=services.settings.deadline_ms,
                                          what=f"cleaning {len(data.documents)} documents", slots=services.slots)
        for result in results:
            services.metrics.observe_result(result)
        return BatchResponse(results=results)


def check_batch(documents: list, limit: int, endpoint: str) -> None:
    """The documented count limit, and ids unique within one request."""
    if len(documents) > limit:
        raise PayloadTooLarge(
            f"{len(documents)} documents in one request to {endpoint}; the limit is {limit} (ZHCLEAN_MAX_BATCH)"
        )
    counts = Counter(d.id for d in documents if d.id is not None)
    repeated = sorted(i for i, n in counts.items() if n > 1)
    if repeated:
        raise BadRequest(f"duplicate document ids in one request: {', '.join(repeated[:10])}", {"ids": repeated})
