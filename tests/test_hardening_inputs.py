"""Bad input, one row per class (issue 7): a 4xx JSON error that names the problem, or, where the
input is legal, a correct answer; never a 500, and /healthz still answers after each.

tests/test_service_api.py already covers a few classes in detail (an unknown charset, form bodies,
a bad query year, 405s); these rows cover the rest and repeat none of its requests.
"""
from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field

import pytest

COMMA = "我镇成立领导小组,镇长任组长。"
TRAD = "我鎮成立領導小組,鎮長任組長。"
J = {"content-type": "application/json"}
RAW = {"content-type": "text/plain"}
OCTETS = {"content-type": "application/octet-stream"}


@dataclass
class Case:
    name: str
    method: str
    path: str
    content: bytes | None = None
    json: object = None
    headers: dict = field(default_factory=dict)
    status: int = 400
    words: tuple[str, ...] = ()  # the error must name the problem with these
    settings: dict = field(default_factory=dict)
    check: object = None  # for legal inputs: check(body) on the 200 answer


def raw_json(text: str) -> bytes:
    return text.encode()


def nested(depth: int) -> bytes:
    return b'{"text": "x", "extra": ' + b"[" * depth + b"]" * depth + b"}"


def no_issues(body):
    assert body["issues"] == [] and body["stats"]["fixed"] == 0


def docs(n: int, same_id: bool = False) -> dict:
    return {"documents": [{"id": "same" if same_id else f"d{i}", "text": COMMA} for i in range(n)]}


