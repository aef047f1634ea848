"""Folding a later cleaning pass back into the first, in the original's coordinates.

One fix can make another necessary (removing a control character brings two commas
together). The pipeline therefore cleans the cleaned text again until nothing changes,
and this module rewrites each later fix as a fix on the original text: a later fix that
touches no earlier replacement is simply moved back by the offset; one that overlaps
earlier replacements absorbs them into one composite fix, and the absorbed issues are
kept with `fixed: false`.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

import msgspec

from .types import Issue, spans_overlap


@dataclass
class _Applied:
    """An applied fix seen from both sides: original [o_start, o_end), cleaned [c_start, c_end)."""

    index: int  # position in the issue list
    o_start: int
    o_end: int
    c_start: int
    c_end: int


class _AppliedFixes:
    """The applied fixes of a pass in text order, looked up by bisection: their cleaned
    spans never overlap, so both their starts and their ends ascend (a document of
    thousands of fixes folds in n log n, not n squared)."""

    def __init__(self, issues: list[Issue]):
        self.fixes: list[_Applied] = []
        shift = 0
        for i in sorted((i for i, x in enumerate(issues) if x.fixed), key=lambda i: issues[i].start):
            x = issues[i]
            c_start = x.start + shift
            self.fixes.append(_Applied(i, x.start, x.end, c_start, c_start + len(x.replacement or "")))
            shift += len(x.replacement or "") - (x.end - x.start)
        self.c_starts = [a.c_start for a in self.fixes]
        self.c_ends = [a.c_end for a in self.fixes]
        # how far the cleaned text has moved after the first k fixes
        self.shifts = [0, *accumulate((a.c_end - a.c_start) - (a.o_end - a.o_start) for a in self.fixes)]

    def to_original(self, pos: int, side: str) -> int:
        """Map a cleaned-text position outside any replacement to the original. At a
        deletion, a span's start maps after the deleted text and its end before it."""
        k = bisect_left(self.c_ends, pos)  # the fixes that end before pos
        while k < len(self.fixes) and self.c_ends[k] == pos and not (self.c_starts[k] == pos and side == "end"):
            k += 1
        return pos - self.shifts[k]

    def touching(self, start: int, end: int) -> list[_Applied]:
        """The fixes whose replacements share a code point with cleaned [start, end); a
        deletion only where it lies strictly inside."""
        candidates = self.fixes[bisect_left(self.c_ends, start):bisect_right(self.c_starts, end)]
        return [a for a in candidates if spans_overlap(start, end, a.c_start, a.c_end)
                and not (a.c_start == a.c_end and a.c_start in (start, end))]


def fold_pass(original: str, issues: list[Issue], later: list[Issue], cleaned: str) -> list[Issue]:
    """Return `issues` plus the fixed issues of `later` (found on `cleaned`, the result of
    applying `issues`) rewritten onto `original`. Unfixed later issues are dropped: the
    first pass already reported what the original shows."""
    applied = _AppliedFixes(issues)
    result = list(issues)
    absorbed: set[int] = set()
    for group, touching in _groups([x for x in later if x.fixed], applied):
        first = group[0]
        if not touching:
            o_start = applied.to_original(first.start, "start")
            result.append(_moved(first, original, o_start, o_start + first.end - first.start, first.replacement or ""))
            continue
        c_start = min(group[0].start, *(a.c_start for a in touching))
        c_end = max(group[-1].end, *(a.c_end for a in touching))
        o_start = min([a.o_start for a in touching if a.c_start == c_start] or [applied.to_original(c_start, "start")])
        o_end = max([a.o_end for a in touching if a.c_end == c_end] or [applied.to_original(c_end, "end")])
        replacement, cursor = [], c_start
        for fix in group:
            replacement += [cleaned[cursor:fix.start], fix.replacement or ""]
            cursor = fix.end
        replacement.append(cleaned[cursor:c_end])
        absorbed.update(a.index for a in touching)
        merged = [issues[a.index].code for a in touching] + [x.code for x in group[1:]]
        result.append(_moved(first, original, o_start, o_end, "".join(replacement), merged=merged))
    for i in absorbed:
        result[i] = msgspec.structs.replace(result[i], fixed=False)
    return result


def _groups(fixes: list[Issue], applied: _AppliedFixes):
    """Later fixes grouped with the earlier replacements they touch; two later fixes that
    touch the same earlier replacement, or each other's group, form one group."""
    groups: list[tuple[list[Issue], list[_Applied]]] = []
    for fix in sorted(fixes, key=lambda x: x.start):
        touching = applied.touching(fix.start, fix.end)
        if groups and touching and groups[-1][1]:
            last_group, last_touching = groups[-1]
            group_end = max(last_group[-1].end, *(a.c_end for a in last_touching))
            if min(fix.start, *(a.c_start for a in touching)) < group_end:
                last_group.append(fix)
                last_touching.extend(a for a in touching if a not in last_touching)
                continue
        groups.append(([fix], touching))
    return groups


def _moved(fix: Issue, original: str, start: int, end: int, replacement: str, merged: list[str] | None = None) -> Issue:
    detail = dict(fix.detail) if isinstance(fix.detail, dict) else {}
    detail["second_pass"] = True
    if merged:
        detail["includes"] = merged
    return msgspec.structs.replace(
        fix, start=start, end=end, excerpt=original[start:end][:200], replacement=replacement, detail=detail)
