"""A set of half-open spans, asked whether it overlaps, contains or covers another.

The line rules ask once per line whether earlier issues took the line already. A list
answers in time proportional to its length, so a document of many short lines, each an
issue (100,000 lines of page furniture), took minutes; this answers in log time.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

from .types import spans_overlap


class SpanSet:
    """Spans (start, end), possibly overlapping one another.

    >>> spans = SpanSet([(0, 4), (10, 12)])
    >>> spans.overlaps(3, 5), spans.overlaps(4, 10), spans.contains(10, 12), spans.covers(12)
    (True, False, True, False)
    >>> spans.add(6, 8); spans.overlaps(4, 7), spans.overlaps(8, 10), spans.overlapping(3, 11)
    (True, False, [(0, 4), (6, 8), (10, 12)])
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        ordered = sorted(spans)
        # Empty spans (insertions) overlap by spans_overlap's own rule; documents hold few.
        self._empty = [span for span in ordered if span[0] == span[1]]
        self._solid = solid = [span for span in ordered if span[0] < span[1]]
        self._starts = [s for s, _ in solid]
        # The furthest end among the spans up to each one: a span that starts before a
        # point reaches past it when this does.
        self._reach = list(accumulate((e for _, e in solid), max))

    def add(self, start: int, end: int) -> None:
        """Add a span (cheaply when spans come in order of their starts)."""
        if start == end:
            self._empty.append((start, end))
            return
        k = bisect_right(self._starts, start)
        self._solid.insert(k, (start, end))
        self._starts.insert(k, start)
        self._reach.insert(k, max(end, self._reach[k - 1]) if k else end)
        # The reach after it grows to `end` where it fell short; once it reaches that far,
        # it already did from there on.
        for i in range(k + 1, len(self._reach)):
            if self._reach[i] >= end:
                break
            self._reach[i] = end

    def _reaches(self, k: int, point: int, inclusive: bool = False) -> bool:
        """Does one of the first k spans end after `point` (or at it, inclusive)?"""
        return k > 0 and (self._reach[k - 1] >= point if inclusive else self._reach[k - 1] > point)

    def overlaps(self, start: int, end: int) -> bool:
        """Does a span share a code point with [start, end) (spans_overlap)?"""
        if start < end:
            solid = self._reaches(bisect_left(self._starts, end), start)
        else:  # an empty span overlaps a span it lies inside or at the start of
            solid = self._reaches(bisect_right(self._starts, start), start)
        return solid or any(spans_overlap(start, end, s, e) for s, e in self._empty)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans (s, e) with s < end and start < e, in order of their starts."""
        # Spans before `first` all end at or before start (the reach ascends); spans from
        # `stop` on start at or after end.
        first, stop = bisect_right(self._reach, start), bisect_left(self._starts, end)
        found = [(s, e) for s, e in self._solid[first:stop] if start < e]
        return sorted(found + [(s, e) for s, e in self._empty if start < s < end])

    def contains(self, start: int, end: int) -> bool:
        """Does a span hold all of the (non-empty) span [start, end)?"""
        return self._reaches(bisect_right(self._starts, start), end, inclusive=True)

    def covers(self, point: int) -> bool:
        """Does a span hold the code point at `point`?"""
        return self._reaches(bisect_right(self._starts, point), point)
