"""The HTTP API against the real detectors and a fresh SQLite corpus per test."""
from __future__ import annotations

import codecs
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REF = "001_621cb3420cf20d40"  # a bundled reference document, loaded into every new index
COMMA = "我镇成立领导小组,镇长任组长。"
PARAGRAPH = ("我镇坚持以习近平新时代中国特色社会主义思想为指导，主要领导亲自抓、分管领导具体抓，"
             "同谋划、同部署、同落实，切实把法治政府建设各项任务落到实处，取得了明显成效。")


def replay(original: str, issues: list[dict]) -> str:
    """Apply the fixed issues' replacements end to start (DESIGN: this reproduces the cleaned text)."""
    text = original
    for issue in sorted((i for i in issues if i["fixed"]), key=lambda i: i["start"], reverse=True):
        text = text[: issue["start"]] + issue["replacement"] + text[issue["end"]:]
    return text


def assert_error(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    for word in words:
        assert word.lower() in body["error"].lower(), body
    return body


# -- /v1/clean ---------------------------------------------------------------------------


def test_clean_json(client):
    r = client.post("/v1/clean", json={"text": COMMA, "id": "doc-1"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"id", "text", "issues", "stats"}  # no "original" for JSON bodies
    assert body["id"] == "doc-1"
    assert body["text"] == "我镇成立领导小组，镇长任组长。"
    (issue,) = body["issues"]
    assert issue["code"] == "punctuation.ascii_comma" and issue["fixed"] is True
    assert COMMA[issue["start"]:issue["end"]] == ","
    assert set(body["stats"]) == {"chars", "encoding", "report_year", "published", "source",
                                  "issues_by_type", "fixed", "elapsed_ms"}
    assert body["stats"]["issues_by_type"] == {"punctuation": 1}


def test_clean_without_fix_keeps_text_and_suggests(client):
    body = client.post("/v1/clean", json={"text": COMMA, "fix": False}).json()
    assert body["text"] == COMMA
    assert body["issues"][0]["replacement"] == "，" and body["issues"][0]["fixed"] is False


def test_clean_seed_fixes_replay(client):
    text = client.get(f"/v1/corpus/documents/{REF}").json()["text"]
    body = client.post("/v1/clean", json={"text": text, "id": REF}).json()
    assert body["issues"]
    assert replay(text, body["issues"]) == body["text"]


def test_clean_uses_corpus_but_never_matches_itself(client):
    text = client.get(f"/v1/corpus/documents/{REF}").json()["text"]
    as_other = client.post("/v1/clean", json={"text": text, "id": "someone-else"}).json()
    shared = [i for i in as_other["issues"] if i["type"] == "boilerplate"]
    assert shared and all(i["detail"]["documents"][0]["id"] == REF for i in shared)
    as_itself = client.post("/v1/clean", json={"text": text, "id": REF}).json()
    assert not [i for i in as_itself["issues"] if i["type"] == "boilerplate"]
    without_id = client.post("/v1/clean", json={"text": text}).json()  # identical content is excluded
    assert not [i for i in without_id["issues"] if i["type"] == "boilerplate"]


def test_clean_text_plain_with_charset(client):
    r = client.post("/v1/clean?id=gb&fix=false&year=2023", content=COMMA.encode("gb18030"),
                    headers={"content-type": "text/plain; charset=GBK"})
    body = r.json()
    assert r.status_code == 200
    assert body["original"] == COMMA and body["text"] == COMMA  # fix=false from the query
    assert body["id"] == "gb" and body["stats"]["encoding"] == "gb18030"


def test_clean_octet_stream_is_sniffed_and_bom_is_not_counted(client):
    r = client.post("/v1/clean", content=codecs.BOM_UTF16_LE + COMMA.encode("utf-16-le"),
                    headers={"content-type": "application/octet-stream"})
    body = r.json()
    assert body["original"] == COMMA and body["stats"]["encoding"] == "utf-16-le"
    issue = body["issues"][0]
    assert body["original"][issue["start"]:issue["end"]] == ","
    r = client.post("/v1/clean", content=COMMA.encode("gb18030") * 3,
                    headers={"content-type": "application/octet-stream"})
    assert r.json()["stats"]["encoding"] == "gb18030"


# -- bad input: always 4xx JSON naming the problem ------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 400, ["malformed"]),
        (b"", 400, ["empty"]),
        (b'{"id": "x"}', 400, ["missing", "text"]),
        (b'{"text": 42}', 400, ["expected `str`", "text"]),
        (b'["text"]', 400, ["expected `object`"]),
        (b'{"text": "x", "year": 20230}', 400, ["year"]),
        (b'{"text": "x", "fix": "yes"}', 400, ["bool", "fix"]),
    ],
)
def test_clean_bad_json(client, body, status, words):
    r = client.post("/v1/clean", content=body, headers={"content-type": "application/json"})
    assert_error(r, status, *words)


