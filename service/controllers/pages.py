"""Pages and operational endpoints: /, /corpus, /static/*, /healthz, /metrics.

The two pages are static HTML shells; their scripts (service/static/*.js) call the public
v1 API and build the DOM with textContent only. No build step, no external assets: the
machines that run zhclean are often offline. Every page and asset carries a restrictive
Content-Security-Policy (no inline script or style, nothing from another origin), so a
hostile document that slipped through escaping still could not run.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from litestar import MediaType, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from corpus import CorpusStore

from ..errors import NotFound
from ..metrics import CONTENT_TYPE, Metrics
from ..schemas import Health

try:
    VERSION = version("zhclean")
except PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "0+unknown"

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

# The assets the pages use, by name: only these are served, never an arbitrary path.
_ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
ASSETS = {p.name: _ASSET_TYPES[p.suffix] for p in STATIC_DIR.glob("*") if p.suffix in _ASSET_TYPES}


def _page(name: str) -> Response[bytes]:
    return Response((STATIC_DIR / name).read_bytes(), media_type=MediaType.HTML, headers=SECURITY_HEADERS)


@get("/", include_in_schema=False, sync_to_thread=False)
def index() -> Response[bytes]:
    """Clean one document: paste or upload, issues highlighted, cleaned text and diff, downloads."""
    return _page("index.html")


@get("/corpus", sync_to_thread=False, summary="Duplication report as an HTML page (calls /v1/corpus/*)")
def corpus_page() -> Response[bytes]:
    return _page("corpus.html")


@get("/static/{name:str}", include_in_schema=False, sync_to_thread=False)
def static_asset(name: FromPath[str]) -> Response[bytes]:
    media_type = ASSETS.get(name)
    if media_type is None:
        raise NotFound(f"no static asset named {name!r}")
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return Response((STATIC_DIR / name).read_bytes(), media_type=media_type, headers=headers)


@get("/healthz", sync_to_thread=False, summary="Liveness")
def healthz(store: NamedDependency[CorpusStore]) -> Health:
    return Health(status="ok", version=VERSION, backend=store.backend)


@get("/metrics", sync_to_thread=False, include_in_schema=False)
def metrics_page(metrics: NamedDependency[Metrics]) -> Response[str]:
    return Response(metrics.render(), media_type=CONTENT_TYPE)
