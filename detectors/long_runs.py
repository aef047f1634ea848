"""The spam phrases of a long run, found as `SpamPhraseModel._run_phrases` finds them, in
time about linear in the run.

`_run_phrases` takes the best span of the run, then the best of each piece left on either
side, and so on; each piece's search scores every span of it again. That is fine for the
runs of real text (the longest of 46,000 runs in 3,400 reports held 205 tokens), but one
line of `本站` without a full stop (a keyword-stuffed page) took 8 s for 60,000 characters
and 17.5 s for 240,000.

Here every span of the run is scored once. A span's score in a piece is its score in the
whole run unless it starts at the piece's start (nothing on its left then) or ends at its
end (nothing to rejoin on its right), and a start searches the same seeds in the piece as
in the run unless it lies within MAX_PHRASE of the piece's end. So a piece's best span is
the best of: its first start, scored for the piece; the starts deep inside it, looked up
in the array of each start's best score (numpy's argmax: the first of equal maxima, as
the piecewise search keeps the first); and its last MAX_PHRASE starts, scored for the
piece. The span around the best one is then searched on a window around it, as
`_best_span(inside=...)` searches the piece. Only the origin of the running sums differs
from the piecewise search, so spans whose scores tie to the last bit may be taken in
another order; `tests/test_long_runs.py` compares the two, piece by piece and whole.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .spam_model import (BOUNDARY_BONUS, BREAK_BONUS, MAX_PHRASE, MIN_PHRASE, SEED_SCORE, SpamPhraseModel, next_breaks,
                         running_sums)


class LongRun:
    """One run's pair scores, running sums, breaks and seeds, and each start's best span."""

    def __init__(self, model: SpamPhraseModel, tokens: str, extra: list[float] | None):
        self.model, self.tokens, self.extra = model, tokens, extra
        n = len(tokens)
        pairs = model.pair_scores(tokens, extra)
        self.prefix = running_sums(pairs)
        self.seeds_before = np.concatenate(([0], np.cumsum(np.array(pairs) > SEED_SCORE)))  # seeds in pairs[:k]
        self.is_break = [t in BREAK_BONUS for t in tokens]
        self.stops = next_breaks(tokens)
        # Each start's best span away from any piece's edges (the first of equal scores).
        self.best_score = np.full(n, -np.inf)
        self.best_end = [0] * n
        for s in range(1, n - MAX_PHRASE):
            for score, _, e in self.spans(s, 0, n):
                if score > self.best_score[s]:
                    self.best_score[s], self.best_end[s] = score, e

    def searched(self, s: int, lo: int, hi: int) -> bool:
        """Does the search of piece [lo, hi) try spans from s? (no break at s, and a seed
        pair within reach of it inside the piece)"""
        first, last = max(lo, s - 1), min(hi - 2, s + MAX_PHRASE - 2)
        return not self.is_break[s] and first <= last and self.seeds_before[last + 1] > self.seeds_before[first]

    def spans(self, s: int, lo: int, hi: int) -> Iterator[tuple[float, int, int]]:
        """(score, start, end) of the spans from s that the search of piece [lo, hi) tries, ends ascending."""
        if not self.searched(s, lo, hi):
            return
        model, tokens = self.model, self.tokens
        has_left = s > lo and not self.is_break[s - 1]
        left = model._left_edge(tokens, s, has_left) + (self.extra[s] if self.extra else 0.0)
        for e in range(s + MIN_PHRASE, min(hi, s + MAX_PHRASE, self.stops[s] + 1) + 1):
            right = 0.0 if e == hi else model._right_edge(tokens, s, e, has_left, BREAK_BONUS)
            yield self.prefix[e - 1] - self.prefix[s] + left + right, s, e

    def best_of_piece(self, lo: int, hi: int) -> tuple[float, int, int] | None:
        """What `_best_span(tokens[lo:hi])` finds, in run offsets: the first best span in
        its order (starts ascending, then ends)."""
        if hi - lo < MIN_PHRASE:
            return None
        deep = range(lo + 1, hi - MAX_PHRASE)  # starts whose spans score as in the whole run
        candidates = [self.spans(lo, lo, hi)]
        if deep:
            k = deep.start + int(np.argmax(self.best_score[deep.start:deep.stop]))
            if self.best_score[k] > -np.inf:
                candidates.append([(float(self.best_score[k]), k, self.best_end[k])])
        candidates += [self.spans(s, lo, hi) for s in range(max(lo + 1, hi - MAX_PHRASE), hi)]
        best = None
        for group in candidates:
            for score, s, e in group:
                if best is None or score > best[0]:
                    best = (score, s, e)
        return best

    def phrases(self, threshold: float) -> list[tuple[int, int, float]]:
        """(start, end, score) of the phrases, as `_run_phrases` finds them."""
        found, pieces = [], [(0, len(self.tokens))]
        while pieces:
            lo, hi = pieces.pop()
            best = self.best_of_piece(lo, hi)
            if best is not None and best[0] > threshold:
                score, s, e = best
                # The span around it, searched on a window that holds every span containing it.
                wlo, whi = max(lo, s - MAX_PHRASE), min(hi, max(s + MAX_PHRASE, e) + 1)
                _, s, e = self.model._best_span(self.tokens[wlo:whi], inside=(s - wlo, e - wlo), bonus=BOUNDARY_BONUS,
                                                extra=self.extra[wlo:whi] if self.extra else None)
                found.append((wlo + s, wlo + e, score))
                pieces += [(lo, wlo + s), (wlo + e, hi)]
        return found
