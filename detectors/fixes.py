"""Choosing which suggested fixes to apply, and applying them end to start."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .types import Fix, Issue

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
    blockers = [x for x in issues if x.type in BLOCKING_TYPES and not x.wants_fix]
    order = sorted((i for i, issue in enumerate(issues) if issue.wants_fix), key=lambda i: _rank(issues[i]))
    chosen: list[int] = []
    for i in order:
        candidate = issues[i]
        if any(candidate.overlaps(issues[j]) for j in chosen):
            continue
        if any(candidate.overlaps(b) for b in blockers if _rank(b) < _rank(candidate)):
            continue
        chosen.append(i)
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
