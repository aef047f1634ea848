"""The corpus at 100 k paragraph-sized documents: zhclean's index beside datasketch's defaults.

    .venv/bin/python -m bench.bench_corpus_scale [--docs 100000] [--queries 2000] [--seed 0]

The corpus is generated from the base reports (`tests/cases/base/*.txt`), one document
a paragraph's length: 30% are templated (a window of 2 to 4 consecutive sentences of a
base, names of places and numbers changed, characters edited at 0 to 6%), so the same
window recurs about ten times and forms near-duplicate clusters; 70% are unique (3 to 5
sentences drawn from anywhere, edited at 10 to 30%).

Each side runs in its own child process, so its peak RSS is its own (both include the
generated corpus, about the same for both):

- zhclean: `open_store` on a new SQLite file, `add_documents` (document- and
  paragraph-level LSH, persistent, 1000 documents a transaction); the query is the one
  the boilerplate detector makes, `CorpusQuery.find_boilerplate(text)` (normalise, shingle,
  sign, look up, verify); the report is `CorpusStore.report()` (verified pairs, clusters,
  repeated passages, boilerplate ratios, histogram).
- datasketch defaults: `MinHash(num_perm=128)` (SHA-1) over the same normalised 5-gram
  shingles, `MinHashLSH(threshold=0.7, num_perm=128)` in memory, documents only; the
  query is `lsh.query(minhash)` (no verification); its "report" is every document's
  query plus connected components of the pairs (what a duplication report needs at
  least).

Query texts are edited copies (3%) of documents picked at random, the same for both.
Prints the figures and the ratios; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import regex

BASE_DIR = Path(__file__).resolve().parents[1] / "tests" / "cases" / "base"
_SENTENCE = regex.compile(r"[^。！？；\n]+[。！？；]")
_HAN = regex.compile(r"\p{Han}")
_DIGITS = regex.compile(r"\d+")
PLACES = ("青山镇", "石门镇", "桃源镇", "龙潭镇", "清河乡", "东城街道", "临江县", "北碚区")


def _edit(text: str, rate: float, rng: random.Random, alphabet: str) -> str:
    if rate <= 0:
        return text
    out = []
    for ch in text:
        if rng.random() >= rate:
            out.append(ch)
        else:
            op = rng.randrange(3)
            if op < 2:
                out.append(rng.choice(alphabet))
            if op == 1:
                out.append(ch)
    return "".join(out)


def generate(n: int, seed: int) -> list[tuple[str, str]]:
    texts = [p.read_text(encoding="utf-8").lstrip("\ufeff") for p in sorted(BASE_DIR.glob("*.txt"))]
    sentences = [[m.group().strip() for m in _SENTENCE.finditer(t) if len(_HAN.findall(m.group())) >= 8]
                 for t in texts]
    flat = [s for ss in sentences for s in ss]
    alphabet = "".join(sorted(set(_HAN.findall("".join(texts)))))
    rng = random.Random(f"bench-scale-{seed}")
    windows = n * 3 // 10 // 10 or 1
    window_list = []
    for _ in range(windows):
        ss = rng.choice([s for s in sentences if len(s) > 4])
        start = rng.randrange(len(ss) - 3)
        window_list.append("".join(ss[start : start + rng.randrange(2, 5)]))
    docs = []
    for i in range(n):
        if rng.random() < 0.3:
            text = rng.choice(window_list)
            text = _DIGITS.sub(lambda m: str(rng.randrange(1, 1000)), text)
            text = regex.sub(r"[\p{Han}]{2,3}[镇乡县区]", lambda m: rng.choice(PLACES), text, count=1)
            text = _edit(text, rng.choice((0.0, 0.01, 0.02, 0.03, 0.04, 0.06)), rng, alphabet)
        else:
            text = _edit("".join(rng.sample(flat, rng.randrange(3, 6))), rng.uniform(0.1, 0.3), rng, alphabet)
        docs.append((f"d{i:06d}", text))
    return docs


def queries(docs: list[tuple[str, str]], count: int, seed: int) -> list[str]:
    rng = random.Random(f"bench-scale-queries-{seed}")
    alphabet = "".join(sorted(set(_HAN.findall("".join(t for _, t in docs[:2000])))))
    return [_edit(rng.choice(docs)[1], 0.03, rng, alphabet) for _ in range(count)]


def _percentiles(samples: list[float]) -> dict:
    ms = np.array(samples) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 3), "p99_ms": round(float(np.percentile(ms, 99)), 3)}


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def run_zhclean(docs, qs) -> dict:
    from corpus import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "scale.sqlite3"), load_reference=False)
        start = time.perf_counter()
        store.add_documents(docs)
        ingest = time.perf_counter() - start
        query = store.query()
        latencies = []
        for text in qs:
            t = time.perf_counter()
            query.find_boilerplate(text)
            latencies.append(time.perf_counter() - t)
        start = time.perf_counter()
        report = store.report()
        report_s = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        stats = store.stats()
        store.close()
    return {
        "ingest_docs_per_s": round(len(docs) / ingest, 1), "ingest_s": round(ingest, 1),
        **_percentiles(latencies), "report_s": round(report_s, 2),
        "pairs": report["total_pairs"], "clusters": report["total_clusters"],
        "paragraphs": stats["paragraphs"], "index_mb": round(size / 2**20, 1), "peak_rss_mb": _peak_rss_mb(),
    }


def run_datasketch(docs, qs) -> dict:
    from datasketch import MinHash, MinHashLSH

    from corpus.clusters import connected_components
    from corpus.normalize import normalize_for_matching
    from corpus.shingles import SHINGLE_SIZE

    def sign(text: str) -> MinHash:
        norm = normalize_for_matching(text)
        grams = {norm[i : i + SHINGLE_SIZE] for i in range(max(len(norm) - SHINGLE_SIZE + 1, 1))}
        m = MinHash(num_perm=128)
        m.update_batch([g.encode("utf-8") for g in grams])
        return m

    lsh = MinHashLSH(threshold=0.7, num_perm=128)
    start = time.perf_counter()
    sigs = {}
    for doc_id, text in docs:
        sigs[doc_id] = m = sign(text)
        lsh.insert(doc_id, m)
    ingest = time.perf_counter() - start
    latencies = []
    for text in qs:
        t = time.perf_counter()
        lsh.query(sign(text))
        latencies.append(time.perf_counter() - t)
    start = time.perf_counter()
    pairs = set()
    for doc_id, m in sigs.items():
        pairs.update((min(doc_id, o), max(doc_id, o)) for o in lsh.query(m) if o != doc_id)
    clusters = connected_components(pairs)
    report_s = time.perf_counter() - start
    return {
        "ingest_docs_per_s": round(len(docs) / ingest, 1), "ingest_s": round(ingest, 1),
        **_percentiles(latencies), "report_s": round(report_s, 2),
        "pairs": len(pairs), "clusters": len(clusters), "peak_rss_mb": _peak_rss_mb(),
    }


def child(side: str, n: int, nq: int, seed: int) -> None:
    docs = generate(n, seed)
    qs = queries(docs, nq, seed)
    baseline = _peak_rss_mb()
    result = (run_zhclean if side == "zhclean" else run_datasketch)(docs, qs)
    result["rss_before_mb"] = baseline
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--side", choices=("zhclean", "datasketch"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        child(args.side, args.docs, args.queries, args.seed)
        return
    docs = generate(args.docs, args.seed)
    chars = np.mean([len(t) for _, t in docs])
    print(f"{len(docs)} paragraph-sized documents, {chars:.0f} characters on average; {args.queries} queries")
    results = {}
    for side in ("zhclean", "datasketch"):
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_corpus_scale", "--side", side, "--docs", str(args.docs),
             "--queries", str(args.queries), "--seed", str(args.seed)],
            capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
        )
        results[side] = json.loads(out.stdout.strip().splitlines()[-1])
    ours, theirs = results["zhclean"], results["datasketch"]
    rows = [
        ("ingest docs/s", "ingest_docs_per_s", True),
        ("query p50 ms", "p50_ms", False),
        ("query p99 ms", "p99_ms", False),
        ("report s", "report_s", False),
        ("peak RSS MB", "peak_rss_mb", False),
    ]
    print(f"\n{'':16}{'zhclean (SQLite)':>18}{'datasketch (memory)':>22}{'ratio':>10}")
    for label, key, higher_better in rows:
        a, b = ours[key], theirs[key]
        ratio = (a / b if higher_better else b / a) if a and b else float("nan")
        print(f"{label:16}{a:>18}{b:>22}{ratio:>9.2f}x")
    print("(ratio > 1: zhclean better)")
    print(f"\nzhclean: {ours['paragraphs']} paragraphs indexed too, index file {ours['index_mb']} MB, "
          f"{ours['pairs']} verified pairs >= 0.7 in {ours['clusters']} clusters; "
          f"RSS before the run {ours['rss_before_mb']} MB")
    print(f"datasketch: {theirs['pairs']} candidate pairs (unverified) in {theirs['clusters']} clusters; "
          f"RSS before the run {theirs['rss_before_mb']} MB")


if __name__ == "__main__":
    main()
