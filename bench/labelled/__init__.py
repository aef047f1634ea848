"""Labelled evaluation data for zhclean: clean base reports corrupted at known places.

- `corrupt(base_text, rng, variants) -> (corrupted_text, gold)`: see `generator`.
- `build_set(split, n, seed)`: a deterministic list of `Sample`s for one split.

Splits: the dev split uses bases 000-002 (seed reports) and the dev variant pools; the
held-out split uses bases 003-004 (seed reports) and 005-007 (invented reports) and the
held-out variant pools (other encodings, marks, spam phrases, chrome strings, break forms).
Tune on dev; quote held-out.

The blind split uses the held-out bases and the held-out forms of every family except
injection, whose spam phrases, separators, chrome lines, preambles and off-topic sentences
(gold `injection`, family `injection.off_topic`, inserted between sentences) come from
`blind_v2.py`: a pool never to be shown while tuning. Only its figures may be looked at.
`blind-v1` is the same split over the first blind pool (`blind_v1.py`), retired when it
was seen; `blind-v3` the same over a third pool (`blind_v3.py`), as unseen as v2; `dev2`,
`dev3` and `dev4` the same over `pools_dev2.py`, `pools_dev3.py` and `pools_dev4.py`, pools
written to be looked at while tuning.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .generator import BLIND, DEV, FAMILIES, FAMILY_CODES, HELDOUT, VARIANTS, Gold, Variants, corrupt, report_year

REPO = Path(__file__).resolve().parents[2]
BASE_DIR = REPO / "tests" / "cases" / "base"
NEGATIVE_FILE = REPO / "tests" / "cases" / "negative.txt"
SPLIT_BASES = {"dev": ("000", "001", "002"), "heldout": ("003", "004", "005", "006", "007")}
for _split in ("blind", "blind-v1", "blind-v3", "dev2", "dev3", "dev4"):
    SPLIT_BASES[_split] = SPLIT_BASES["heldout"]
BLIND_SPLITS = frozenset({"blind", "blind-v1", "blind-v3"})  # splits whose generated text must never be printed
NEGATIVE_SHARE = 0.2  # share of documents left untouched


@dataclass(frozen=True)
class Sample:
    doc_id: str
    split: str
    base_id: str
    text: str
    gold: Gold
    base_text: str

    @property
    def expected_text(self) -> str:
        return self.gold.expected_text

    @property
    def all_fixable(self) -> bool:
        return self.gold.all_fixable


@cache
def base_texts() -> dict[str, str]:
    """Base id (`000`...) -> clean text."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(BASE_DIR.glob("*.txt"))}


def bases(split: str) -> dict[str, str]:
    texts = base_texts()
    ids = SPLIT_BASES["dev"] + SPLIT_BASES["heldout"] if split == "all" else SPLIT_BASES[split]
    return {i: texts[i] for i in ids}


def build_set(split: str, n: int = 100, seed: int = 0) -> list[Sample]:
    """n documents of one split ('dev', 'heldout' or 'blind'; 'all' gives n of dev and of
    held-out, not blind), deterministic in seed."""
    if split == "all":
        return build_set("dev", n, seed) + build_set("heldout", n, seed)
    pool = bases(split)
    ids = sorted(pool)
    samples = []
    for i in range(n):
        rng = random.Random(f"zhclean-{seed}-{split}-{i}")
        base_id = ids[i % len(ids)]
        k = 0 if rng.random() < NEGATIVE_SHARE else None
        text, gold = corrupt(pool[base_id], rng, split, k=k)
        samples.append(Sample(f"{split}-{i:04d}-{base_id}", split, base_id, text, gold, pool[base_id]))
    return samples


def negative_lines() -> list[tuple[int | None, str]]:
    """(year or None, text) for each line of tests/cases/negative.txt; `[year=2023] ` prefixes set the year."""
    out = []
    for line in NEGATIVE_FILE.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        year = None
        if line.startswith("[year=") and "] " in line:
            head, line = line.split("] ", 1)
            year = int(head[len("[year="):])
        out.append((year, line))
    return out


__all__ = ["BLIND", "BLIND_SPLITS", "DEV", "FAMILIES", "FAMILY_CODES", "HELDOUT", "VARIANTS", "Gold", "Sample", "Variants",
           "base_texts", "bases", "build_set", "corrupt", "negative_lines", "report_year"]
