"""The duplication report through the API and the CLI: paging, side-by-side passages, escaping."""

from corpus.bundled import reference_documents
from service.cli import main as cli_main

REFERENCE = dict(reference_documents())
REF = "000_737ec225baaa22f9"
EVIL = '<img src=x onerror="alert(1)">'


def add_copies(client, n: int) -> list[str]:
    text = REFERENCE[REF]
    docs = [{"id": f"copy-{i}", "text": text.replace("鸡冠石镇", f"第{i}镇") + f"\n附：联系人{i}。"} for i in range(n)]
    docs.append({"id": EVIL, "text": text.replace("法治", "<script>法治</script>", 2)})
    for i in range(0, len(docs), 5):
        assert client.post("/v1/corpus/documents", json={"documents": docs[i : i + 5]}).status_code == 200
    return [d["id"] for d in docs]


def test_report_pages_its_long_lists_and_shows_pairs_side_by_side(client):
    add_copies(client, 6)
    full = client.get("/v1/corpus/report", params={"limit": 1000}).json()
    assert full["total_pairs"] == len(full["pairs"]) == 28  # 8 near-identical documents: 8*7/2
    assert full["total_documents"] == len(full["boilerplate_ratio"]) == 12
    assert full["total_clusters"] == len(full["clusters"]) == 1 and full["clusters"][0]["size"] == 8
    ratios = list(full["boilerplate_ratio"].values())
    assert ratios == sorted(ratios, reverse=True) and full["boilerplate_ratio"]["copy-0"] > 0.9
    assert full["top_passages"][0]["documents"] == 8
    assert sum(b["pairs"] for b in full["histogram"]) >= full["total_pairs"]

    page = client.get("/v1/corpus/report", params={"limit": 5, "offset": 5, "examples": 2}).json()
    assert page["pairs"] == full["pairs"][5:10] and (page["limit"], page["offset"]) == (5, 5)
    assert list(page["boilerplate_ratio"]) == list(full["boilerplate_ratio"])[5:10]
    assert page["total_pairs"] == 28 and len(page["examples"]) == 2
    example = page["examples"][0]
    assert (example["a"], example["b"]) == (page["pairs"][0]["a"], page["pairs"][0]["b"])
    assert example["passages"] and all(p["similarity"] >= 0.6 for p in example["passages"])
    for p in example["passages"]:
        a = client.get(f"/v1/corpus/documents/{example['a']}").json()["text"]
        assert a[p["a_start"] : p["a_end"]].startswith(p["a_excerpt"])
    bad = client.get("/v1/corpus/report", params={"limit": -1})
    assert bad.status_code == 400 and "limit" in bad.json()["error"]


def test_cli_html_report_escapes_every_corpus_string(client, db_path, tmp_path):
    add_copies(client, 2)
    out = tmp_path / "report.html"
    assert cli_main(["corpus", "report", "--db", db_path, "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<img" not in page and "onerror=\"" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    for heading in ("Clusters", "Similarity of candidate pairs", "Most repeated passages",
                    "Shared passages, side by side", "Near-duplicate pairs", "Boilerplate ratio"):
        assert f"<h2>{heading}</h2>" in page
