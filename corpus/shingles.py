"""Character shingles of normalised text, hashed to stable 64-bit integers.

xxh3_64 rather than Python's hash(): hash() of str is salted per process, so
signatures stored in the index would not match the ones computed after a restart.
"""

from collections.abc import Sequence

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


def shingle_hash_runs(texts: Sequence[str], size: int = SHINGLE_SIZE) -> tuple[np.ndarray, list[int]]:
    """The shingle hashes of several normalised texts at once, for signing them together.

    Returns (hashes, bounds): the hashes of texts[i] are hashes[bounds[i]:bounds[i + 1]].
    Unlike shingle_hashes, a run is neither sorted nor de-duplicated: a MinHash signature
    depends only on the set, so repeats change nothing and sorting would be wasted.  The
    same shingles as shingle_hashes, hashed the same way (xxh3_64 of the UTF-8 bytes).
    """
    digest = xxhash.xxh3_64_intdigest
    hashes: list[int] = []
    bounds = [0]
    for text in texts:
        if len(text) <= size:
            if text:
                hashes.append(digest(text.encode("utf-8")))
        elif text.isascii():
            data = text.encode("ascii")  # one byte per character: slice the bytes directly
            hashes.extend([digest(data[i : i + size]) for i in range(len(text) - size + 1)])
        else:
            hashes.extend([digest(text[i : i + size].encode("utf-8")) for i in range(len(text) - size + 1)])
        bounds.append(len(hashes))
    return np.array(hashes, dtype=np.uint64), bounds