CASES = [
    # -- malformed and truncated JSON
    Case("truncated JSON", "POST", "/v1/clean", raw_json('{"text": "报告'), headers=J, words=("malformed", "truncated")),
    Case("unquoted key", "POST", "/v1/clean", raw_json("{text: 1}"), headers=J, words=("malformed",)),
    Case("trailing garbage", "POST", "/v1/clean", raw_json('{"text": "a"} }'), headers=J, words=("malformed",)),
    Case("truncated batch JSON", "POST", "/v1/clean/batch", raw_json('{"documents": [{"id": "a", "te'),
         headers=J, words=("malformed", "truncated")),
    Case("JSON null", "POST", "/v1/clean", b"null", headers=J, words=("expected `object`", "null")),
    # -- wrong types, missing and extra fields
    Case("text is null", "POST", "/v1/clean", json={"text": None}, words=("str", "text")),
    Case("year is a string", "POST", "/v1/clean", json={"text": "x", "year": "2023"}, words=("int", "year")),
    Case("year overflows", "POST", "/v1/clean", raw_json('{"text": "x", "year": ' + "9" * 400 + "}"),
         headers=J, words=("year",)),
    Case("documents is a string", "POST", "/v1/clean/batch", json={"documents": "x"}, words=("array", "documents")),
    Case("corpus document without text", "POST", "/v1/corpus/documents", json={"documents": [{"id": "a"}]},
         words=("text",)),
    Case("id too long", "POST", "/v1/clean", json={"text": "x", "id": "i" * 513}, words=("length", "id")),
    Case("extra fields are ignored", "POST", "/v1/clean", json={"text": COMMA, "colour": "red", "fixx": False},
         status=200, check=lambda b: b["text"] == "我镇成立领导小组，镇长任组长。" and "colour" not in b),
    # -- empty and whitespace-only text (legal)
    Case("empty text", "POST", "/v1/clean", json={"text": ""}, status=200, check=no_issues),
    Case("whitespace-only text", "POST", "/v1/clean", json={"text": " \t\n  \n"}, status=200, check=no_issues),
    Case("empty raw body", "POST", "/v1/clean", b"", headers=RAW, status=200, check=no_issues),
    # -- size
    Case("body over the limit", "POST", "/v1/clean/batch", json=docs(40), settings={"max_body_bytes": 2000},
         status=413, words=("too large", "2000 bytes")),
    # 450 k characters without a line break (~1.3 MB). Without sentence stops too, the same line is
    # quadratic in detectors/injection.py: tests/test_hardening_deadline.py::test_one_long_sentence_with_models.
    Case("huge single line", "POST", "/v1/clean", json={"text": "我镇成立领导小组,镇长任组长。" * 30_000}, status=200,
         check=lambda b: b["stats"]["chars"] == 450_000 and "\n" not in b["text"]),
    # -- encodings
    Case("invalid UTF-8 in JSON", "POST", "/v1/clean", b'{"text": "\xff\xfe"}', headers=J,
         words=("not valid utf-8", "0xff")),
    Case("GBK bytes declared as JSON", "POST", "/v1/clean", '{"text": "报告"}'.encode("gbk"), headers=J,
         words=("not valid utf-8", "text/plain; charset")),
    Case("UTF-8 cut inside a character", "POST", "/v1/clean", "报告".encode()[:-1],
         headers={"content-type": "text/plain; charset=utf-8"}, status=422, words=("not valid utf-8",)),
    Case("GB18030 with a charset", "POST", "/v1/clean", COMMA.encode("gb18030"),
         headers={"content-type": "text/plain; charset=gb18030"}, status=200,
         check=lambda b: b["original"] == COMMA and b["stats"]["encoding"] == "gb18030"),
    Case("GB18030 without a charset", "POST", "/v1/clean", (COMMA * 3).encode("gb18030"), headers=RAW, status=200,
         check=lambda b: b["original"] == COMMA * 3 and b["stats"]["encoding"] == "gb18030"),
    Case("Big5 with a charset", "POST", "/v1/clean", TRAD.encode("big5"),
         headers={"content-type": "text/plain; charset=big5"}, status=200,
         check=lambda b: b["original"] == TRAD and b["stats"]["encoding"] == "big5"),
    Case("Big5 without a charset", "POST", "/v1/clean", (TRAD * 3).encode("big5"), headers=OCTETS, status=200,
         check=lambda b: b["original"] == TRAD * 3 and b["stats"]["encoding"] == "big5"),
    Case("UTF-16 big-endian with BOM", "POST", "/v1/clean", codecs.BOM_UTF16_BE + COMMA.encode("utf-16-be"),
         headers=RAW, status=200, check=lambda b: b["original"] == COMMA and b["stats"]["encoding"] == "utf-16-be"),
    Case("UTF-16 BOM over an odd byte count", "POST", "/v1/clean", codecs.BOM_UTF16_LE + b"a\x00b",
         headers=OCTETS, status=422, words=("byte-order mark", "utf-16")),
    # -- surrogates and NUL
    Case("lone high surrogate", "POST", "/v1/clean", raw_json('{"text": "a\\ud800b"}'), headers=J,
         words=("lone", "surrogate", "\\ud800")),
    Case("lone low surrogate in an id", "POST", "/v1/clean", raw_json('{"text": "a", "id": "\\udc00"}'),
         headers=J, words=("surrogate", "\\udc00")),
    Case("reversed surrogate pair", "POST", "/v1/clean", raw_json('{"text": "\\ude00\\ud83d"}'), headers=J,
         words=("surrogate",)),
    Case("surrogate pair (legal)", "POST", "/v1/clean", raw_json('{"text": "好\\ud83d\\ude00"}'), headers=J,
         status=200, check=lambda b: b["text"] == "好\U0001F600"),
    Case("escaped backslash before u (legal)", "POST", "/v1/clean", raw_json('{"text": "C:\\\\ud800"}'),
         headers=J, status=200, check=lambda b: b["text"] == "C:\\ud800"),
    Case("lone surrogate into the corpus", "POST", "/v1/corpus/documents",
         raw_json('{"documents": [{"id": "s", "text": "报告\\udbff"}]}'), headers=J, words=("surrogate",)),
    Case("NUL in JSON text", "POST", "/v1/clean", json={"text": "报\u0000告"}, status=200,
         check=lambda b: b["text"] == "报告" and b["issues"][0]["code"] == "encoding.control_char"),
    Case("NUL in raw text", "POST", "/v1/clean", "报\x00告".encode(), headers=RAW, status=200,
         check=lambda b: b["original"] == "报\x00告"),
    Case("NUL in a corpus id", "POST", "/v1/corpus/documents", json={"documents": [{"id": "a\u0000b", "text": "x"}]},
         words=("control characters",)),
    # -- nesting
    Case("deeply nested JSON", "POST", "/v1/clean", b"[" * 100_000 + b"]" * 100_000, headers=J,
         words=("nested too deeply", "limit is 32")),
    Case("deep nesting in an extra field", "POST", "/v1/clean/batch", nested(5000), headers=J,
         words=("nested too deeply",)),
    Case("brackets inside strings are text (legal)", "POST", "/v1/clean", json={"text": "[" * 5000 + "{" * 5000},
         status=200, check=lambda b: b["stats"]["chars"] == 10_000),
    # -- batches
    Case("batch over the default count limit", "POST", "/v1/clean/batch", json=docs(101), status=413,
         words=("101 documents", "limit is 100")),
    Case("duplicate ids in a corpus add", "POST", "/v1/corpus/documents", json=docs(3, same_id=True),
         words=("duplicate", "same")),
    Case("batch posted as text/plain", "POST", "/v1/clean/batch", json.dumps(docs(1)).encode(), headers=RAW,
         status=415, words=("content-type",)),
    # -- unknown ids, bad parameters
    Case("unknown document id", "GET", "/v1/corpus/documents/no-such-document", status=404,
         words=("no-such-document",)),
    Case("delete an unknown id", "DELETE", "/v1/corpus/documents/no-such-document", status=404,
         words=("no-such-document",)),
    Case("threshold NaN", "GET", "/v1/corpus/duplicates?threshold=nan", words=("threshold",)),
    Case("report threshold negative", "GET", "/v1/corpus/report?threshold=-0.5", words=("threshold",)),
    Case("report top too large", "GET", "/v1/corpus/report?top=100000", words=("top",)),
    Case("offset beyond SQLite's integers", "GET", "/v1/corpus/documents?offset=27936047696585143877632",
         words=("offset",)),
    Case("list limit too large", "GET", "/v1/corpus/documents?limit=99999999", words=("limit",)),
    # -- path-like ids
    Case("path-like id into the corpus", "POST", "/v1/corpus/documents",
         json={"documents": [{"id": "../../etc/passwd", "text": COMMA}]}, words=("'/'", "../../etc/passwd")),
    Case("'..' as a corpus id", "POST", "/v1/corpus/documents", json={"documents": [{"id": "..", "text": "x"}]},
         words=("'..'",)),
    Case("path-like id in a URL", "GET", "/v1/corpus/documents/..%2F..%2Fetc%2Fpasswd", status=404, words=("passwd",)),
    Case("path-like id to clean (opaque, legal)", "POST", "/v1/clean", json={"text": COMMA, "id": "../../etc/passwd"},
         status=200, check=lambda b: b["id"] == "../../etc/passwd"),
    Case("path-like static asset", "GET", "/static/..%2F..%2Fapp.py", status=404, words=("no",)),
    # -- hostile strings (legal: JSON out, never HTML)
    Case("script tag", "POST", "/v1/clean", json={"text": "<script>alert(1)</script>报告", "id": "<img src=x>"},
         status=200, check=lambda b: b["id"] == "<img src=x>"),
    Case("RTL overrides", "POST", "/v1/clean", json={"text": "报告\u202e)gnp.exe\u202c,结束\u2066x\u2069"}, status=200),
    Case("10k combining marks", "POST", "/v1/clean", json={"text": "报" + "\u0301" * 10_000 + "告,"}, status=200,
         check=lambda b: b["stats"]["chars"] == 10_003),
    Case("hostile id into the corpus", "POST", "/v1/corpus/documents",
         json={"documents": [{"id": "<script>\u202e", "text": "<b>报告</b>"}]}, status=200,
         check=lambda b: b == {"added": 1, "ids": ["<script>\u202e"]}),
]


