"""Per-detector latency on 10 KB reports: median and p99, and the whole pipeline.

    python -m bench.bench_detectors [--rounds 20]

Documents: the seed reports and the labelled base texts, each cut or repeated to about
3,400 characters (10 KB in UTF-8). The injection detector runs with a domain model
trained on the seeds, as the service's would be on its reference corpus.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from detectors import clean
from detectors.context import Context
from detectors.langmodel import CharBigramModel
from detectors.models import Models
from detectors.registry import default_detectors

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TARGET_CHARS = 3400


def documents() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "cases" / "base").glob("*.txt"))]
    return [(t * (TARGET_CHARS // len(t) + 1))[:TARGET_CHARS] for t in texts]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args(argv)
    docs = documents()
    models = Models(CharBigramModel.from_texts(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")))
    clean(docs[0], models=models)  # warm up tables, automata, converters
    timings: dict[str, list[float]] = {d.name: [] for d in default_detectors()}
    timings["pipeline"] = []
    for _ in range(args.rounds):
        for doc in docs:
            for detector in default_detectors():
                started = time.perf_counter()
                detector.detect(doc, Context(models=models))
                timings[detector.name].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            clean(doc, models=models)
            timings["pipeline"].append((time.perf_counter() - started) * 1000)
    print(f"{len(docs)} documents of {TARGET_CHARS} characters, {args.rounds} rounds")
    print(f"{'':12} {'median ms':>10} {'p99 ms':>8}")
    for name, values in timings.items():
        print(f"{name:12} {statistics.median(values):10.2f} {percentile(values, 0.99):8.2f}")


if __name__ == "__main__":
    main()
