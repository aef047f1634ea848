"""POST /v1/clean on each seed: the issue types the seed has, spans into the submitted
text, and the cleaned text that the fixed issues replay to."""
from __future__ import annotations

import pytest

from tests.seeds import seed

# The types DESIGN.md's table lists for each seed (boilerplate needs other documents).
EXPECTED_TYPES = {
    "000": set(),
    "001": {"encoding", "punctuation"},
    "002": {"encoding", "punctuation", "injection"},
    "003": {"encoding", "punctuation", "year"},
    "004": {"punctuation", "injection"},
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED_TYPES))
def test_clean_each_seed_over_http(client, prefix):
    text = seed(prefix)
    response = client.post("/v1/clean", json={"text": text, "id": f"submitted-{prefix}"})
    assert response.status_code == 200, response.text
    body = response.json()
    types = {i["type"] for i in body["issues"] if i["type"] != "boilerplate"}
    assert types == EXPECTED_TYPES[prefix]
    for issue in body["issues"]:
        assert text[issue["start"]:issue["end"]][:200] == issue["excerpt"]
    replayed = text
    for issue in sorted((i for i in body["issues"] if i["fixed"]), key=lambda i: i["start"], reverse=True):
        replayed = replayed[:issue["start"]] + issue["replacement"] + replayed[issue["end"]:]
    assert replayed == body["text"]
    assert body["stats"]["chars"] == len(text)


@pytest.mark.parametrize("prefix", sorted(EXPECTED_TYPES))
@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16-le", b"\xff\xfe")])
def test_raw_seed_bytes_are_decoded_and_reported(client, prefix, encoding, bom):
    text = seed(prefix)
    response = client.post("/v1/clean?id=raw", content=bom + text.encode(encoding),
                           headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["original"] == text
    assert body["stats"]["encoding"] == encoding


def test_raw_big5_report_is_decoded(client):
    import opencc

    text = opencc.OpenCC("s2t").convert(seed("000"))
    response = client.post("/v1/clean?id=big5", content=text.encode("big5", errors="ignore"),
                           headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 200, response.text
    assert response.json()["stats"]["encoding"] == "big5"
