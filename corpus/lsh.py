"""LSH banding: which rows of a signature go together into one bucket.

A pair with Jaccard similarity s shares at least one bucket of b bands of r rows with
probability 1 - (1 - s**r)**b.  Every candidate is verified against the two stored
signatures afterwards, so a false candidate costs one vector comparison while a missed
pair is lost for good.  

- documents, threshold 0.7: 32 bands x 4 rows (schema 2; schema 1 had datasketch's
  optimum, 20 x 6).  A pair is found with probability 0.9998 at s=0.7, 0.998 at
  s=0.65, 0.87 at s=0.5, 0.23 at s=0.3.  20 x 6 found only 0.92 at s=0.7, which capped
  pair recall on the near-duplicate evaluation (bench/eval_neardup.py); candidates are
  verified (estimate, then exact Jaccard near the threshold), so the extra candidates
  cost time, not precision.
- paragraphs, threshold 0.6: 25 bands x 5 rows, what datasketch's own optimiser
  (`datasketch.lsh._optimal_param`) picks for 128 permutations with false positives
  weighted 0.1 and false negatives 0.9; found with probability 0.87 at s=0.6, 0.99 at
  s=0.7, 0.23 at s=0.4.

A threshold asked below these (duplicates(threshold=0.5)) is answered only from the
candidates the bands produce, so recall there falls as the table shows.
"""

from typing import NamedTuple

import numpy as np
import xxhash

from .minhash import NUM_PERM


class Banding(NamedTuple):
    bands: int
    rows: int

    @classmethod
    def parse(cls, label: str) -> "Banding":
        """The banding a layout label such as "32x4" names."""
        bands, rows = label.split("x")
        return cls(int(bands), int(rows))

    @property
    def label(self) -> str:
        return f"{self.bands}x{self.rows}"

    def buckets(self, sig: np.ndarray) -> list[int]:
        """One bucket key per band: xxh3_64 of the band's rows, as a signed 64-bit int (SQLite INTEGER)."""
        data = sig.tobytes()
        width = self.rows * sig.itemsize
        keys = []
        for band in range(self.bands):
            value = xxhash.xxh3_64_intdigest(data[band * width : (band + 1) * width])
            keys.append(value - (1 << 64) if value >= (1 << 63) else value)
        return keys


DOCUMENT_BANDING = Banding(32, 4)
PARAGRAPH_BANDING = Banding(25, 5)
assert DOCUMENT_BANDING.bands * DOCUMENT_BANDING.rows <= NUM_PERM
assert PARAGRAPH_BANDING.bands * PARAGRAPH_BANDING.rows <= NUM_PERM
