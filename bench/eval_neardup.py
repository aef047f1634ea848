"""Near-duplicate documents through the HTTP API: pair precision and recall at 0.7.

    python -m bench.eval_neardup [--seed S] [--members N] [--uniques N] [--threshold T] [--json]

The set
-------
Templates are the base reports (`tests/cases/base/*.txt`) and the seed reports as
bundled (`corpus/reference/`, the same texts as `shared/seeds`, before cleaning).  Each
template makes a family of `--members` documents, each one deterministic in the seed:

- names: the town / county names of the template swapped for other names of the same
  kind (bench.eval_boilerplate's NAMES and SWAP_POOL);
- numbers: every run of digits replaced, with probability 1/2, by a random number of
  1 to 4 digits (the index folds digits to 0, so only a changed length shows);
- characters: each non-space character substituted, preceded by an inserted character
  or deleted with probability `rate`, the rate drawn from RATES per member, so
  similarities to the template spread from 1.0 down to ~0.3, most of them around the
  threshold;
- structure, for a third of the members: one paragraph dropped, or one paragraph of
  another template appended.

`--uniques` documents belong to no family: paragraphs drawn from all templates,
shuffled, each edited at 10%, so they share passages but are not near-duplicates of
any one document.

Truth and prediction
--------------------
- Truth: a pair (a, b) is a near-duplicate when the exact Jaccard similarity of the two
  documents' shingle sets, made with the corpus's own functions
  (`shingle_hashes(normalize_for_matching(text))`), is >= the threshold.  Every pair of
  the set is scored.
- Prediction: the documents are loaded through `POST /v1/corpus/documents` (batches of
  the service's limit) into a fresh index (a Litestar TestClient of the real app on a
  temporary SQLite file; the bundled reference documents a new index starts with are
  deleted through the API first), then every page of
  `GET /v1/corpus/duplicates?threshold=T&limit=&offset=` is read.
- Pair precision = TP / predicted, recall = TP / true; recall and false positives are
  also shown by exact-similarity band.  MAE is |reported - exact| over predicted pairs.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import regex
from litestar.testing import TestClient

from bench.eval_boilerplate import NAMES, SWAP_POOL, edit, jaccard, shingle_set
from corpus import minhash, split_paragraphs
from corpus.bundled import reference_documents
from corpus.lsh import Banding
from service.app import create_app
from service.settings import Settings

BASE_DIR = Path(__file__).resolve().parents[1] / "tests" / "cases" / "base"
RATES = (0.0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.06, 0.1)
MEMBERS = 12
UNIQUES = 40
PAGE = 100
BANDS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0), (1.0, 1.01))

_HAN = regex.compile(r"\p{Han}")
_DIGITS = regex.compile(r"\d+")


def templates() -> dict[str, str]:
    out = {f"base{p.name[:3]}": p.read_text(encoding="utf-8").lstrip("\ufeff") for p in sorted(BASE_DIR.glob("*.txt"))}
    out.update({f"seed{doc_id[:3]}": text for doc_id, text in reference_documents()})
    return out


def _swap_names(text: str, key: str, rng: random.Random) -> str:
    for name in NAMES.get(key[-3:], ()):
        suffix = next(s for s in SWAP_POOL if name.endswith(s))
        text = text.replace(name, rng.choice([n for n in SWAP_POOL[suffix] if n != name]))
    return text


def _change_numbers(text: str, rng: random.Random) -> str:
    return _DIGITS.sub(lambda m: str(rng.randrange(1, 10_000)) if rng.random() < 0.5 else m.group(), text)


def member(key: str, text: str, others: list[str], alphabet: str, rng: random.Random) -> tuple[str, float]:
    text = _change_numbers(_swap_names(text, key, rng), rng)
    spans = split_paragraphs(text)
    structure = rng.randrange(6)
    if structure == 0 and len(spans) > 2:  # one paragraph dropped
        s, e = spans[rng.randrange(len(spans))]
        text = text[:s] + text[e:]
    elif structure == 1 and others:  # one paragraph of another template appended
        text = text + "\n\n" + rng.choice(others)
    rate = rng.choice(RATES)
    return edit(text, rate, rng, alphabet), rate


def build_set(seed: int, members: int, uniques: int) -> dict[str, str]:
    temps = templates()
    alphabet = "".join(sorted(set(_HAN.findall("".join(temps.values())))))
    paragraphs = {k: [t[s:e] for s, e in split_paragraphs(t)] for k, t in temps.items()}
    docs = {}
    for key, text in temps.items():
        others = [p for other, ps in paragraphs.items() if other[-3:] != key[-3:] for p in ps]
        for i in range(members):
            rng = random.Random(f"neardup-{seed}-{key}-{i}")
            docs[f"{key}-m{i:02d}"], _ = member(key, text, others, alphabet, rng)
    pool = [p for ps in paragraphs.values() for p in ps]
    for i in range(uniques):
        rng = random.Random(f"neardup-{seed}-unique-{i}")
        chosen = rng.sample(pool, rng.randrange(6, 16))
        docs[f"unique-{i:03d}"] = "\n\n".join(edit(p, 0.1, rng, alphabet) for p in chosen)
    return docs


def truth(docs: dict[str, str]) -> dict[tuple[str, str], float]:
    sets = {d: shingle_set(t) for d, t in docs.items()}
    return {(a, b): jaccard(sets[a], sets[b]) for a, b in combinations(sorted(docs), 2)}


def schema1_method(docs: dict[str, str], threshold: float) -> set[tuple[str, str]]:
    """What schema 1 answered: candidates from 20 x 6 bands, kept on the MinHash estimate alone."""
    banding = Banding(20, 6)
    sigs = {d: minhash.signature(shingle_set(t)) for d, t in docs.items()}
    buckets: dict[tuple[int, int], list[str]] = {}
    for d, sig in sigs.items():
        for band, key in enumerate(banding.buckets(sig)):
            buckets.setdefault((band, key), []).append(d)
    candidates = {tuple(sorted(p)) for ids in buckets.values() for p in combinations(ids, 2)}
    return {p for p in candidates if minhash.similarity(sigs[p[0]], sigs[p[1]]) >= threshold}


def _band(x: float) -> str:
    for lo, hi in BANDS:
        if lo <= x < hi:
            return f"{lo:.1f}-{min(hi, 1.0):.1f}" if hi <= 1.0 else "1.0"
    return "1.0"


def predict(docs: dict[str, str], threshold: float) -> tuple[dict[tuple[str, str], float], dict]:
    """Load `docs` through the API into a fresh index and read every page of duplicates."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db=str(Path(tmp) / "eval.sqlite3"))
        app = create_app(settings)
        access = logging.getLogger("zhclean.access")
        level = access.level
        access.setLevel(logging.WARNING)  # one line per request otherwise
        try:
            found, timings = _load_and_read(app, settings, docs, threshold)
        finally:
            access.setLevel(level)
    return found, timings


