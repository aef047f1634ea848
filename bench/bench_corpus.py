"""Signatures per second and boilerplate-query latency: corpus.minhash vs datasketch.MinHash.

Both sides get the same normalised 5-gram shingles of the seed reports; datasketch
runs with its defaults (SHA-1 32-bit hashing, num_perm=128).  The query is the one the
boilerplate detector makes: split a text into paragraphs and look each one up in a
paragraph-level LSH index (ours: the SQLite store; datasketch: an in-memory
MinHashLSH with the same threshold).  Prints figures, asserts nothing.

    .venv/bin/python bench/bench_corpus.py [--copies 200] [--repeat 30]
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from corpus import open_store, split_paragraphs
from corpus.bundled import reference_documents
from corpus.minhash import NUM_PERM, signature
from corpus.normalize import normalize_for_matching
from corpus.shingles import SHINGLE_SIZE, shingle_hashes
from corpus.store import PARAGRAPH_THRESHOLD


def grams(norm: str) -> list[bytes]:
    if len(norm) <= SHINGLE_SIZE:
        return [norm.encode()] if norm else []
    return list({norm[i : i + SHINGLE_SIZE].encode() for i in range(len(norm) - SHINGLE_SIZE + 1)})


def datasketch_signature(shingles: list[bytes]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM)
    m.update_batch(shingles)
    return m


def variants(docs: list[tuple[str, str]], copies: int, seed: int = 7) -> list[tuple[str, str]]:
    """Other towns' versions of the seeds: a few characters changed per 100."""
    rng = random.Random(seed)
    out = []
    for n in range(copies):
        doc_id, text = docs[n % len(docs)]
        chars = list(text)
        for k in rng.sample(range(len(chars)), len(chars) // 100):
            if "\u4e00" <= chars[k] <= "\u9fff":
                chars[k] = chr(0x4E00 + rng.randrange(0x5000))
        out.append((f"{doc_id}_v{n:04d}", "".join(chars)))
    return out


def rate(fn, items, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            fn(item)
    return repeat * len(items) / (time.perf_counter() - start)


def percentiles(samples: list[float]) -> str:
    ms = np.array(samples) * 1000
    return f"p50 {np.percentile(ms, 50):7.3f} ms   p99 {np.percentile(ms, 99):7.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200, help="edited copies of the seeds added to the index")
    parser.add_argument("--repeat", type=int, default=30, help="repetitions of each measurement")
    args = parser.parse_args()

    seeds = reference_documents()
    norms = [normalize_for_matching(text) for _, text in seeds]
    hashes = [shingle_hashes(n) for n in norms]
    shingles = [grams(n) for n in norms]
    size_kb = sum(len(t.encode()) for _, t in seeds) / len(seeds) / 1024
    print(f"{len(seeds)} seed reports, {size_kb:.1f} KB and {np.mean([len(h) for h in hashes]):.0f} shingles on average")

    print("\nsignatures per second (whole documents, shingles precomputed)")
    ours = rate(signature, hashes, args.repeat)
    theirs = rate(datasketch_signature, shingles, args.repeat)
    print(f"  corpus.minhash          {ours:10.0f}/s   {1000 / ours:7.3f} ms each")
    print(f"  datasketch.MinHash      {theirs:10.0f}/s   {1000 / theirs:7.3f} ms each   (ours x{ours / theirs:.1f})")
    full = rate(lambda t: signature(shingle_hashes(normalize_for_matching(t))), [t for _, t in seeds], args.repeat)
    print(f"  ours incl. normalise + shingle  {full:8.0f}/s   {1000 / full:7.3f} ms each")

    corpus_docs = seeds + variants(seeds, args.copies)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.sqlite3"), load_reference=False)
        start = time.perf_counter()
        store.add_documents(corpus_docs)
        ours_build = time.perf_counter() - start

        lsh = MinHashLSH(threshold=PARAGRAPH_THRESHOLD, num_perm=NUM_PERM)
        start = time.perf_counter()
        for doc_id, text in corpus_docs:
            for i, (s, e) in enumerate(split_paragraphs(text)):
                lsh.insert(f"{doc_id}#{i}", datasketch_signature(grams(normalize_for_matching(text[s:e]))))
        theirs_build = time.perf_counter() - start
        stats = store.stats()
        print(f"\nindex of {stats['documents']} documents, {stats['paragraphs']} paragraphs")
        print(f"  build: SQLite store {len(corpus_docs) / ours_build:7.0f} docs/s;"
              f" datasketch MinHashLSH in memory {len(corpus_docs) / theirs_build:7.0f} docs/s")

        query = store.query()
        ours_lat, theirs_lat = [], []
        for _ in range(args.repeat):
            for doc_id, text in seeds:
                start = time.perf_counter()
                query.find_boilerplate(text, exclude_id=doc_id)
                ours_lat.append(time.perf_counter() - start)
                start = time.perf_counter()
                for s, e in split_paragraphs(text):
                    m = datasketch_signature(grams(normalize_for_matching(text[s:e])))
                    [key for key in lsh.query(m) if not key.startswith(doc_id + "#")]
                theirs_lat.append(time.perf_counter() - start)
        print("\nboilerplate query per document (split, sign every paragraph, look up, verify)")
        print(f"  corpus (SQLite, verified)       {percentiles(ours_lat)}")
        print(f"  datasketch MinHashLSH (memory)  {percentiles(theirs_lat)}   (no verification)")
        store.close()


if __name__ == "__main__":
    main()
