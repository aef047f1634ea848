"""A vectorised MinHash over uint64 shingle hashes.

Permutations are the multiply-add-shift family h(x) = ((a*x + b) mod 2**64) >> 32 for a
32-bit key x, which is strongly universal for odd random 64-bit a and random b
(Dietzfelbinger 1996).  The key is the 64-bit shingle hash folded to 32 bits.  numpy
does the mod 2**64 for free (uint64 wraps), and since the shift is monotone we take the
minimum of the 64-bit values and shift only the 128 minima.

The seeds are fixed, and the whole recipe (hash, shingle size, permutations, version)
is named by SCHEME and stored in the index: signatures made under another scheme are
not comparable, so such an index is refused rather than silently giving nonsense.
"""

from collections.abc import Sequence

import numpy as np

from .shingles import SHINGLE_SIZE

NUM_PERM = 128
SEED = 20240501
SCHEME = f"xxh3-{SHINGLE_SIZE}gram-mp{NUM_PERM}-v1"
SIGNATURE_DTYPE = np.dtype("<u4")
SIGNATURE_BYTES = NUM_PERM * SIGNATURE_DTYPE.itemsize
# Keys processed per step: bounds the (NUM_PERM, chunk) temporary to 8 MB for huge texts.
_CHUNK = 8192
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)


def _permutations(seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(0, 2**64, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**64, size=NUM_PERM, dtype=np.uint64)
    return a[:, None], b[:, None]


_A, _B = _permutations()
EMPTY_SIGNATURE = np.full(NUM_PERM, 0xFFFFFFFF, dtype=SIGNATURE_DTYPE)


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature (NUM_PERM little-endian uint32) of a set of uint64 shingle hashes."""
    if hashes.size == 0:
        return EMPTY_SIGNATURE.copy()
    keys = (hashes ^ (hashes >> _SHIFT32)) & _MASK32
    minima = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, keys.size, _CHUNK):
        chunk = keys[None, start : start + _CHUNK]
        values = _A * chunk  # wraps mod 2**64, as intended
        values += _B
        np.minimum(minima, values.min(axis=1), out=minima)
    return (minima >> _SHIFT32).astype(SIGNATURE_DTYPE)


def signatures(hashes: np.ndarray, bounds: Sequence[int]) -> np.ndarray:
    """MinHash signatures of several sets at once: row i signs hashes[bounds[i]:bounds[i + 1]].

    The same rows as `signature` of each run (an empty run gives EMPTY_SIGNATURE, repeats
    in a run change nothing), computed for consecutive runs together, up to _CHUNK keys at
    a time, with one segmented minimum (np.minimum.reduceat) instead of one pass per run.
    """
    count = len(bounds) - 1
    minima = np.full((count, NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    keys = (hashes ^ (hashes >> _SHIFT32)) & _MASK32
    i = 0
    while i < count:
        start = bounds[i]
        if bounds[i + 1] - start > _CHUNK:  # a run too long to share a step: chunked alone
            for lo in range(start, bounds[i + 1], _CHUNK):
                values = _A * keys[None, lo : min(lo + _CHUNK, bounds[i + 1])]
                values += _B
                np.minimum(minima[i], values.min(axis=1), out=minima[i])
            i += 1
            continue
        j = i + 1  # runs i..j-1 go together: at most _CHUNK keys
        while j < count and bounds[j + 1] - start <= _CHUNK:
            j += 1
        # reduceat gives an empty run the element at its index, not the identity: skip those.
        rows = [r for r in range(i, j) if bounds[r + 1] > bounds[r]]
        if rows:
            values = _A * keys[None, start : bounds[j]]
            values += _B
            offsets = np.array([bounds[r] - start for r in rows], dtype=np.intp)
            minima[rows] = np.minimum.reduceat(values, offsets, axis=1).T
        i = j
    return (minima >> _SHIFT32).astype(SIGNATURE_DTYPE)


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minima agree."""
    return float(np.count_nonzero(sig_a == sig_b)) / NUM_PERM


def similarities(sig: np.ndarray, packed: bytes) -> np.ndarray:
    """Estimated similarity of `sig` to each signature in `packed` (signatures' bytes, concatenated)."""
    others = np.frombuffer(packed, dtype=SIGNATURE_DTYPE).reshape(-1, NUM_PERM)
    return (others == sig).sum(axis=1) / NUM_PERM


def row_similarities(sigs: np.ndarray, packed: bytes) -> np.ndarray:
    """Estimated similarity of sigs[i] to the i-th signature in `packed`, for every row i."""
    others = np.frombuffer(packed, dtype=SIGNATURE_DTYPE).reshape(-1, NUM_PERM)
    return (others == sigs).sum(axis=1) / NUM_PERM


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype(SIGNATURE_DTYPE, copy=False).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=SIGNATURE_DTYPE)