def check_spans(body: dict, sent: str | None) -> None:
    source = body.get("original", sent)
    if source is None:
        return
    cleaned = source
    for issue in sorted((i for i in body["issues"] if i["fixed"]), key=lambda i: i["start"], reverse=True):
        cleaned = cleaned[: issue["start"]] + issue["replacement"] + cleaned[issue["end"]:]
    for issue in body["issues"]:
        assert 0 <= issue["start"] <= issue["end"] <= len(source), issue
    assert cleaned == body["text"]


def test_at_least_30_classes():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(make_client, case: Case):
    client = make_client(**case.settings)
    kwargs = {"headers": case.headers}
    if case.json is not None:
        kwargs["json"] = case.json
    elif case.content is not None:
        kwargs["content"] = case.content
    r = client.request(case.method, case.path, **kwargs)
    assert r.status_code == case.status, r.text[:500]
    assert r.headers["content-type"].startswith("application/json"), r.headers
    body = r.json()
    if case.status >= 400:
        assert set(body) == {"error", "detail"}
        for word in case.words:
            assert word.lower() in body["error"].lower(), body["error"]
    else:
        if case.path == "/v1/clean":
            sent = case.json.get("text") if isinstance(case.json, dict) else None
            if sent is None and case.content and case.headers == J:
                sent = json.loads(case.content)["text"]
            check_spans(body, sent)
        if case.check is not None:
            assert case.check(body) is not False, body
    assert client.get("/healthz").json()["status"] == "ok"  # still up