def test_clean_undecodable_bytes(client):
    junk = bytes([0x80, 0xFF, 0xFE, 0x81, 0x00, 0xFF]) * 40
    assert_error(client.post("/v1/clean", content=junk, headers={"content-type": "application/octet-stream"}),
                 422, "cannot decode")


def test_clean_bytes_invalid_in_declared_charset(client):
    assert_error(client.post("/v1/clean", content=b"ab\xff", headers={"content-type": "text/plain; charset=utf-8"}),
                 422, "not valid utf-8", "0xff")


def test_clean_unknown_charset(client):
    assert_error(client.post("/v1/clean", content=b"abc", headers={"content-type": "text/plain; charset=klingon"}),
                 415, "unknown charset", "klingon")


def test_clean_unsupported_media_type(client):
    r = client.post("/v1/clean", content=b"text=abc", headers={"content-type": "application/x-www-form-urlencoded"})
    assert_error(r, 415, "unsupported content-type", "application/json")


def test_clean_bad_query_year(client):
    r = client.post("/v1/clean?year=12", content=b"abc", headers={"content-type": "text/plain"})
    assert_error(r, 400, "year")


@pytest.mark.parametrize("content_type", ["application/json", "text/plain; charset=utf-8"])
def test_body_over_the_limit_is_413(make_client, content_type):
    client = make_client(max_body_bytes=1000)
    body = json.dumps({"text": "报" * 600}).encode() if "json" in content_type else ("报" * 600).encode()
    assert_error(client.post("/v1/clean", content=body, headers={"content-type": content_type}),
                 413, "too large", "1000 bytes")
    assert client.post("/v1/clean", json={"text": "报" * 100}).status_code == 200


def test_unknown_endpoint_and_method(client):
    assert_error(client.get("/v2/nothing"), 404, "no such endpoint", "/v2/nothing")
    assert_error(client.put("/v1/clean", json={}), 405, "PUT")


# -- /v1/clean/batch ------------------------------------------------------------------------


def test_batch_keeps_order(client):
    docs = [{"id": "b", "text": COMMA}, {"id": "a", "text": "没有问题的句子。"}, {"text": "你好,世界", "fix": False}]
    r = client.post("/v1/clean/batch", json={"documents": docs})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["id"] for x in results] == ["b", "a", None]
    assert results[0]["text"] == "我镇成立领导小组，镇长任组长。"
    assert results[2]["text"] == "你好,世界"


def test_batch_limits_and_duplicates(make_client):
    client = make_client(max_batch=2)
    docs = [{"id": str(i), "text": "好"} for i in range(3)]
    assert_error(client.post("/v1/clean/batch", json={"documents": docs}), 413, "3 documents", "limit is 2")
    dup = [{"id": "x", "text": "a"}, {"id": "x", "text": "b"}]
    body = assert_error(client.post("/v1/clean/batch", json={"documents": dup}), 400, "duplicate", "x")
    assert body["detail"] == {"ids": ["x"]}
    assert_error(client.post("/v1/clean/batch", json={"documents": [{"id": "x"}]}), 400, "text")
    assert_error(client.post("/v1/clean/batch", json={"docs": []}), 400, "documents")
    assert client.post("/v1/clean/batch", json={"documents": []}).json() == {"results": []}


