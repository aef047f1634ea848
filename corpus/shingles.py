"""Character shingles of normalised text, hashed to stable 64-bit integers.

xxh3_64 rather than Python's hash(): hash() of str is salted per process, so
signatures stored in the index would not match the ones computed after a restart.
"""

import numpy as np
import xxhash

SHINGLE_SIZE = 5


def shingle_hashes(normalized: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """Sorted unique xxh3_64 hashes (uint64) of the character `size`-grams of `normalized`.

    A text shorter than one shingle but not empty is a single shingle of itself, so
    short texts still get a signature; an empty text gives an empty array.
    """
    if not normalized:
        return np.empty(0, dtype=np.uint64)
    if len(normalized) <= size:
        grams = {normalized}
    else:
        grams = {normalized[i : i + size] for i in range(len(normalized) - size + 1)}
    digest = xxhash.xxh3_64_intdigest
    hashes = np.fromiter((digest(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))
    hashes.sort()
    return hashes
