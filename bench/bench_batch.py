"""Batch throughput: the pipeline beside ftfy on one core, scaling over workers, and peak
memory of a long run. Prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_batch [--docs 300] [--runs 5] [--scale-docs 3000]
                                          [--rss-docs 100000] [--skip-rss]

Documents: distinct reports of about 10 KB in UTF-8 (about 3,450 characters), made of the
paragraphs of the labelled base reports (`tests/cases/base`) and of the seeds (which carry
real faults: ASCII commas, chrome, lost characters, a .docx marker); see `reports`.

1. One core, in this process: documents/s of `detectors.clean` (the whole pipeline, no
   corpus; also on the same reports with their full-width marks typed as ASCII, the
   commonest fault), of `service.cleaning.clean_document` with a corpus (boilerplate query and
   corpus-trained models; a fresh SQLite index holding the bundled references), and of
   `ftfy.fix_text` alone, over the same documents; medians of --runs runs, wall clock
   and CPU time (the machine may be shared), and the ratio to ftfy.
2. Scaling: `zhclean clean` (local engine, --no-corpus) over a JSONL of --scale-docs
   documents at 1 and 2 workers: documents/s, medians of 3 runs, start-up included.
3. Memory: `zhclean clean --workers 2 --no-corpus` over --rss-docs documents streamed
   through a named pipe (the input never exists whole, on disk or in memory) to
   /dev/null; the process tree's summed RSS sampled every 0.5 s: at 10 %, 50 % and the
   end of the run, and its peak.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.proctree import tree_rss

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SOURCES = [ROOT / "tests" / "cases" / "base", SEEDS]
TARGET_BYTES = 10 * 1024
ASCII_MARKS = str.maketrans({"，": ",", "：": ":", "；": ";"})


def reports(n: int, size: int = TARGET_BYTES) -> list[str]:
    """n reports of about `size` bytes of UTF-8, deterministic and distinct in practice
    (the first 400 are; `bench_detectors` counts them).

    The paragraphs of all source files form one list of P; report k starts at paragraph
    k mod P and takes every (1 + k // P)-th paragraph from there, wrapping around and
    skipping those that would overshoot, until it is about `size` bytes.
    """
    texts = [p.read_text(encoding="utf-8") for folder in SOURCES for p in sorted(folder.glob("*.txt"))]
    paragraphs = [para for text in texts for para in text.split("\n") if para.strip()]
    count = len(paragraphs)
    out = []
    for k in range(n):
        step = 1 + (k // count) % max(1, count - 1)
        parts: list[str] = []
        used, i = 0, k % count
        for _ in range(count):  # paragraphs that would overshoot are skipped
            para = paragraphs[i % count]
            b = len(para.encode("utf-8")) + 1
            if used + b <= size:
                parts.append(para)
                used += b
            if used > size * 0.95:
                break
            i += step
        out.append("\n".join(parts))
    return out


def _rate(fn, docs: list[str], runs: int) -> tuple[float, float]:
    """Median documents/s over `runs` runs: (wall clock, CPU time of this process)."""
    for doc in docs[:5]:
        fn(doc)  # warm caches and lazy tables
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        for doc in docs:
            fn(doc)
        walls.append(len(docs) / (time.perf_counter() - w))
        cpus.append(len(docs) / (time.process_time() - c))
    return statistics.median(walls), statistics.median(cpus)


def one_core(n: int, runs: int) -> None:
    import ftfy

    from corpus import open_store
    from corpus.bundled import reference_documents
    from detectors import clean, warm_up
    from service.cleaning import clean_document
    from service.models import models_for

    docs = reports(n)
    kb = sum(len(d.encode()) for d in docs) / len(docs) / 1024
    chars = sum(map(len, docs)) / len(docs)
    print(f"1. one core, {n} reports of {kb:.1f} KB ({chars:.0f} characters) on average, median of {runs} runs")
    warm_up()
    ftfy_rate = _rate(ftfy.fix_text, docs, runs)
    pipeline = _rate(clean, docs, runs)
    # The commonest fault of the corpus: full-width marks typed as ASCII.
    ascii_marks = _rate(clean, [d.translate(ASCII_MARKS) for d in docs], runs)
    # As the service runs by default: an SQLite index holding the bundled references, and
    # the models trained on it.
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "c.sqlite3")) as store:
        store.add_documents(reference_documents())
        models_for(store).refresh()
        with_corpus = _rate(lambda d: clean_document(d, store=store, doc_id="bench"), docs, runs)
    print(f"   {'':34} {'docs/s wall':>12} {'docs/s CPU':>11} {'ms/doc CPU':>11} {'ratio to ftfy (CPU)':>20}")
    for name, (wall, cpu) in [("ftfy.fix_text", ftfy_rate), ("detectors.clean (no corpus)", pipeline),
                              ("  the same, marks typed as ASCII", ascii_marks),
                              ("clean_document (SQLite, references)", with_corpus)]:
        print(f"   {name:34} {wall:12.0f} {cpu:11.0f} {1000 / cpu:11.2f} {cpu / ftfy_rate[1]:20.2f}")


def _zhclean(*args: str) -> list[str]:
    return [sys.executable, "-m", "service", "clean", *args]


def _write_jsonl(path: Path, n: int) -> None:
    docs = reports(min(n, 500))
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"d{i:07d}", "text": docs[i % len(docs)]}, ensure_ascii=False) + "\n")


def scaling(n: int) -> None:
    print(f"2. zhclean clean over {n} documents (JSONL, --no-corpus, -q), start-up included, median of 3 runs")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "in.jsonl"
        _write_jsonl(data, n)
        base = None
        for workers in (1, 2):
            rates = []
            for _ in range(3):
                started = time.perf_counter()
                subprocess.run(_zhclean(str(data), "-o", os.devnull, "--no-corpus", "-q", "--workers", str(workers)),
                               check=True)
                rates.append(n / (time.perf_counter() - started))
            rate = statistics.median(rates)
            base = base or rate
            print(f"   --workers {workers}: {rate:7.0f} docs/s  (x{rate / base:.2f})")


def memory(n: int) -> None:
    print(f"3. zhclean clean --workers 2 --no-corpus -q over {n} documents streamed through a named pipe")
    docs = [json.dumps({"text": d}, ensure_ascii=False) for d in reports(200)]
    with tempfile.TemporaryDirectory() as tmp:
        fifo = Path(tmp) / "in.jsonl"
        os.mkfifo(fifo)
        written = [0]

        def feed() -> None:
            with open(fifo, "w", encoding="utf-8") as f:
                for i in range(n):
                    f.write(docs[i % len(docs)][:-1] + f', "id": "d{i:07d}"}}\n')
                    written[0] = i + 1

        started = time.perf_counter()
        proc = subprocess.Popen(_zhclean(str(fifo), "-o", os.devnull, "--no-corpus", "-q", "--workers", "2"))
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        samples: list[tuple[int, int]] = []
        while proc.poll() is None:
            samples.append((written[0], tree_rss(proc.pid)))
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        feeder.join()
    if proc.returncode != 0:
        print(f"   the run failed with exit code {proc.returncode}")
        return
    mib = 1024 * 1024

    def at(share: float) -> float:
        return next((rss for w, rss in samples if w >= share * n), samples[-1][1]) / mib

    peak = max(rss for _, rss in samples) / mib
    print(f"   {n / elapsed:.0f} docs/s over {elapsed:.0f} s; process tree RSS (main + 2 workers): "
          f"{at(0.1):.0f} MiB at 10 %, {at(0.5):.0f} MiB at 50 %, {at(0.95):.0f} MiB at 95 %, peak {peak:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300, help="documents for the one-core comparison")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale-docs", type=int, default=3000)
    ap.add_argument("--rss-docs", type=int, default=100_000)
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--skip-rss", action="store_true")
    args = ap.parse_args(argv)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    one_core(args.docs, args.runs)
    if not args.skip_scaling:
        scaling(args.scale_docs)
    if not args.skip_rss:
        memory(args.rss_docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
