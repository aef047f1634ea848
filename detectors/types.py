"""Core values shared by every detector: an Issue with its span, and a Fix that can be replayed."""
from __future__ import annotations

from typing import Any, Literal

import msgspec

IssueType = Literal["encoding", "punctuation", "injection", "year", "boilerplate", "script"]
Severity = Literal["info", "warning", "error"]
ISSUE_TYPES: tuple[str, ...] = ("encoding", "punctuation", "injection", "year", "boilerplate", "script")
EXCERPT_LIMIT = 200


class Issue(msgspec.Struct, frozen=True, kw_only=True):
    """One finding: a half-open span [start, end) of code points into the text as submitted."""

    type: IssueType
    code: str
    start: int
    end: int
    excerpt: str
    severity: Severity
    confidence: float
    message: str
    replacement: str | None
    fixed: bool = False
    detail: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET

    def overlaps(self, other: "Issue | Fix") -> bool:
        return spans_overlap(self.start, self.end, other.start, other.end)

    def contains(self, other: "Issue | Fix") -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def wants_fix(self) -> bool:
        """The detector proposes to apply this replacement (before overlap resolution)."""
        return self.fixed and self.replacement is not None

    def as_fix(self) -> "Fix":
        assert self.replacement is not None
        return Fix(self.start, self.end, self.replacement)


class Fix(msgspec.Struct, frozen=True, array_like=True):
    """Replace text[start:end] with replacement; a list of these replays the cleaning exactly."""

    start: int
    end: int
    replacement: str


def spans_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open spans overlap when they share a code point; two insertions at one point also clash.

    >>> spans_overlap(0, 2, 2, 4), spans_overlap(0, 3, 2, 4), spans_overlap(2, 2, 2, 2)
    (False, True, True)
    """
    if a_start == a_end or b_start == b_end:
        return a_start == b_start or (a_start < b_start < a_end) or (b_start < a_start < b_end)
    return a_start < b_end and b_start < a_end


def make_issue(
    text: str,
    type: IssueType,
    code: str,
    start: int,
    end: int,
    *,
    message: str,
    severity: Severity = "warning",
    confidence: float = 0.9,
    replacement: str | None = None,
    apply: bool | None = None,
    detail: dict[str, Any] | None = None,
) -> Issue:
    """Build an Issue with its excerpt cut from the original text.

    `apply` says whether the detector considers the replacement safe to put in the
    cleaned text (default: whenever there is one); the pipeline sets `fixed` to what it
    really applied. A replacement with apply=False is only a suggestion.
    """
    if apply is None:
        apply = replacement is not None
    if apply and replacement is None:
        raise ValueError("cannot apply an issue without a replacement")
    if not (0 <= start <= end <= len(text)):
        raise ValueError(f"span [{start}, {end}) outside text of length {len(text)}")
    return Issue(
        type=type,
        code=code,
        start=start,
        end=end,
        excerpt=text[start:end][:EXCERPT_LIMIT],
        severity=severity,
        confidence=round(float(confidence), 3),
        message=message,
        replacement=replacement,
        fixed=apply,
        detail=msgspec.UNSET if detail is None else detail,
    )
