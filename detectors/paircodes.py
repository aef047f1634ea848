"""Pairs of adjacent characters as integer codes, and sets of them asked about every pair
of a text in one vectorised step (where the spam model's seeds are, whether a text holds
the opening of any lexicon term)."""
from __future__ import annotations

import numpy as np


def pair_codes(text: str) -> np.ndarray:
    """The code of each pair of adjacent characters: first code point << 21 | second.

    >>> pair_codes("ab").tolist() == [ord("a") << 21 | ord("b")]
    True
    """
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return points[:-1] << np.uint64(21) | points[1:]


class PairCodeSet:
    """A set of pair codes, asked about every pair of a text at once. A table of 65,536
    flags, one per multiplicative hash, rules out most pairs in one vectorised step, and
    the set confirms the few left (in the pipeline, a binary search of every pair in a
    sorted array cost twice as much: its branches mispredict)."""

    BITS = 16
    MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio

    def __init__(self, codes: list[int]):
        self.codes = set(codes)
        self.table = np.zeros(1 << self.BITS, dtype=bool)
        self.table[self._slots(np.array(codes, dtype=np.uint64))] = True

    def _slots(self, codes: np.ndarray) -> np.ndarray:
        return (codes * self.MULTIPLIER) >> np.uint64(64 - self.BITS)  # wraps modulo 2^64

    def positions(self, codes: np.ndarray) -> list[int]:
        """Indices of `codes` in the set, ascending."""
        candidates = np.flatnonzero(self.table[self._slots(codes)])
        return [i for i, code in zip(candidates.tolist(), codes[candidates].tolist()) if code in self.codes]
