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
    inside = _inside_removals(issues)
    order = sorted((i for i, issue in enumerate(issues) if issue.wants_fix and i not in inside), key=lambda i: ranks[i])
    chosen: list[int] = []
    # The chosen spans never overlap one another, so sorted by start their ends never
    # decrease either: only the chosen spans that start at or before a candidate's end,
    # walked back while they end at or after its start, can overlap it.
    starts: list[int] = []
    ends: list[int] = []

    def choose(i: int) -> None:
        candidate = issues[i]
        k = bisect_right(starts, candidate.end)
        while k > 0 and ends[k - 1] >= candidate.start:
            k -= 1
            if spans_overlap(candidate.start, candidate.end, starts[k], ends[k]):
                return
        if any(rank < ranks[i] and candidate.overlaps(b) for rank, b in blockers):
            return
        chosen.append(i)
        k = bisect_right(starts, candidate.start)
        starts.insert(k, candidate.start)
        ends.insert(k, candidate.end)

    for i in order:
        choose(i)
    # A layout fix inside a removal waited for it: where the removal lost, it stands alone.
    for i in sorted(inside, key=lambda i: ranks[i]):
        choose(i)
    return set(chosen)


def _inside_removals(issues: list[Issue]) -> set[int]:
    """Layout fixes (whitespace only) that lie within a removal of injected text: they
    rank before it and would keep it from happening (a line break joined at the edge of
    a footer line), though they only polish text that goes. Byte repairs still win: the
    removal was judged on the damaged characters and must yield to their repair; fixes
    ranked after the removal lose to it anyway.

    >>> from .types import make_issue
    >>> t = "正文\\n\\n上一篇：某文\\n"
    >>> join = make_issue(t, "encoding", "encoding.broken_line", 2, 4, message="", replacement="")
    >>> line = make_issue(t, "injection", "injection.chrome", 2, 10, message="", replacement="")
    >>> sorted(choose_fixes([join, line]))
    [1]
    >>> u = "【字号 大 中 小】\\n正文"
    >>> spaced = make_issue(u, "encoding", "encoding.spaced_characters", 2, 9, message="", replacement="号大中小")
    >>> widget = make_issue(u, "injection", "injection.chrome", 0, 10, message="", replacement="")
    >>> sorted(choose_fixes([spaced, widget]))
    [1]
    >>> repair = make_issue(t, "encoding", "encoding.utf8_as_gbk", 5, 7, message="", replacement="X")
    >>> comma = make_issue(t, "punctuation", "punctuation.ascii_colon", 8, 9, message="", replacement="，")
    >>> sorted(choose_fixes([repair, line, comma]))  # the removal loses to a byte repair: the comma stays fixed
    [0, 2]
    >>> sorted(choose_fixes([repair, line, join]))  # and the line join it held back is made after all
    [0, 2]
    """
    removals = [x for x in issues if x.type == "injection" and x.wants_fix and x.replacement == ""]
    if not removals:
        return set()
    return {i for i, x in enumerate(issues)
            if _layout_only(x) and any(r is not x and r.start <= x.start and x.end <= r.end for r in removals)}


def _layout_only(issue: Issue) -> bool:
    """A fix that only changes whitespace (joins lines, closes up spaced-out characters)."""
    return (len(issue.excerpt) == issue.end - issue.start
            and "".join(issue.excerpt.split()) == "".join((issue.replacement or "").split()))


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
