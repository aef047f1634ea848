"""Evaluate the boilerplate detector against exact paragraph similarity.

    python -m bench.eval_boilerplate [--split dev|heldout|all] [--seed S] [--copies N] [--json]

The set
-------
For each base report B of the split (`tests/cases/base/`; dev: 000-002, held-out:
003-007), `--copies` derived documents `<B>-copy<k>` are made, deterministic in the seed:

- the town / organisation names of B are swapped for other names (`NAMES`);
- each paragraph of the copy (a `corpus.split_paragraphs` block) is, with probability
  REPLACE_SHARE, replaced by a paragraph of another base of the same split; otherwise it
  is edited at a rate drawn from RATES (0% ... 80%): each non-space character is, with
  that probability, substituted, preceded by an inserted character or deleted
  (equally likely; new characters come from the Han characters of the split's bases).

All derived documents of the split (never a base) go into one fresh SQLite store in a
temporary folder (`open_store(path, load_reference=False)`). Each base B is then cleaned
with `clean(B, doc_id="<B>-base", corpus=store.query())`.

What counts
-----------
- Paragraphs of B: `corpus.split_paragraphs(B)`, the detector's own unit.
- Exact similarity of a paragraph P of B to an indexed document D: the largest exact
  Jaccard similarity between P's shingle set and the shingle set of any paragraph of D
  (`split_paragraphs(D)`), shingle sets made with the corpus's own functions
  (`shingle_hashes(normalize_for_matching(text))`), so truth and index see the same sets.
  Every indexed document counts as D, including other bases' copies (which may carry
  B's paragraphs or shared formulas).
- A pair (P, D) is TRUE when that exact similarity >= THRESHOLD (0.6, the default
  threshold of `CorpusQuery.find_boilerplate`). It is PREDICTED when a `boilerplate`
  issue whose span overlaps P names D in `detail["documents"]` (the detector names at
  most 10 documents per paragraph; `capped` counts issues whose `detail["count"]` was
  larger, where named pairs beyond the cap are missed).
- Paragraph level: P is TRUE when some pair (P, D) is true, PREDICTED when some
  boilerplate issue overlapping P names any document. Precision = TP / predicted,
  recall = TP / true.
- Pair level: the same over all pairs (P, D); a predicted paragraph that names the wrong
  documents is a hit at paragraph level and a miss (FP and FN) at pair level.
- MAE: mean |reported similarity - exact similarity| over the predicted pairs (the
  reported figure is rounded to 3 places by the detector). "bias" is the signed mean.
- Recall by band: true pairs binned by exact similarity; FP by band: predicted pairs
  that are not true, binned by exact similarity.
- Time: median over the bases of one `find_boilerplate(B, exclude_id=...)` call
  ("query") and of one whole `clean(...)` call with all detectors ("clean"), after one
  warm-up query per store.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import regex

from corpus import open_store, split_paragraphs
from corpus.normalize import normalize_for_matching
from corpus.shingles import shingle_hashes
from corpus.store import PARAGRAPH_THRESHOLD, exact_jaccard
from detectors import clean

BASE_DIR = Path(__file__).resolve().parents[1] / "tests" / "cases" / "base"
SPLIT_BASES = {"dev": ("000", "001", "002"), "heldout": ("003", "004", "005", "006", "007")}

THRESHOLD = PARAGRAPH_THRESHOLD
RATES = (0.0, 0.03, 0.08, 0.15, 0.30, 0.50, 0.80)
REPLACE_SHARE = 0.15
COPIES = 4

# The place and organisation names of each base, swapped in every copy for a name of
# the same kind (same suffix) from SWAP_POOL.
NAMES = {
    "000": ("南岸区", "鸡冠石镇"),
    "001": ("丰都县", "双龙镇"),
    "002": ("忠县", "金鸡镇"),
    "003": ("鲁山县", "赵村镇"),
    "004": ("綦江区",),
    "005": ("青石县", "柳溪镇"),
    "006": ("白河县", "云台乡"),
    "007": ("南坪区", "望江街道"),
}
SWAP_POOL = {
    "街道": ("东城街道", "新华街道", "桥西街道"),
    "镇": ("长生桥镇", "石门镇", "桃源镇", "龙潭镇"),
    "乡": ("清河乡", "高坪乡", "红岩乡"),
    "县": ("临江县", "石柱县", "平山县"),
    "区": ("江北区", "北碚区", "沙坪区"),
}
BANDS = ((0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0), (1.0, 1.01))
FP_BANDS = ((0.0, 0.4), (0.4, 0.5), (0.5, 0.6))

_HAN = regex.compile(r"\p{Han}")


# -- truth ----------------------------------------------------------------------------


def shingle_set(text: str) -> np.ndarray:
    """The shingle set the corpus indexes for `text` (sorted unique uint64)."""
    return shingle_hashes(normalize_for_matching(text))


jaccard = exact_jaccard  # the corpus's own, so truth and index agree


def paragraph_sets(text: str) -> list[np.ndarray]:
    return [shingle_set(text[s:e]) for s, e in split_paragraphs(text)]


# -- derived documents ------------------------------------------------------------------


def base_texts(split: str) -> dict[str, str]:
    ids = SPLIT_BASES["dev"] + SPLIT_BASES["heldout"] if split == "all" else SPLIT_BASES[split]
    files = {p.name[:3]: p for p in BASE_DIR.glob("*.txt")}
    return {i: files[i].read_text(encoding="utf-8").lstrip("\ufeff") for i in ids}


def swap_names(text: str, base_id: str, rng: random.Random) -> str:
    for name in NAMES.get(base_id, ()):
        suffix = next(s for s in SWAP_POOL if name.endswith(s))
        text = text.replace(name, rng.choice([n for n in SWAP_POOL[suffix] if n != name]))
    return text


def edit(text: str, rate: float, rng: random.Random, alphabet: str) -> str:
    """Substitute, insert before, or delete each non-space character with probability `rate`."""
    out = []
    for ch in text:
        if ch.isspace() or rng.random() >= rate:
            out.append(ch)
            continue
        op = rng.randrange(3)
        if op == 0:
            out.append(rng.choice(alphabet))
        elif op == 1:
            out.append(rng.choice(alphabet))
            out.append(ch)
        # op == 2: deleted
    return "".join(out)


def derive(base_id: str, text: str, others: list[str], alphabet: str, rng: random.Random) -> str:
    """One copy of a base: names swapped, each paragraph edited or replaced."""
    text = swap_names(text, base_id, rng)
    pieces, last = [], 0
    for start, end in split_paragraphs(text):
        pieces.append(text[last:start])
        if others and rng.random() < REPLACE_SHARE:
            pieces.append(rng.choice(others))
        else:
            pieces.append(edit(text[start:end], rng.choice(RATES), rng, alphabet))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def derived_documents(bases: dict[str, str], seed: int, copies: int) -> dict[str, str]:
    alphabet = "".join(sorted(set(_HAN.findall("".join(bases.values())))))
    paragraphs = {b: [t[s:e] for s, e in split_paragraphs(t)] for b, t in bases.items()}
    docs = {}
    for base_id, text in bases.items():
        others = [p for other, ps in paragraphs.items() if other != base_id for p in ps]
        for k in range(copies):
            rng = random.Random(f"eval-boilerplate-{seed}-{base_id}-{k}")
            docs[f"{base_id}-copy{k}"] = derive(base_id, text, others, alphabet, rng)
    return docs


# -- scoring ----------------------------------------------------------------------------


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "tp": tp, "fp": fp, "fn": fn}


def _band(x: float, bands) -> str | None:
    for lo, hi in bands:
        if lo <= x < hi:
            return f"{lo:.1f}-{min(hi, 1.0):.1f}" if hi <= 1.0 else "1.0"
    return None


def evaluate_split(split: str, seed: int = 0, copies: int = COPIES, base_ids: list[str] | None = None) -> dict:
    bases = base_texts(split)
    if base_ids is not None:
        bases = {b: bases[b] for b in base_ids}
    docs = derived_documents(bases, seed, copies)
    doc_sets = {d: paragraph_sets(t) for d, t in docs.items()}

    para = {"tp": 0, "fp": 0, "fn": 0}
    pair = {"tp": 0, "fp": 0, "fn": 0}
    errors: list[float] = []
    band_true = {_band(lo, BANDS): 0 for lo, _ in BANDS}
    band_hit = dict.fromkeys(band_true, 0)
    fp_band = {_band(lo, FP_BANDS): 0 for lo, _ in FP_BANDS}
    query_ms, clean_ms = [], []
    capped = paragraphs_total = 0

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "corpus.sqlite3"), load_reference=False)
        try:
            store.add_documents(docs.items())
            query = store.query()
            query.find_boilerplate(next(iter(bases.values())), exclude_id="warm-up")
            for base_id, text in bases.items():
                doc_id = f"{base_id}-base"
                t0 = time.perf_counter()
                query.find_boilerplate(text, exclude_id=doc_id)
                query_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                result = clean(text, doc_id=doc_id, corpus=query)
                clean_ms.append((time.perf_counter() - t0) * 1000)
                issues = [i for i in result.issues if i.type == "boilerplate"]
                capped += sum(1 for i in issues if i.detail["count"] > len(i.detail["documents"]))

                for start, end in split_paragraphs(text):
                    paragraphs_total += 1
                    named: dict[str, float] = {}
                    for issue in issues:
                        if issue.start < end and start < issue.end:
                            for d in issue.detail["documents"]:
                                named[d["id"]] = max(named.get(d["id"], 0.0), d["similarity"])
                    p_set = shingle_set(text[start:end])
                    exact = {d: max((jaccard(p_set, q) for q in sets), default=0.0) for d, sets in doc_sets.items()}
                    true_docs = {d for d, s in exact.items() if s >= THRESHOLD}

                    if named and true_docs:
                        para["tp"] += 1
                    elif named:
                        para["fp"] += 1
                    elif true_docs:
                        para["fn"] += 1

                    for d in true_docs:
                        b = _band(exact[d], BANDS)
                        band_true[b] += 1
                        if d in named:
                            band_hit[b] += 1
                    for d, reported in named.items():
                        s = exact.get(d, 0.0)
                        errors.append(reported - s)
                        if d in true_docs:
                            pair["tp"] += 1
                        else:
                            pair["fp"] += 1
                            fp_band[_band(s, FP_BANDS)] += 1
                    pair["fn"] += len(true_docs - named.keys())
        finally:
            store.close()

    return {
        "split": split,
        "bases": sorted(bases),
        "seed": seed,
        "documents_indexed": len(docs),
        "paragraphs": paragraphs_total,
        "pairs": paragraphs_total * len(docs),
        "threshold": THRESHOLD,
        "paragraph": _prf(**para),
        "pair": _prf(**pair),
        "mae": round(float(np.mean(np.abs(errors))), 4) if errors else None,
        "bias": round(float(np.mean(errors)), 4) if errors else None,
        "recall_by_band": {
            b: {"true": band_true[b], "found": band_hit[b],
                "recall": round(band_hit[b] / band_true[b], 4) if band_true[b] else None}
            for b in band_true
        },
        "fp_by_band": fp_band,
        "capped": capped,
        "query_ms_median": round(statistics.median(query_ms), 2),
        "clean_ms_median": round(statistics.median(clean_ms), 2),
    }


def format_table(r: dict) -> str:
    lines = [
        f"== {r['split']} (bases {', '.join(r['bases'])}; {r['documents_indexed']} documents indexed; "
        f"seed {r['seed']}; threshold {r['threshold']})",
        f"{'level':<10}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    for level in ("paragraph", "pair"):
        m = r[level]
        lines.append(f"{level:<10}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}")
    lines.append(f"paragraphs {r['paragraphs']}, pairs {r['pairs']}, capped issues {r['capped']}")
    mae = "n/a" if r["mae"] is None else f"{r['mae']:.3f} (bias {r['bias']:+.3f})"
    lines.append(f"similarity MAE vs exact Jaccard: {mae}")
    lines.append("recall by exact similarity: " + ", ".join(
        f"{b}: {v['found']}/{v['true']}" for b, v in r["recall_by_band"].items()))
    lines.append("false pairs by exact similarity: " + ", ".join(f"{b}: {n}" for b, n in r["fp_by_band"].items()))
    lines.append(f"median time per document: query {r['query_ms_median']:.1f} ms, clean {r['clean_ms_median']:.1f} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=COPIES, help="derived documents per base")
    parser.add_argument("--bases", nargs="*", help="only these base ids (e.g. 000 001), within the split")
    parser.add_argument("--json", action="store_true", help="print a JSON dict keyed by split")
    args = parser.parse_args(argv)

    splits = ("dev", "heldout") if args.split == "all" else (args.split,)
    results = {}
    for split in splits:
        ids = None
        if args.bases:
            ids = [b for b in args.bases if b in SPLIT_BASES[split]]
            if not ids:
                continue
        results[split] = evaluate_split(split, args.seed, args.copies, ids)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_table(r) for r in results.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
