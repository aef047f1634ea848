"""Character shingles of normalised text, hashed to stable 64-bit integers.

xxh3_64 rather than Python's hash(): hash() of str is salted per process, so
signatures stored in the index would not match the ones computed after a restart.
"""

from collections.abc import Sequence
from itertools import accumulate

import numpy as np
import xxhash

SHINGLE_SIZE = 5


def shingle_hashes(normalized: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """Sorted unique xxh3_64 hashes (uint64) of the character `size`-grams of `normalized`.

    A text shorter than one shingle but not empty is a single shingle of itself, so
    short texts still get a signature; an empty text gives an empty array.
    """
    return np.unique(shingle_hash_runs([normalized], size)[0])


def shingle_hash_runs(texts: Sequence[str], size: int = SHINGLE_SIZE) -> tuple[np.ndarray, list[int]]:
    """The shingle hashes of several normalised texts at once, for signing them together.

    Returns (hashes, bounds): the hashes of texts[i] are hashes[bounds[i]:bounds[i + 1]].
    The same shingles as shingle_hashes with the same hashes (xxh3_64 of their UTF-8 bytes,
    computed by xxh3_many over one buffer), but a run is neither sorted nor de-duplicated:
    a MinHash signature depends only on the set, so repeats change nothing.
    """
    counts = [len(text) - size + 1 if len(text) > size else int(bool(text)) for text in texts]
    bounds = [0, *accumulate(counts)]
    if not bounds[-1]:
        return np.empty(0, dtype=np.uint64), bounds
    # Character spans of every shingle in the joined texts (a text of at most `size`
    # characters is one shingle of itself), then their byte spans in its UTF-8 encoding.
    char_starts, char_ends, at = [], [], 0
    for text, count in zip(texts, counts):
        if count:
            starts = np.arange(at, at + count)
            char_starts.append(starts)
            char_ends.append(starts + min(size, len(text)))
        at += len(text)
    joined = "".join(texts)
    code_points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.zeros(len(joined) + 1, dtype=np.intp)
    np.cumsum(1 + (code_points >= 0x80) + (code_points >= 0x800) + (code_points >= 0x10000), out=offsets[1:])
    starts = offsets[np.concatenate(char_starts)] + _PAD
    ends = offsets[np.concatenate(char_ends)] + _PAD
    data = bytes(_PAD) + joined.encode("utf-8") + bytes(_PAD)
    hashes = xxh3_many(data, starts, ends)
    # Shingles of 1-3 bytes (a text of fewer than 4 characters) or over 16 (characters
    # outside the BMP) take xxhash's own code.
    other = np.flatnonzero((ends - starts < 4) | (ends - starts > 16))
    if other.size:
        digest = xxhash.xxh3_64_intdigest
        hashes[other] = [digest(data[starts[i] : ends[i]]) for i in other.tolist()]
    return hashes, bounds


# -- xxh3_64 of many short byte strings at once ------------------------------------------
#
# XXH3 (xxHash 0.8, seed 0, the default secret) for inputs of 4 to 16 bytes, transcribed
# from xxhash.h (XXH3_len_4to8_64b, XXH3_len_9to16_64b) into numpy's wrapping uint64
# arithmetic.  tests/test_corpus.py checks it against the xxhash package on every length.

_PAD = 8  # zero bytes around the buffer, so every 8-byte read stays inside it
_SECRET = bytes.fromhex(
    "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221b8084674f743248e"
)


def _secret64(offset: int) -> np.uint64:
    return np.uint64(int.from_bytes(_SECRET[offset : offset + 8], "little"))


_BITFLIP_4TO8 = _secret64(8) ^ _secret64(16)
_BITFLIP_LO = _secret64(24) ^ _secret64(32)
_BITFLIP_HI = _secret64(40) ^ _secret64(48)
_PRIME_MX1 = np.uint64(0x165667919E3779F9)
_PRIME_MX2 = np.uint64(0x9FB21C651E98DF25)
_LOW32 = np.uint64(0xFFFFFFFF)
_U = {n: np.uint64(n) for n in (24, 28, 32, 35, 37, 40, 49)}


def _mul128_fold64(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Low xor high 64 bits of the 128-bit products a * b (XXH3_mul128_fold64, portable form)."""
    a_lo, a_hi = a & _LOW32, a >> _U[32]
    b_lo, b_hi = b & _LOW32, b >> _U[32]
    lo_lo, hi_lo, lo_hi = a_lo * b_lo, a_hi * b_lo, a_lo * b_hi
    cross = (lo_lo >> _U[32]) + (hi_lo & _LOW32) + lo_hi
    upper = (hi_lo >> _U[32]) + (cross >> _U[32]) + a_hi * b_hi
    lower = (cross << _U[32]) | (lo_lo & _LOW32)
    return lower ^ upper


def xxh3_many(data: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """xxh3_64_intdigest(data[s:e]) for every span of 4 to 16 bytes (other spans: garbage).

    Every span must have _PAD bytes of `data` before it and after it.
    """
    # Overlapping little-endian 64-bit words, one starting at every byte (a view, no copy).
    words = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    length = (ends - starts).astype(np.uint64)
    first, last8, last4 = words[starts], words[ends - 8], words[ends - 4]
    # 9 to 16 bytes
    lo = first ^ _BITFLIP_LO
    hi = last8 ^ _BITFLIP_HI
    acc = length + lo.byteswap() + hi + _mul128_fold64(lo, hi)
    acc ^= acc >> _U[37]
    acc *= _PRIME_MX1
    acc ^= acc >> _U[32]
    # 4 to 8 bytes
    x = ((last4 & _LOW32) + ((first & _LOW32) << _U[32])) ^ _BITFLIP_4TO8
    x ^= ((x << _U[49]) | (x >> np.uint64(15))) ^ ((x << _U[24]) | (x >> _U[40]))
    x *= _PRIME_MX2
    x ^= (x >> _U[35]) + length
    x *= _PRIME_MX2
    x ^= x >> _U[28]
    return np.where(length <= 8, x, acc)
