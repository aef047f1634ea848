"""Per-detector latency on 10 KB reports: median and p99, and the whole pipeline.

    python -m bench.bench_detectors [--docs 300]

Documents: distinct reports of about 10 KB in UTF-8 (`bench.bench_batch.reports`, joined
from the labelled base texts and the seeds), each cleaned once: the detectors memoise
what reports repeat (scores of character pairs and runs), so a document seen twice
would flatter them. The injection detector runs with a domain model trained on the
seeds, as the service's would be on its reference corpus.
"""
from __future__ import annotations

import argparse
import statistics
import time

from bench.bench_batch import SEEDS, reports
from detectors import clean
from detectors.context import Context
from detectors.langmodel import CharBigramModel
from detectors.models import Models
from detectors.registry import default_detectors

# A short text of another kind for warming up, so no measured document is seen twice.
WARM_UP = "2023年，我县坚持依法行政,推进法治政府建设。皇冠体育：领域"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    args = ap.parse_args(argv)
    docs = list(dict.fromkeys(reports(args.docs)))
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")]
    # Fresh models for each measurement: their memoised scores must not carry over from
    # one measurement of a document to the next.
    timings: dict[str, list[float]] = {}
    for detector in [*default_detectors(), None]:
        models = Models(CharBigramModel.from_texts(seeds))
        clean(WARM_UP, models=models)  # tables, automata, converters
        name = detector.name if detector else "pipeline"
        timings[name] = []
        for doc in docs:
            started = time.perf_counter()
            if detector:
                detector.detect(doc, Context(models=models))
            else:
                clean(doc, models=models)
            timings[name].append((time.perf_counter() - started) * 1000)
    size = statistics.mean(len(doc) for doc in docs)
    print(f"{len(docs)} distinct documents of {size:.0f} characters on average, each cleaned once per measurement")
    print(f"{'':12} {'median ms':>10} {'p99 ms':>8}")
    for name, values in timings.items():
        print(f"{name:12} {statistics.median(values):10.2f} {percentile(values, 0.99):8.2f}")


if __name__ == "__main__":
    main()
