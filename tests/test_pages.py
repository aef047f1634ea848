"""The pages without a browser: headers, assets, and rules the page code keeps (tests/e2e drives them in Chromium)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.controllers.pages import ASSETS, STATIC_DIR

PAGES = ["/", "/corpus"]


@pytest.mark.parametrize("path", PAGES)
def test_page_headers(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = dict(part.strip().split(" ", 1) for part in r.headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "unsafe" not in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_local_assets_and_no_inline_code(client, path):
    html = client.get(path).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and not re.search(r"\sstyle=", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert not [u for u in refs if "//" in u], "external asset"
    for ref in refs:
        if ref.startswith("/static/"):
            r = client.get(ref)
            assert r.status_code == 200, ref
            assert "content-security-policy" in r.headers


def test_static_assets(client):
    assert {"common.js", "clean.js", "corpus.js", "style.css"} <= set(ASSETS)
    r = client.get("/static/clean.js")
    assert r.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    for bad in ["/static/nope.js", "/static/index.html", "/static/..%2Fapp.py"]:
        assert client.get(bad).status_code == 404, bad


@pytest.mark.parametrize("name", sorted(p.name for p in STATIC_DIR.glob("*.js")))
def test_scripts_never_parse_html(name):
    """Data reaches the DOM through textContent: no HTML parsing sinks, no eval."""
    code = (STATIC_DIR / name).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setAttribute(\"style\"", "DOMParser", "createContextualFragment"):
        assert sink not in code, f"{name} uses {sink}"


def test_scripts_only_call_the_public_api():
    calls = set()
    for path in STATIC_DIR.glob("*.js"):
        calls |= set(re.findall(r'api\(`(/[^`?$]*)', path.read_text(encoding="utf-8")))
        calls |= set(re.findall(r'api\("(/[^"?]*)', path.read_text(encoding="utf-8")))
    assert calls and all(c.startswith("/v1/") for c in calls), calls


def test_index_page_offers_upload_and_downloads(client):
    html = client.get("/").text
    for needle in ('type="file"', "<textarea", 'id="download-text"', 'id="download-issues"', 'data-view="diff"'):
        assert needle in html


def test_corpus_page_is_a_shell_that_does_not_build_the_report(client, monkeypatch):
    """/corpus answers without touching the corpus: the report loads from the API afterwards."""
    from corpus import CorpusStore

    def boom(*args, **kwargs):
        raise AssertionError("the page must not build the report itself")

    monkeypatch.setattr(CorpusStore, "report", boom)
    r = client.get("/corpus")
    assert r.status_code == 200 and "/static/corpus.js" in r.text


def test_static_dir_is_next_to_the_controllers():
    assert STATIC_DIR == Path(__file__).resolve().parents[1] / "service" / "static"
