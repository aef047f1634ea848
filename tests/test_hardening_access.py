"""Access (issue 7): the bearer token on every corpus-changing endpoint, open reads and cleaning,
no CORS, and a restrictive Content-Security-Policy on every HTML page.

The routes are enumerated from the app itself, so an endpoint added later is covered too.
"""
from __future__ import annotations

import hmac
import re

import pytest

from service import auth
from service.settings import Settings, SettingsError

TOKEN = "s3cret-token-0123456789"
PARAGRAPH = "我镇坚持以习近平新时代中国特色社会主义思想为指导，主要领导亲自抓、分管领导具体抓，切实把各项任务落到实处。"
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def routes(client) -> list[tuple[str, str, object]]:
    """(method, path, handler) of every HTTP route the app serves."""
    found = []
    for route in client.app.routes:
        for method, entry in getattr(route, "route_handler_map", {}).items():
            found.append((method, route.path, entry[0] if isinstance(entry, tuple) else entry))
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: {"name": "style.css"}.get(m.group(1), "t1"), path)


def test_every_corpus_changing_route_is_guarded(make_client):
    client = make_client(api_token=TOKEN)
    writes = [(m, p) for m, p, h in routes(client) if m not in READ_METHODS]
    assert writes, "no write routes found"
    for method, path, handler in routes(client):
        guarded = auth.require_token in (handler.guards or [])
        if method not in READ_METHODS and path.startswith("/v1/corpus"):
            assert guarded, f"{method} {path} changes the corpus without the token guard"
        if path.startswith("/v1/clean") or method in READ_METHODS:
            assert not guarded, f"{method} {path} should stay open"


@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Bearer ", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}",
    f"Bearer {TOKEN.upper()}", "Bearer \u00e4\u00f6", f"bearer  {TOKEN} extra",
])
def test_corpus_changes_need_the_right_token(make_client, authorization):
    client = make_client(api_token=TOKEN)
    headers = {} if authorization is None else {"Authorization": authorization.encode()}
    add = {"documents": [{"id": "t1", "text": PARAGRAPH}]}
    for method, path, kwargs in [("POST", "/v1/corpus/documents", {"json": add}),
                                 ("DELETE", "/v1/corpus/documents/001_621cb3420cf20d40", {})]:
        r = client.request(method, path, headers=headers, **kwargs)
        assert r.status_code == 401, (method, authorization, r.text)
        assert r.headers["www-authenticate"] == "Bearer" and r.json()["error"]
    assert client.get("/v1/corpus/stats").json()["documents"] == 5  # nothing changed


def test_the_right_token_writes_and_reads_stay_open(make_client):
    client = make_client(api_token=TOKEN)
    good = {"Authorization": f"Bearer {TOKEN}".encode()}
    assert client.post("/v1/corpus/documents", json={"documents": [{"id": "t1", "text": PARAGRAPH}]},
                       headers=good).status_code == 200
    for method, path, _ in routes(client):
        if method == "GET":
            r = client.get(concrete(path).replace("{a}", "t1").replace("{b}", "t1"))
            assert r.status_code != 401, path
    assert client.post("/v1/clean", json={"text": PARAGRAPH}).status_code == 200
    assert client.post("/v1/clean/batch", json={"documents": [{"text": PARAGRAPH}]}).status_code == 200
    assert client.delete("/v1/corpus/documents/t1", headers=good).status_code == 200


@pytest.mark.parametrize("token", ["s3cret-äöü", "two words", "tab\there"])
def test_unusable_tokens_are_refused_at_start(token):
    with pytest.raises(SettingsError, match="ZHCLEAN_API_TOKEN"):
        Settings.from_env({"ZHCLEAN_API_TOKEN": token})


def test_token_compare_is_constant_time(make_client, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    client = make_client(api_token=TOKEN)
    client.delete("/v1/corpus/documents/nope", headers={"Authorization": "Bearer guess"})
    assert calls == [(bytes, bytes)]


@pytest.mark.parametrize(("method", "path"), [("GET", "/v1/corpus/stats"), ("POST", "/v1/clean"),
                                              ("OPTIONS", "/v1/clean"), ("OPTIONS", "/v1/corpus/documents"),
                                              ("GET", "/"), ("GET", "/schema/openapi.json")])
def test_cors_is_off_by_default(client, method, path):
    headers = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "authorization, content-type"}
    kwargs = {"json": {"text": "报告"}} if method == "POST" else {}
    r = client.request(method, path, headers=headers, **kwargs)
    assert r.status_code < 500
    assert not [h for h in r.headers if h.lower().startswith("access-control-")], dict(r.headers)


def test_every_html_page_has_a_restrictive_csp(client):
    pages = []
    for method, path, _ in routes(client):
        if method != "GET" or "{" in path:
            continue
        r = client.get(path)
        if r.headers.get("content-type", "").startswith("text/html"):
            pages.append(path)
            csp = r.headers.get("content-security-policy", "")
            directives = dict((d.split(" ", 1) + [""])[:2] for d in (x.strip() for x in csp.split(";")) if d)
            assert directives.get("default-src") == "'self'", (path, csp)
            assert directives.get("script-src") == "'self'", (path, csp)  # no inline script, no eval
            assert directives.get("object-src") == "'none'" and directives.get("frame-ancestors") == "'none'"
            assert "unsafe" not in csp and "*" not in csp and "http" not in csp
            assert r.headers.get("x-content-type-options") == "nosniff"
            assert "<script>" not in r.text  # only external same-origin scripts
    assert {"/", "/corpus"} <= set(pages), pages
    # The schema is served as JSON only: Litestar's HTML viewers would load scripts from CDNs.
    assert client.get("/schema").headers["content-type"].startswith("application/vnd.oai.openapi+json")


def test_corpus_text_is_never_served_as_html(make_client):
    client = make_client()
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    client.post("/v1/corpus/documents", json={"documents": [{"id": "evil", "text": hostile + PARAGRAPH}]})
    r = client.get("/v1/corpus/documents/evil")
    assert r.headers["content-type"].startswith("application/json") and r.json()["text"].startswith(hostile)
    page = client.get("/corpus")  # a static shell: the script fills it with textContent only
    assert hostile not in page.text and "evil" not in page.text
