"""Choosing which suggested fixes to apply, and applying them end to start."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from .types import Fix, Issue, spans_overlap

# When two fixable issues claim overlapping spans, the earlier type in this list wins:
# repairing bytes comes first (everything else reads the repaired characters), removing
# foreign text beats re-punctuating or re-scripting it, and punctuation comes last.
FIX_PRIORITY = ("encoding", "injection", "script", "year", "punctuation", "boilerplate")


def _rank(issue: Issue) -> tuple:
    return (FIX_PRIORITY.index(issue.type), -(issue.end - issue.start), -issue.confidence, issue.start)


# A span that a detector of these types marked as damaged but could not repair (lost
# characters, say) is left alone by every other fix: polishing lost text hides the loss.
BLOCKING_TYPES = ("encoding",)


def choose_fixes(issues: Iterable[Issue]) -> set[int]:
    """Indices of the issues whose fixes to apply: greedy by priority, never two that overlap.

    Longer spans win within a type: a fix that saw more context (a doubled mark) is
    preferred to one inside it (one of its marks).

    >>> from .types import make_issue
    >>> t = "ab,cd"
    >>> a = make_issue(t, "punctuation", "p", 2, 3, message="", replacement="，")
    >>> b = make_issue(t, "encoding", "e", 1, 4, message="", replacement="X")
    >>> sorted(choose_fixes([a, b]))
    [1]
    """
    issues = list(issues)
    ranks = [_rank(x) if x.wants_fix or x.type in BLOCKING_TYPES else None for x in issues]
    blockers = [(ranks[j], x) for j, x in enumerate(issues) if x.type in BLOCKING_TYPES and not x.wants_fix]
    order = sorted((i for i, issue in enumerate(issues) if issue.wants_fix), key=lambda i: ranks[i])
    chosen: list[int] = []
    # The chosen spans never overlap one another, so sorted by start their ends never
    # decrease either: only the chosen spans that start at or before a candidate's end,
    # walked back while they end at or after its start, can overlap it.
    starts: list[int] = []
    ends: list[int] = []
    for i in order:
        candidate = issues[i]
        k = bisect_right(starts, candidate.end)
        clash = False
        while k > 0 and ends[k - 1] >= candidate.start:
            k -= 1
            if spans_overlap(candidate.start, candidate.end, starts[k], ends[k]):
                clash = True
                break
        if clash:
            continue
        if any(rank < ranks[i] and candidate.overlaps(b) for rank, b in blockers):
            continue
        chosen.append(i)
        k = bisect_right(starts, candidate.start)
        starts.insert(k, candidate.start)
        ends.insert(k, candidate.end)
    return set(chosen)


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    """Apply non-overlapping fixes end to start, so earlier offsets stay valid.

    >>> apply_fixes("a,b;c", [Fix(1, 2, "，"), Fix(3, 4, "；")])
    'a，b；c'
    """
    ordered = sorted(fixes, key=lambda f: (f.start, f.end))
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise ValueError(f"overlapping fixes {before} and {after}")
    parts: list[str] = []
    cursor = len(text)
    for fix in reversed(ordered):
        parts.append(text[fix.end:cursor])
        parts.append(fix.replacement)
        cursor = fix.start
    parts.append(text[:cursor])
    return "".join(reversed(parts))