# -- /v1/corpus -----------------------------------------------------------------------------


def test_corpus_documents_lifecycle(client):
    before = client.get("/v1/corpus/stats").json()
    assert before["documents"] == 5 and before["backend"] == "sqlite"
    assert {"documents", "paragraphs", "backend", "scheme"} <= set(before)

    r = client.post("/v1/corpus/documents", json={"documents": [{"id": "t1", "text": PARAGRAPH},
                                                                {"id": "t2", "text": "短文。"}]})
    assert r.status_code == 200 and r.json() == {"added": 2, "ids": ["t1", "t2"]}
    assert client.get("/v1/corpus/documents/t1").json() == {"id": "t1", "text": PARAGRAPH}
    assert client.get("/v1/corpus/stats").json()["documents"] == 7

    listing = client.get("/v1/corpus/documents?limit=2&offset=5").json()
    assert listing == {"ids": ["t1", "t2"], "limit": 2, "offset": 5, "total": 7}

    assert client.delete("/v1/corpus/documents/t1").json() == {"id": "t1", "deleted": True}
    assert_error(client.get("/v1/corpus/documents/t1"), 404, "t1")
    assert_error(client.delete("/v1/corpus/documents/t1"), 404, "t1")


def test_corpus_add_bad_input(make_client):
    client = make_client(max_batch=1)
    assert_error(client.post("/v1/corpus/documents", json={"documents": [{"text": "x"}]}), 400, "id")
    assert_error(client.post("/v1/corpus/documents", json={"documents": [{"id": "", "text": "x"}]}), 400, "length")
    two = [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]
    assert_error(client.post("/v1/corpus/documents", json={"documents": two}), 413, "limit is 1")


def test_duplicates_pairs_and_report(client):
    text = client.get(f"/v1/corpus/documents/{REF}").json()["text"]
    client.post("/v1/corpus/documents", json={"documents": [{"id": "zz-copy", "text": text + "\n附：联系人王某。"}]})

    dups = client.get("/v1/corpus/duplicates?threshold=0.7").json()
    assert dups["total_pairs"] == 1
    (pair,) = dups["pairs"]
    assert (pair["a"], pair["b"]) == (REF, "zz-copy") and 0.7 <= pair["similarity"] <= 1
    (cluster,) = dups["clusters"]
    assert sorted(cluster["ids"]) == [REF, "zz-copy"] and cluster["size"] == 2
    assert client.get("/v1/corpus/duplicates?threshold=0.7&offset=1").json()["pairs"] == []

    shared = client.get(f"/v1/corpus/pairs/{REF}/zz-copy").json()
    assert shared["a"] == REF and shared["passages"]
    first = shared["passages"][0]
    assert text[first["a_start"]:first["a_end"]].startswith(first["a_excerpt"][:20])

    report = client.get("/v1/corpus/report").json()
    assert {"clusters", "top_passages", "boilerplate_ratio", "histogram"} <= set(report)
    assert report["boilerplate_ratio"]["zz-copy"] > 0.5

    page = client.get("/corpus")  # a page that draws this report from the API (tests/test_pages.py, tests/e2e)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("query", ["threshold=0", "threshold=1.5", "threshold=abc", "limit=-1", "offset=-3"])
def test_duplicates_bad_query(client, query):
    body = assert_error(client.get(f"/v1/corpus/duplicates?{query}"), 400, "invalid request")
    assert query.split("=")[0] in body["error"]


def test_pairs_unknown_ids(client):
    body = assert_error(client.get(f"/v1/corpus/pairs/{REF}/nope"), 404, "nope")
    assert body["detail"] == {"missing": ["nope"]}


# -- pages, health, schema, metrics, logs ------------------------------------------------------


