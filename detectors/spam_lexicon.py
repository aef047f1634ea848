"""The spam lexicon: categorised phrases found with one Aho-Corasick automaton, in
simplified, traditional and Hong Kong forms, with the boundaries of the phrase each hit
belongs to."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import ahocorasick
import opencc
import regex

from .paircodes import PairCodeSet, pair_codes

# Separators a spam phrase drags along: `皇冠足球比分:` in `推动皇冠足球比分:领域建立`.
SPAM_TRAIL = "_:：,，|｜@ -—·"
# Separators that close an injected phrase; a lexicon hit is extended over the rest of the
# phrase up to one of these (`时时彩` -> `时时彩平台注册 ` in `用好短时时彩平台注册 视频`).
PHRASE_END = regex.compile(r"[\p{Han}A-Za-z0-9]{0,6}?[_:：|｜@ ]")
# Words with which a report fights what it names: a spam term in a clause with one of them
# is the report's own subject (打击六合彩赌博, 不要帮他人跑分, 清理挖矿项目).
ENFORCEMENT = re.compile(
    r"打击|整治|查处|取缔|防范|禁止|严禁|非法|警惕|抵制|举报|破获|侦破|劝阻|虚开|假冒|涉[赌黄毒诈]|"
    r"清理|关停|处置|封堵|拦截|整顿|惩治|严惩|遏制|净化|提醒|谨防|不要[帮出参轻点下向借]")
CLAUSE_STOP = "。！？；，,;\n"


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    category: str


@cache
def _automaton() -> ahocorasick.Automaton:
    to_traditional = opencc.OpenCC("s2t")
    to_hongkong = opencc.OpenCC("s2hk")
    automaton = ahocorasick.Automaton()
    lexicon = resources.files("detectors").joinpath("data/spam_lexicon.txt").read_text("utf-8")
    for line in lexicon.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, term = line.split("\t")
        for form in {term, to_traditional.convert(term), to_hongkong.convert(term)}:
            automaton.add_word(form.lower(), (category, len(form)))
    automaton.make_automaton()
    return automaton


@cache
def _term_openings() -> tuple[PairCodeSet, int]:
    """The first two characters of every form of every term (each has two or more), and
    the length of the longest form."""
    forms = list(_automaton().keys())
    return PairCodeSet([int(pair_codes(form[:2])[0]) for form in forms]), max(map(len, forms))


def term_matches(lowered: str) -> list[tuple[int, tuple[str, int]]]:
    """What the automaton finds in the text, (end index, (category, length)) for every
    occurrence of every term. It walks only where a term can open (a vectorised look at
    the pairs of the text finds those places): a report holds a few, and a walk of the
    whole text costs twice as much."""
    return [m for start, stop in _term_windows(lowered) for m in _automaton().iter(lowered, start, stop)]


def _term_windows(lowered: str) -> list[tuple[int, int]]:
    """Stretches of the text that hold every term in it: one from each place a term can
    open, as long as the longest term, overlapping ones merged."""
    openings, longest = _term_openings()
    windows: list[tuple[int, int]] = []
    for at in openings.positions(pair_codes(lowered)) if len(lowered) > 1 else ():
        if windows and at <= windows[-1][1]:
            windows[-1] = (windows[-1][0], min(len(lowered), at + longest))
        else:
            windows.append((at, min(len(lowered), at + longest)))
    return windows


def spam_hits(text: str) -> list[Hit]:
    """Lexicon hits, merged where they touch or are joined by separators.

    >>> [(h.start, h.end) for h in spam_hits("推动皇冠足球比分:领域建立")]
    [(2, 9)]
    """
    raw = []
    for end, (category, length) in term_matches(text.lower()):
        start = end + 1 - length
        # `打击六合彩赌博` is the report's subject, unless the phrase ends in a separator
        # that only injected text carries (`防范北京赛车PK10计划:`).
        if in_enforcing_clause(text, start, end + 1) and _phrase_end(text, end + 1) == end + 1:
            continue
        raw.append(Hit(start, end + 1, category))
    raw.sort(key=lambda h: (h.start, -h.end))
    merged: list[Hit] = []
    for hit in raw:
        if merged and hit.start <= _extend(text, merged[-1].end):
            last = merged[-1]
            merged[-1] = Hit(last.start, max(last.end, hit.end), last.category)
        else:
            merged.append(hit)
    return [Hit(h.start, _extend(text, _phrase_end(text, h.end)), h.category) for h in merged]


def in_enforcing_clause(text: str, start: int, end: int) -> bool:
    """Does the clause around text[start:end] fight what it names?"""
    before = text[max(0, start - 40):start]
    before = before[max(before.rfind(c) for c in CLAUSE_STOP) + 1:]
    after = text[end:end + 40]
    after = after[:min((k for k in map(after.find, CLAUSE_STOP) if k >= 0), default=len(after))]
    return bool(ENFORCEMENT.search(before + text[start:end] + after))


def _phrase_end(text: str, end: int) -> int:
    """Where the injected phrase a hit belongs to ends: at the next injection separator,
    if one comes within a few characters and before any Chinese mark."""
    m = PHRASE_END.match(text, end)
    return m.end() - 1 if m else end


def _extend(text: str, end: int) -> int:
    while end < len(text) and text[end] in SPAM_TRAIL:
        end += 1
    return end
