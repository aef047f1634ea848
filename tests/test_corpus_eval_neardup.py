"""bench.eval_neardup on a tiny set: the figures it promises, computed through the API."""

from bench.eval_neardup import build_set, evaluate, schema1_method, truth


def test_build_set_is_deterministic_with_families_and_uniques():
    a = build_set(seed=5, members=2, uniques=3)
    assert a == build_set(seed=5, members=2, uniques=3)
    assert sum(k.startswith("unique-") for k in a) == 3
    assert sum(k.startswith("base000-m") for k in a) == 2
    assert all("鸡冠石镇" not in t for k, t in a.items() if k.startswith("base000"))


def test_tiny_run_scores_the_api_against_exact_jaccard():
    r = evaluate(seed=1, members=3, uniques=4, threshold=0.7)
    assert r["documents"] == 13 * 3 + 4 and r["pairs_scored"] == r["documents"] * (r["documents"] - 1) // 2
    assert r["tp"] + r["fn"] == r["true_pairs"] and r["tp"] + r["fp"] == r["predicted_pairs"]
    assert r["true_pairs"] > 0 and r["precision"] >= 0.95 and r["recall"] >= 0.95
    assert r["mae"] < 0.01  # verified pairs report exact similarity
    assert {"precision", "recall", "fp", "fn"} == set(r["schema1_method"])


def test_schema1_method_and_truth_agree_on_identical_documents():
    docs = {"a": "坚持以习近平法治思想为指导，统筹推进依法行政各项工作。", "b": "坚持以习近平法治思想为指导，统筹推进依法行政各项工作。"}
    assert truth(docs) == {("a", "b"): 1.0} and schema1_method(docs, 0.7) == {("a", "b")}
