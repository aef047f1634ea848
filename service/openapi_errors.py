"""The OpenAPI schema says what the service really answers on errors.

Litestar documents its own ValidationException body ({status_code, detail, extra}) for 400;
every error here is `{"error": message, "detail": ...}` (service.errors). This rewrites each
operation's error responses to that body, adds the statuses the service can answer with, and
declares the bearer token on the operations that change the corpus, so clients and schema
checkers (tests/test_schemathesis.py) see the truth. HTML pages are documented as text/html.
"""
from __future__ import annotations

from litestar import Litestar
from litestar.openapi.spec import Components, OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Schema, SecurityScheme

ERROR_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["error", "detail"],
    properties={"error": Schema(type=OpenAPIType.STRING, description="what was wrong"),
                "detail": Schema(description="structured detail, or null")},
    description="An error: the message says what was wrong.",
)
COMMON = {
    "400": "Invalid request: the message names the field or the problem",
    "404": "No such document or endpoint",
    "413": "Body over ZHCLEAN_MAX_BODY_BYTES, or more documents than ZHCLEAN_MAX_BATCH",
    "415": "Unsupported Content-Type or charset",
    "503": "Processing deadline (ZHCLEAN_DEADLINE_MS) passed, or the database is read-only or busy",
}
BY_OPERATION = {
    ("post", "/v1/clean"): {"422": "Bytes that cannot be decoded"},
    ("post", "/v1/corpus/documents"): {"401": "Missing or wrong bearer token (when ZHCLEAN_API_TOKEN is set)",
                                       "507": "The disk holding the corpus database is full"},
    ("delete", "/v1/corpus/documents/{doc_id}"): {"401": "Missing or wrong bearer token (when ZHCLEAN_API_TOKEN "
                                                  "is set)"},
}
HTML_PAGES = {"/corpus"}  # Response[bytes] handlers, which Litestar documents as JSON
GUARDED = {op for op, codes in BY_OPERATION.items() if "401" in codes}
METHODS = ("get", "put", "post", "delete", "patch")


def _error_response(description: str) -> OpenAPIResponse:
    return OpenAPIResponse(description=description,
                           content={"application/json": OpenAPIMediaType(schema=ERROR_SCHEMA)})


def document_errors(app: Litestar, *, token_required: bool) -> None:
    spec = app.openapi_schema
    for path, item in (spec.paths or {}).items():
        for method in METHODS:
            operation = getattr(item, method, None)
            if operation is None:
                continue
            responses = operation.responses = dict(operation.responses or {})
            if path in HTML_PAGES and "200" in responses:
                responses["200"] = OpenAPIResponse(description="An HTML page", content={
                    "text/html": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))})
            for code in list(responses):
                if code.startswith(("4", "5")):
                    del responses[code]
            for code, description in {**COMMON, **BY_OPERATION.get((method, path), {})}.items():
                responses[code] = _error_response(description)
            if token_required and (method, path) in GUARDED:
                operation.security = [{"bearer": []}]
    if token_required:
        spec.components = spec.components or Components()
        schemes = dict(spec.components.security_schemes or {})
        schemes["bearer"] = SecurityScheme(type="http", scheme="bearer",
                                           description="ZHCLEAN_API_TOKEN, for the endpoints that change the corpus")
        spec.components.security_schemes = schemes
