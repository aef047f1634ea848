"""bench.eval_boilerplate runs on a tiny set and prints the figures it promises."""
from __future__ import annotations

import json

from bench.eval_boilerplate import derived_documents, evaluate_split, jaccard, main, shingle_set

TIMINGS = ("query_ms_median", "clean_ms_median")


def test_derived_documents_are_deterministic_and_renamed():
    bases = {"005": "柳溪镇在县委、县政府的坚强领导下，坚持以习近平法治思想为指导，统筹推进依法行政各项工作。"}
    a = derived_documents(bases, seed=3, copies=2)
    assert a == derived_documents(bases, seed=3, copies=2)
    assert sorted(a) == ["005-copy0", "005-copy1"]
    assert all("柳溪镇" not in text for text in a.values())


def test_jaccard_uses_the_corpus_shingles():
    s = shingle_set("坚持以习近平法治思想为指导，统筹推进依法行政各项工作。")
    assert jaccard(s, s) == 1.0
    assert jaccard(s, shingle_set("全年办理行政处罚案件23件，无一起被复议纠错或诉讼败诉。")) == 0.0


def test_tiny_run_structure():
    r = evaluate_split("heldout", seed=1, copies=2, base_ids=["005", "006"])
    assert r["bases"] == ["005", "006"] and r["documents_indexed"] == 4
    assert r["pairs"] == r["paragraphs"] * 4
    for level in ("paragraph", "pair"):
        m = r[level]
        assert 0.0 <= m["precision"] <= 1.0 and 0.0 <= m["recall"] <= 1.0
        assert m["tp"] + m["fn"] > 0  # verbatim copies exist, so there is something to find
    true_pairs = r["pair"]["tp"] + r["pair"]["fn"]
    assert sum(b["true"] for b in r["recall_by_band"].values()) == true_pairs
    assert r["mae"] is not None and 0.0 <= r["mae"] < 0.2
    assert all(r[t] > 0 for t in TIMINGS)
    again = evaluate_split("heldout", seed=1, copies=2, base_ids=["005", "006"])
    assert {k: v for k, v in again.items() if k not in TIMINGS} == {k: v for k, v in r.items() if k not in TIMINGS}


def test_cli_json(capsys):
    assert main(["--split", "heldout", "--bases", "005", "007", "--copies", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["heldout"]
    assert {"paragraph", "pair", "mae", "bias", "recall_by_band", "fp_by_band", "capped", *TIMINGS} <= set(out["heldout"])