def _load_and_read(app, settings: Settings, docs: dict[str, str], threshold: float):
    timings: dict = {}
    with TestClient(app) as client:
        for doc_id in client.get("/v1/corpus/documents", params={"limit": 10_000}).json()["ids"]:
            client.delete(f"/v1/corpus/documents/{doc_id}").raise_for_status()
        items = [{"id": d, "text": t} for d, t in docs.items()]
        start = time.perf_counter()
        for i in range(0, len(items), settings.max_batch):
            client.post("/v1/corpus/documents", json={"documents": items[i : i + settings.max_batch]}).raise_for_status()
        timings["ingest_docs_per_s"] = round(len(items) / (time.perf_counter() - start), 1)
        assert client.get("/v1/corpus/stats").json()["documents"] == len(docs)
        found: dict[tuple[str, str], float] = {}
        offset, pages = 0, 0
        start = time.perf_counter()
        while True:
            r = client.get("/v1/corpus/duplicates", params={"threshold": threshold, "limit": PAGE, "offset": offset})
            r.raise_for_status()
            body = r.json()
            pages += 1
            for p in body["pairs"]:
                assert p["a"] < p["b"]
                found[(p["a"], p["b"])] = p["similarity"]
            offset += len(body["pairs"])
            if not body["pairs"] or offset >= body["total_pairs"]:
                break
        timings["duplicates_all_pages_s"] = round(time.perf_counter() - start, 3)
        timings["pages"] = pages
        assert len(found) == body["total_pairs"], "pages overlapped or skipped pairs"
        timings["clusters"] = len(body["clusters"])
    return found, timings