def test_index_page_is_self_contained(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<textarea" in r.text and "/v1/clean" in client.get("/static/clean.js").text
    assert "src=\"http" not in r.text and "href=\"http" not in r.text


def test_healthz_and_schema(client):
    assert client.get("/healthz").json()["status"] == "ok"
    schema = client.get("/schema/openapi.json").json()
    expected = {"/v1/clean", "/v1/clean/batch", "/v1/corpus/documents", "/v1/corpus/documents/{doc_id}",
                "/v1/corpus/stats", "/v1/corpus/duplicates", "/v1/corpus/pairs/{a}/{b}", "/v1/corpus/report",
                "/corpus", "/healthz"}
    assert expected <= set(schema["paths"])
    body = schema["paths"]["/v1/clean"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain", "application/octet-stream"} <= set(body)


def test_metrics_count_requests_and_issues(client):
    client.post("/v1/clean", json={"text": COMMA})
    client.post("/v1/clean", json={"text": 1})
    client.get("/v1/corpus/documents/missing")
    text = client.get("/metrics").text
    assert 'zhclean_http_requests_total{method="POST",route="/v1/clean",status="200"} 1' in text
    assert 'zhclean_http_requests_total{method="POST",route="/v1/clean",status="400"} 1' in text
    assert 'route="/v1/corpus/documents/{doc_id}",status="404"} 1' in text
    assert 'zhclean_issues_total{type="punctuation"} 1' in text
    assert "zhclean_documents_cleaned_total 1" in text
    assert "# TYPE zhclean_http_requests_total counter" in text


def test_one_json_log_line_per_request(client):
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Collect()
    logging.getLogger("zhclean.access").addHandler(handler)
    try:
        client.post("/v1/clean", json={"text": COMMA})
        client.get("/nowhere")
    finally:
        logging.getLogger("zhclean.access").removeHandler(handler)
    records = [json.loads(line) for line in lines]
    assert [(r["method"], r["path"], r["status"]) for r in records] == [("POST", "/v1/clean", 200),
                                                                        ("GET", "/nowhere", 404)]
    assert all(isinstance(r["ms"], float | int) and r["ms"] >= 0 for r in records)


# -- token auth ---------------------------------------------------------------------------


def test_token_guards_corpus_changes(make_client):
    client = make_client(api_token="s3cret")
    add = {"documents": [{"id": "t", "text": PARAGRAPH}]}
    body = assert_error(client.post("/v1/corpus/documents", json=add), 401, "Bearer")
    assert client.post("/v1/corpus/documents", json=add).headers["www-authenticate"] == "Bearer"
    assert_error(client.post("/v1/corpus/documents", json=add, headers={"Authorization": "Bearer nope"}),
                 401, "wrong")
    assert_error(client.post("/v1/corpus/documents", json=add, headers={"Authorization": "Basic s3cret"}), 401)
    good = {"Authorization": "Bearer s3cret"}
    assert client.post("/v1/corpus/documents", json=add, headers=good).status_code == 200
    assert_error(client.delete("/v1/corpus/documents/t"), 401)
    assert client.delete("/v1/corpus/documents/t", headers=good).status_code == 200
    # Reading and cleaning stay open.
    assert client.get("/v1/corpus/stats").status_code == 200
    assert client.post("/v1/clean", json={"text": COMMA}).status_code == 200
    assert body["error"]


def test_no_token_configured_means_open(client):
    add = {"documents": [{"id": "t", "text": PARAGRAPH}]}
    assert client.post("/v1/corpus/documents", json=add).status_code == 200


# -- never a 500 ------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(st.binary(max_size=300), st.text(max_size=100).map(lambda t: t.encode("utf-8"))),
    content_type=st.sampled_from(["application/json", "text/plain", "text/plain; charset=gb18030",
                                  "text/plain; charset=big5", "application/octet-stream", "text/html", ""]),
)
def test_arbitrary_bodies_never_give_500(client, body, content_type):
    headers = {"content-type": content_type} if content_type else {}
    r = client.post("/v1/clean", content=body, headers=headers)
    assert r.status_code < 500, r.text
    if r.status_code != 200:
        assert r.json()["error"]
    else:
        result = r.json()
        source = result.get("original")
        if source is not None:
            assert replay(source, result["issues"]) == result["text"]
