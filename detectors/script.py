"""Runs of traditional characters inside simplified text (or the reverse), via OpenCC."""
from __future__ import annotations

from functools import cache, lru_cache

import opencc

from .chardata import HAN_RE, common_share
from .context import Context
from .types import Issue, make_issue

# Characters that differ between the scripts and are more than this share of a document's
# Han text make it a document of that script, not simplified text with intrusions.
DOMINANT_SHARE = 0.2
# A run needs this many foreign characters. One alone counts: OpenCC's t2s leaves the
# characters simplified text shares with traditional (著, 乾隆) unchanged, so a single
# changed character is a traditional form (推進); its confidence is lower.
MIN_CHARS = 1
# Two foreign characters belong to one run when only characters written the same in both
# scripts stand between them, and no more than this many (推進法治政府建設).
MAX_GAP = 8


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


# The script detector and the spam model both ask this of the same text: a small cache
# answers the second (it keeps the last four texts asked about, a document or two).
@lru_cache(maxsize=4)
def differing(text: str, config: str) -> tuple[int, ...]:
    """Positions that OpenCC would change, compared line by line so that the rare phrase
    conversion that changes a line's length only costs that line."""
    converter = _converter(config)
    # Most texts come back unchanged: one conversion of the whole text tells (no phrase
    # spans a line break, so it changes nothing that no line's conversion changes).
    if converter.convert(text) == text:
        return ()
    positions = []
    offset = 0
    for line in text.split("\n"):
        converted = converter.convert(line)
        if converted != line and len(converted) == len(line):
            positions += [offset + i for i, (a, b) in enumerate(zip(line, converted)) if a != b]
        offset += len(line) + 1
    return tuple(positions)


def _runs(text: str, positions: list[int], other_script: set[int]) -> list[tuple[int, int, int]]:
    """Group positions into (start, end, count) runs across neutral Han characters."""
    runs: list[list[int]] = []
    for p in positions:
        if runs and p - runs[-1][1] <= MAX_GAP and _neutral(text, runs[-1][1], p, other_script):
            runs[-1][1] = p + 1
            runs[-1][2] += 1
        else:
            runs.append([p, p + 1, 1])
    return [tuple(r) for r in runs]


def _neutral(text: str, start: int, end: int, other_script: set[int]) -> bool:
    return all(HAN_RE.match(text[k]) and k not in other_script for k in range(start, end))


class ScriptDetector:
    name = "script"

    def detect(self, text: str, context: Context) -> list[Issue]:
        traditional = differing(text, "t2s")
        if not traditional:
            # Nothing traditional: there is neither a run to report nor, with no Han text
            # or with simplified text dominant, anything else to say. This is the common
            # case, and it spares the costlier s2t conversion.
            return []
        han = len(HAN_RE.findall(text))
        if not han:
            return []
        simplified = differing(text, "s2t")
        if len(traditional) <= DOMINANT_SHARE * han:
            return self._issues(text, traditional, set(simplified), context, "t2s", "script.traditional_in_simplified",
                                "traditional characters inside simplified text", apply=True)
        if len(simplified) <= DOMINANT_SHARE * han:
            # s2t is one-to-many (干 -> 幹/乾/干): suggest only.
            return self._issues(text, simplified, set(traditional), context, "s2t", "script.simplified_in_traditional",
                                "simplified characters inside traditional text", apply=False)
        return []

    def _issues(self, text, positions, other_script, context, config, code, message, apply) -> list[Issue]:
        issues = []
        mojibake = context.facts.get("mojibake_spans", [])
        for start, end, count in _runs(text, positions, other_script):
            if count < MIN_CHARS:
                continue
            if any(s < end and start < e for s, e in mojibake):
                continue
            converted = _converter(config).convert(text[start:end])
            # Real traditional text becomes common simplified text; mojibake stays rare.
            if config == "t2s" and common_share(converted) <= common_share(text[start:end]):
                continue
            issues.append(make_issue(
                text, "script", code, start, end, message=message, severity="warning",
                confidence=(0.8 if count > 1 else 0.65) if apply else 0.6, replacement=converted,
                apply=apply, detail={"characters": count}))
        return issues