def evaluate(seed: int = 0, members: int = MEMBERS, uniques: int = UNIQUES, threshold: float = 0.7) -> dict:
    docs = build_set(seed, members, uniques)
    exact = truth(docs)
    found, timings = predict(docs, threshold)
    true = {p for p, s in exact.items() if s >= threshold}
    tp, fp, fn = len(true & set(found)), len(set(found) - true), len(true - set(found))
    by_band: dict[str, dict] = {}
    for pair, s in exact.items():
        if s < threshold - 0.2 and pair not in found:
            continue
        row = by_band.setdefault(_band(s), {"pairs": 0, "predicted": 0})
        row["pairs"] += 1
        row["predicted"] += pair in found
    errors = [found[p] - exact[p] for p in found]
    old = schema1_method(docs, threshold)
    old_tp = len(true & old)
    return {
        "seed": seed, "threshold": threshold, "documents": len(docs), "families": len(templates()),
        "pairs_scored": len(exact), "true_pairs": len(true), "predicted_pairs": len(found),
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "tp": tp, "fp": fp, "fn": fn,
        "mae": round(float(np.mean(np.abs(errors))), 4) if errors else 0.0,
        "by_exact_similarity": dict(sorted(by_band.items())),
        "schema1_method": {
            "precision": round(old_tp / len(old), 4) if old else 0.0,
            "recall": round(old_tp / len(true), 4) if true else 0.0,
            "fp": len(old - true), "fn": len(true - old),
        },
        **timings,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--members", type=int, default=MEMBERS, help="documents per template family")
    parser.add_argument("--uniques", type=int, default=UNIQUES, help="documents that belong to no family")
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    r = evaluate(args.seed, args.members, args.uniques, args.threshold)
    if args.json:
        print(json.dumps(r, indent=2))
        return r
    print(f"near-duplicate pairs through GET /v1/corpus/duplicates?threshold={r['threshold']} (seed {r['seed']})")
    print(f"  {r['documents']} documents ({r['families']} families + uniques), {r['pairs_scored']} pairs scored exactly")
    print(f"  true pairs {r['true_pairs']}, predicted {r['predicted_pairs']}: "
          f"precision {r['precision']:.4f}  recall {r['recall']:.4f}  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    print(f"  similarity reported vs exact: MAE {r['mae']:.4f}")
    print("  by exact similarity: band  pairs  predicted")
    for band, row in r["by_exact_similarity"].items():
        print(f"    {band:>8}  {row['pairs']:6d}  {row['predicted']:6d}")
    old = r["schema1_method"]
    print(f"  schema 1's method on the same set (20x6 bands, MinHash estimate only): precision "
          f"{old['precision']:.4f}  recall {old['recall']:.4f}  (fp {old['fp']}, fn {old['fn']})")
    print(f"  ingest {r['ingest_docs_per_s']} docs/s via POST; all {r['pages']} pages of duplicates in "
          f"{r['duplicates_all_pages_s']} s; {r['clusters']} clusters")
    return r


if __name__ == "__main__":
    main()
