"""Folding a later cleaning pass back into the first, in the original's coordinates.

One fix can make another necessary (removing a control character brings two commas
together). The pipeline therefore cleans the cleaned text again until nothing changes,
and this module rewrites each later fix as a fix on the original text: a later fix that
touches no earlier replacement is simply moved back by the offset; one that overlaps
earlier replacements absorbs them into one composite fix, and the absorbed issues are
kept with `fixed: false`.
"""
from __future__ import annotations

from dataclasses import dataclass

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


def _applied(issues: list[Issue]) -> list[_Applied]:
    out, delta = [], 0
    fixed = sorted((i for i, x in enumerate(issues) if x.fixed), key=lambda i: issues[i].start)
    for i in fixed:
        x = issues[i]
        c_start = x.start + delta
        out.append(_Applied(i, x.start, x.end, c_start, c_start + len(x.replacement or "")))
        delta += len(x.replacement or "") - (x.end - x.start)
    return out


def _to_original(pos: int, applied: list[_Applied], side: str) -> int:
    """Map a cleaned-text position outside any replacement to the original. At a deletion,
    a span's start maps after the deleted text and its end before it."""
    delta = 0
    for a in applied:
        deletion_here = a.c_start == a.c_end == pos
        if a.c_end < pos or (a.c_end == pos and not (deletion_here and side == "end")):
            delta += (a.c_end - a.c_start) - (a.o_end - a.o_start)
        else:
            break
    return pos - delta


def fold_pass(original: str, issues: list[Issue], later: list[Issue], cleaned: str) -> list[Issue]:
    """Return `issues` plus the fixed issues of `later` (found on `cleaned`, the result of
    applying `issues`) rewritten onto `original`. Unfixed later issues are dropped: the
    first pass already reported what the original shows."""
    applied = _applied(issues)
    result = list(issues)
    absorbed: set[int] = set()
    for group, touching in _groups([x for x in later if x.fixed], applied):
        first = group[0]
        if not touching:
            o_start = _to_original(first.start, applied, "start")
            result.append(_moved(first, original, o_start, o_start + first.end - first.start, first.replacement or ""))
            continue
        c_start = min(group[0].start, *(a.c_start for a in touching))
        c_end = max(group[-1].end, *(a.c_end for a in touching))
        o_start = min([a.o_start for a in touching if a.c_start == c_start] or [_to_original(c_start, applied, "start")])
        o_end = max([a.o_end for a in touching if a.c_end == c_end] or [_to_original(c_end, applied, "end")])
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


def _groups(fixes: list[Issue], applied: list[_Applied]):
    """Later fixes grouped with the earlier replacements they touch; two later fixes that
    touch the same earlier replacement, or each other's group, form one group."""
    groups: list[tuple[list[Issue], list[_Applied]]] = []
    for fix in sorted(fixes, key=lambda x: x.start):
        touching = [a for a in applied
                    if spans_overlap(fix.start, fix.end, a.c_start, a.c_end)
                    and not (a.c_start == a.c_end and a.c_start in (fix.start, fix.end))]
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
