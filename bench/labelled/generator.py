"""Corrupt clean reports at known places and record, for each corruption, what a perfect
cleaner should report and produce.

`corrupt(base_text, rng, variants)` returns `(corrupted_text, gold)`; `gold` is a `Gold`
list of dicts `{type, code_family, start, end, fixable, expected_replacement?, variant}`
with spans into the CORRUPTED text, and carries `gold.expected_text`: the text a perfect
cleaner returns, i.e. the base text with every fixable corruption undone and every
unfixable one (lost characters, wrong years, dropped quotes) left in place. When all the
corruptions of a document are fixable, `expected_text` is the base text itself.

Each family picks its places in the base text, never overlapping another corruption, and
draws its variant from the pool it is given (`DEV` or `HELDOUT`, see `pools.py`; `BLIND`,
the held-out forms of every other family with the injection variants of `blind_v2.py`, a pool
never to be shown while tuning).
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from . import blind_v1, blind_v2, blind_v3, pools, pools_dev2, pools_dev3, pools_dev4

HAN = "\u4e00-\u9fff"
HAN_RE = re.compile(f"[{HAN}]")
CN_NUM = "〇一二三四五六七八九"
CN_NUM_HELDOUT = "零一二三四五六七八九"


@dataclass(frozen=True)
class Variants:
    """Which variants a family may use: the dev pool, the held-out pool or the blind pool.

    `style` (`dev` or `heldout`) picks the forms of the families that have no pool of their own
    (mojibake kinds, years, marks); it is `name` unless given. With `chrome_lines` > 0, chrome is
    1 to `chrome_lines` lines drawn from the flat line list `chrome_start[0]` / `chrome_end[0]`
    (in their order) instead of one whole block. `off_topic` sentences, when given, enable the
    `injection.off_topic` family. `weights` overrides family weights.
    """

    name: str
    spam: list[str]
    spam_sep: list[str]
    header_sep: list[str]
    chrome_start: list[list[str]]
    chrome_end: list[list[str]]
    preamble: list[str]
    docx: list[str]
    invisible: list[str]
    breaks: list[str]
    tags: list[str]
    off_topic: list[str] = field(default_factory=list)
    chrome_lines: int = 0
    preamble_at_end: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    base_style: str = ""

    @property
    def style(self) -> str:
        return self.base_style or self.name


DEV = Variants(
    "dev", pools.SPAM_DEV, pools.SPAM_SEP_DEV, pools.HEADER_SEP_DEV, pools.CHROME_START_DEV,
    pools.CHROME_END_DEV, pools.PREAMBLE_DEV, pools.DOCX_DEV, pools.INVISIBLE_DEV, pools.BREAK_DEV,
    pools.TAG_DEV, off_topic=pools.OFF_TOPIC_DEV,
)
HELDOUT = Variants(
    "heldout", pools.SPAM_HELDOUT, pools.SPAM_SEP_HELDOUT, pools.HEADER_SEP_HELDOUT,
    pools.CHROME_START_HELDOUT, pools.CHROME_END_HELDOUT, pools.PREAMBLE_HELDOUT, pools.DOCX_HELDOUT,
    pools.INVISIBLE_HELDOUT, pools.BREAK_HELDOUT, pools.TAG_HELDOUT, off_topic=pools.OFF_TOPIC_HELDOUT,
)
# The blind pools: v1 was seen by the detector's author at the start of session 3 and is
# retired (still run as `blind-v1`); v2, written then by someone else, is the one that counts.
def _blind(pool) -> Variants:
    """The held-out forms of every family, with the injection variants of a blind pool."""
    return Variants(
        "blind", pool.SPAM_BLIND, pool.SPAM_SEP_BLIND, pool.HEADER_SEP_BLIND,
        [pool.CHROME_START_BLIND], [pool.CHROME_END_BLIND], pool.PREAMBLE_BLIND, pools.DOCX_HELDOUT,
        pools.INVISIBLE_HELDOUT, pools.BREAK_HELDOUT, pools.TAG_HELDOUT,
        off_topic=pool.OFF_TOPIC_BLIND, chrome_lines=3, preamble_at_end=0.3, base_style="heldout",
        # the blind split exists to measure injection: its families are drawn twice as often
        weights={"injection.spam": 4.0, "injection.spam_header": 2.0, "injection.chrome": 2.0,
                 "injection.preamble": 2.0, "injection.off_topic": 2.0},
    )


BLIND, BLIND_V1 = _blind(blind_v2), _blind(blind_v1)
# v3: a third, written in session 4 by someone else, measured once at the end of it.
BLIND_V3 = _blind(blind_v3)
# dev2: the same shape over a pool written to be looked at while tuning (pools_dev2.py).
DEV2 = _blind(pools_dev2)
# dev3: the same again over a third visible pool (pools_dev3.py), written in session 4.
DEV3 = _blind(pools_dev3)
# dev4: and a fourth, rich in page furniture (pools_dev4.py).
DEV4 = _blind(pools_dev4)
VARIANTS = {"dev": DEV, "heldout": HELDOUT, "blind": BLIND, "blind-v1": BLIND_V1, "blind-v3": BLIND_V3, "dev2": DEV2, "dev3": DEV3, "dev4": DEV4}

# Codes (prefixes) a detector may use for each family; used by the eval for per-family precision.
FAMILY_CODES: dict[str, tuple[str, ...]] = {
    "encoding.mojibake": ("encoding.utf8_as", "encoding.gbk_as", "encoding.mojibake", "encoding.latin"),
    "encoding.lost": ("encoding.replacement_char", "encoding.lost", "encoding.question"),
    "encoding.html": ("encoding.html",),
    "encoding.docx": ("encoding.docx",),
    "encoding.invisible": ("encoding.control", "encoding.invisible", "encoding.zero_width"),
    "encoding.broken_line": ("encoding.broken_line", "encoding.page_marker", "encoding.chunk"),
    "punctuation.ascii_mark": ("punctuation.ascii_",),
    "punctuation.nfkc_fold": ("punctuation.ascii_", "punctuation.nfkc"),
    "punctuation.period": ("punctuation.ascii_period", "punctuation.fullwidth_period", "punctuation.period"),
    "punctuation.fullwidth_alnum": ("punctuation.fullwidth",),
    "punctuation.unbalanced": ("punctuation.unbalanced", "punctuation.unclosed", "punctuation.unopened",
                               "punctuation.mismatched", "punctuation.quote"),
    "punctuation.doubled": ("punctuation.doubled",),
    "year.body": ("year.",),
    "year.plan": ("year.",),
    "year.range": ("year.",),
    "year.cn_numeral": ("year.",),
    "injection.spam": ("injection.spam",),
    "injection.spam_header": ("injection.spam", "injection.header"),
    "injection.chrome": ("injection.chrome",),
    "injection.preamble": ("injection.preamble", "injection.aggregator", "injection.paywall"),
    "injection.off_topic": ("injection.off_topic",),
    "script.traditional": ("script.",),
}


@dataclass
class GoldItem:
    type: str
    family: str
    rel_start: int  # within the edit's new text
    rel_end: int
    fixable: bool
    replacement: str | None = None


@dataclass
class Edit:
    """Replace base[start:end] by `new`; `golds` are the issues it creates, relative to `new`."""

    start: int
    end: int
    new: str
    golds: list[GoldItem]
    variant: str
    margin: int = 1

    @property
    def fixable(self) -> bool:
        return all(g.fixable for g in self.golds) or any(
            g.fixable and g.rel_start == 0 and g.rel_end == len(self.new) for g in self.golds)


class Gold(list):
    """The gold issues of one corrupted document, plus the text a perfect cleaner returns."""

    expected_text: str
    all_fixable: bool


@dataclass
class Plan:
    base: str
    edits: list[Edit] = field(default_factory=list)

    def free(self, start: int, end: int, margin: int = 1) -> bool:
        for e in self.edits:
            m = max(margin, e.margin)
            a0, a1 = (start, end) if end > start else (start, start + 1)
            b0, b1 = (e.start, e.end) if e.end > e.start else (e.start, e.start + 1)
            if a0 < b1 + m and b0 < a1 + m:
                return False
        return True

    def add(self, edit: Edit) -> bool:
        if not self.free(edit.start, edit.end, edit.margin):
            return False
        self.edits.append(edit)
        return True

    def render(self) -> tuple[str, Gold]:
        edits = sorted(self.edits, key=lambda e: (e.start, e.end))
        out, expected, gold = [], [], Gold()
        pos, length = 0, 0
        for e in edits:
            out.append(self.base[pos:e.start]); expected.append(self.base[pos:e.start])
            length += e.start - pos
            for g in e.golds:
                item = {"type": g.type, "code_family": g.family, "start": length + g.rel_start,
                        "end": length + g.rel_end, "fixable": g.fixable, "variant": e.variant}
                if g.fixable and g.replacement is not None:
                    item["expected_replacement"] = g.replacement
                gold.append(item)
            out.append(e.new)
            expected.append(self.base[e.start:e.end] if e.fixable else e.new)
            length += len(e.new)
            pos = e.end
        out.append(self.base[pos:]); expected.append(self.base[pos:])
        gold.sort(key=lambda g: (g["start"], g["end"]))
        gold.expected_text = "".join(expected)
        gold.all_fixable = all(e.fixable for e in edits)
        return "".join(out), gold


# --- helpers ------------------------------------------------------------------------------


def _choose(rng: random.Random, plan: Plan, candidates: list, build: Callable, tries: int = 30) -> bool:
    """Try candidates in random order until one yields an edit that fits."""
    if not candidates:
        return False
    order = list(candidates)
    rng.shuffle(order)
    for cand in order[:tries]:
        edit = build(cand)
        if edit is not None and plan.add(edit):
            return True
    return False


def _line_bounds(text: str, i: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, i) + 1
    e = text.find("\n", i)
    return s, len(text) if e < 0 else e


def _mid_sentence_points(text: str, min_before: int = 20, min_after: int = 6) -> list[int]:
    """Points between two Han characters inside a long prose line, with clause marks before."""
    pts = []
    for m in re.finditer(f"(?<=[{HAN}])(?=[{HAN}])", text):
        i = m.start()
        s, e = _line_bounds(text, i)
        before = text[s:i]
        if len(before) >= min_before and e - i >= min_after and any(c in before for c in "，。、；"):
            pts.append(i)
    return pts


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Pure-Han clauses of lo..hi characters between clause marks."""
    return [(m.start(), m.end()) for m in re.finditer(f"(?<=[，。；：、\n])[{HAN}]{{{lo},{hi}}}(?=[，。；：、])", text)]


def _paragraph_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(f"(?m)^(?=[{HAN}0-9（])", text) if m.start() > 0]


@cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def report_year(text: str) -> int | None:
    m = re.search(r"(20\d\d)年", text[:200])
    return int(m.group(1)) if m else None


# --- encoding -----------------------------------------------------------------------------


def _mojibake(s: str, how: str) -> str | None:
    """Re-encode s wrongly; None unless the round trip restores s exactly (or is meant to be lossy)."""
    try:
        if how == "utf8_as_gbk":
            bad = s.encode("utf-8").decode("gbk")
            back = bad.encode("gbk").decode("utf-8")
        elif how == "utf8_as_gb18030":
            bad = s.encode("utf-8").decode("gb18030")
            back = bad.encode("gb18030").decode("utf-8")
        elif how == "utf8_as_cp1252":
            bad = s.encode("utf-8").decode("cp1252")
            back = bad.encode("cp1252").decode("utf-8")
        elif how == "utf8_as_latin1":
            bad = s.encode("utf-8").decode("latin-1")
            back = bad.encode("latin-1").decode("utf-8")
        elif how == "gbk_as_latin1":
            bad = s.encode("gbk").decode("latin-1")
            back = bad.encode("latin-1").decode("gbk")
        elif how == "utf8_as_gbk_lossy":
            bad = s.encode("utf-8").decode("gbk", errors="replace")
            return None if re.search("[\ue000-\uf8ff]", bad) else bad if "\ufffd" in bad and bad.count("\ufffd") <= 2 else None
        else:
            raise ValueError(how)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if back != s or bad == s or "\n" in bad or re.search("[\ue000-\uf8ff]", bad):
        return None  # private-use characters: the decoder's own invention, not seen on real pages
    return bad


MOJIBAKE = {"dev": ["utf8_as_gbk", "gbk_as_latin1"],
            "heldout": ["utf8_as_gb18030", "utf8_as_cp1252", "utf8_as_latin1", "utf8_as_gbk_lossy"]}


def enc_mojibake(plan: Plan, rng: random.Random, v: Variants) -> bool:
    how = rng.choice(MOJIBAKE[v.style])
    text = plan.base

    def build(span):
        s, e = span
        if how == "gbk_as_latin1" and text[e] in "：，":
            e += 1  # `友情提示：` -> `ÓÑÇéÌáÊ¾£º`: the mark goes along
        bad = _mojibake(text[s:e], how)
        if bad is None:
            return None
        fixable = how != "utf8_as_gbk_lossy"
        return Edit(s, e, bad, [GoldItem("encoding", "encoding.mojibake", 0, len(bad), fixable, text[s:e])], how)

    return _choose(rng, plan, _clauses(text, 4, 10), build, tries=60)


def enc_lost(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    kind = rng.choice(["fffd", "kunjinkao", "question"] if v.style == "dev" else ["fffd1", "kunjinkao2", "question_line"])
    if kind == "question_line":  # `? ? ? 2024年` at a paragraph start (seed 002)
        def build(i):
            new = "? ? ? "
            return Edit(i, i, new, [GoldItem("encoding", "encoding.lost", 0, 5, False)], kind)
        return _choose(rng, plan, _paragraph_starts(text), build)
    n = {"fffd": rng.randint(1, 3), "fffd1": rng.randint(2, 3), "kunjinkao": 2, "kunjinkao2": 4,
         "question": rng.randint(2, 3)}[kind]
    new = {"fffd": "\ufffd" * n, "fffd1": "\ufffd", "kunjinkao": "锟斤拷", "kunjinkao2": "锟斤拷锟斤拷",
           "question": "?" * n}[kind]

    def build(i):
        if not all(HAN_RE.match(c) for c in text[i:i + n]):
            return None
        return Edit(i, i + n, new, [GoldItem("encoding", "encoding.lost", 0, len(new), False)], kind)

    return _choose(rng, plan, _mid_sentence_points(text, 8, n + 3), build)


def enc_html(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    if rng.random() < 0.5:  # tags
        tag = rng.choice(v.tags)
        if "…" in tag:  # wrap a clause
            open_, close = tag.split("…")

            def build(span):
                s, e = span
                new = open_ + text[s:e] + close
                return Edit(s, e, new, [GoldItem("encoding", "encoding.html", 0, len(open_), True, ""),
                                        GoldItem("encoding", "encoding.html", len(new) - len(close), len(new), True, "")],
                            "tag_wrap")
            return _choose(rng, plan, _clauses(text, 4, 12), build)
        if tag == "<p>":
            def build(i):
                s, e = _line_bounds(text, i)
                # `<p>` at the start of a paragraph and `</p>` at its end: two edits, both fit or neither
                a = Edit(s, s, "<p>", [GoldItem("encoding", "encoding.html", 0, 3, True, "")], "tag_p")
                b = Edit(e, e, "</p>", [GoldItem("encoding", "encoding.html", 0, 4, True, "")], "tag_p")
                if plan.free(a.start, a.end) and plan.free(b.start, b.end) and e > s + 1:
                    plan.edits.append(a)
                    return b
                return None
            return _choose(rng, plan, _paragraph_starts(text), build)

        def build(i):  # `<br>` at a line end
            return Edit(i, i, tag, [GoldItem("encoding", "encoding.html", 0, len(tag), True, "")], "tag_br")
        return _choose(rng, plan, [m.start() for m in re.finditer("(?<=[。：])\n", text)], build)
    # entities
    kind = rng.choice(["nbsp_indent", "named_quotes"] if v.style == "dev" else ["hex_han", "dec_mark", "emsp_indent"])
    if kind in ("nbsp_indent", "emsp_indent"):
        ent = "&nbsp;" if kind == "nbsp_indent" else "&emsp;"

        def build(i):
            new = ent * rng.randint(1, 4)
            return Edit(i, i, new, [GoldItem("encoding", "encoding.html", 0, len(new), True, "")], kind)
        return _choose(rng, plan, _paragraph_starts(text), build)
    if kind == "named_quotes":
        def build(m):
            s, e = m.span()
            inner = text[s + 1:e - 1]
            new = "&ldquo;" + inner + "&rdquo;"
            return Edit(s, e, new, [GoldItem("encoding", "encoding.html", 0, 7, True, "“"),
                                    GoldItem("encoding", "encoding.html", len(new) - 7, len(new), True, "”")], kind)
        return _choose(rng, plan, list(re.finditer("“[^“”\n]{1,12}”", text)), build)
    if kind == "hex_han":
        def build(i):
            ch = text[i]
            new = f"&#x{ord(ch):X};" if rng.random() < 0.5 else f"&#x{ord(ch):x};"
            return Edit(i, i + 1, new, [GoldItem("encoding", "encoding.html", 0, len(new), True, ch)], kind)
        return _choose(rng, plan, _mid_sentence_points(text, 8, 3), build)

    def build(m):  # decimal entity for a mark
        ch = m.group()
        new = f"&#{ord(ch)};"
        return Edit(m.start(), m.end(), new, [GoldItem("encoding", "encoding.html", 0, len(new), True, ch)], kind)
    return _choose(rng, plan, list(re.finditer(f"(?<=[{HAN}])[。，](?=[{HAN}])", text)), build)


def enc_docx(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    marker = rng.choice(v.docx)
    points = _paragraph_starts(text) if marker.startswith("[bookmark: _GoBack") else (
        _paragraph_starts(text) + [m.start() for m in re.finditer("(?<=。)(?=[\u4e00-\u9fff])", text)])

    def build(i):
        return Edit(i, i, marker, [GoldItem("encoding", "encoding.docx", 0, len(marker), True, "")], marker)
    return _choose(rng, plan, points, build)


def enc_invisible(plan: Plan, rng: random.Random, v: Variants) -> bool:
    ch = rng.choice(v.invisible)

    def build(i):
        return Edit(i, i, ch, [GoldItem("encoding", "encoding.invisible", 0, 1, True, "")], f"U+{ord(ch):04X}")
    return _choose(rng, plan, _mid_sentence_points(plan.base, 4, 3), build)


def enc_broken_line(plan: Plan, rng: random.Random, v: Variants) -> bool:
    brk = rng.choice(v.breaks)

    def build(i):
        return Edit(i, i, brk, [GoldItem("encoding", "encoding.broken_line", 0, len(brk), True, "")], repr(brk))
    return _choose(rng, plan, _mid_sentence_points(plan.base, 20, 8), build)


# --- punctuation --------------------------------------------------------------------------

ASCII = {"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "？": "?", "！": "!"}


def punct_ascii_mark(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    if v.style == "dev":
        mark = rng.choice(["，", "：", "（"])
        trail = ""
    else:
        mark = rng.choice(["；", "，", "：", "？", "！"])
        trail = " " if mark in "，：" else ""
    if mark == "（":
        def build(m):
            s, e = m.span()
            new = "(" + text[s + 1:e - 1] + ")"
            return Edit(s, e, new, [GoldItem("punctuation", "punctuation.ascii_mark", 0, 1, True, "（"),
                                    GoldItem("punctuation", "punctuation.ascii_mark", len(new) - 1, len(new), True, "）")],
                        "parentheses")
        return _choose(rng, plan, list(re.finditer(r"（[^（）\n]{1,20}）", text)), build)

    def build(m):
        new = ASCII[mark] + trail
        return Edit(m.start(), m.end(), new,
                    [GoldItem("punctuation", "punctuation.ascii_mark", 0, len(new), True, mark)], repr(new))
    cands = list(re.finditer(f"(?<=[{HAN}”》）]){mark}(?=[{HAN}“《])" if mark not in "：" else f"(?<=[{HAN}]){mark}", text))
    return _choose(rng, plan, cands, build)


def punct_nfkc_fold(plan: Plan, rng: random.Random, v: Variants) -> bool:
    """Whole-document NFKC folding of `，：；（）！？` (`。、“”《》` survive), as many scraped copies."""
    text = plan.base
    start = 0
    if v.style == "heldout":  # only the body from some paragraph on was folded
        starts = _paragraph_starts(text)
        start = rng.choice(starts[: max(1, len(starts) // 2)]) if starts else 0
    marks = [m for m in re.finditer("[，：；（）！？]", text) if m.start() >= start]
    if not marks or not all(plan.free(m.start(), m.end(), 0) for m in marks):
        return False
    for m in marks:
        plan.edits.append(Edit(m.start(), m.end(), ASCII[m.group()],
                               [GoldItem("punctuation", "punctuation.nfkc_fold", 0, 1, True, m.group())],
                               "nfkc_full" if start == 0 else "nfkc_body", margin=0))
    return True


def punct_period(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    if v.style == "dev":
        new, pattern = ".", f"(?<=[{HAN}])。(?=[{HAN}])"
    else:
        new, pattern = rng.choice([("．", f"(?<=[{HAN}])。(?=[{HAN}])"), (".", f"(?<=[{HAN}])。(?=\n)")])

    def build(m):
        return Edit(m.start(), m.end(), new, [GoldItem("punctuation", "punctuation.period", 0, 1, True, "。")], repr(new))
    return _choose(rng, plan, list(re.finditer(pattern, text)), build)


def _to_fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def punct_fullwidth_alnum(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    if v.style == "dev":
        cands = list(re.finditer(f"(?<=[{HAN}])\\d{{2,5}}(?=[{HAN}])", text))
    else:
        cands = list(re.finditer(f"(?<=[{HAN}“])(?:[A-Za-z]{{2,8}}|\\d+\\.\\d+)(?=[{HAN}”%])", text))

    def build(m):
        new = _to_fullwidth(m.group())
        return Edit(m.start(), m.end(), new,
                    [GoldItem("punctuation", "punctuation.fullwidth_alnum", 0, len(new), True, m.group())], "fullwidth")
    return _choose(rng, plan, cands, build)


def punct_unbalanced(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    kind = "drop_open" if v.style == "dev" else rng.choice(["drop_close", "mismatch"])

    def build(m):
        s, e = m.span()
        inner = text[s + 1:e - 1]
        new = {"drop_open": inner + "”", "drop_close": "“" + inner, "mismatch": "“" + inner + "“"}[kind]
        return Edit(s, e, new, [GoldItem("punctuation", "punctuation.unbalanced", 0, len(new), False)], kind)
    # a quote pair followed by a Han character, so that a dropped closer is not at a line end
    return _choose(rng, plan, list(re.finditer(f"(?<![”])“[^“”\n]{{2,10}}”(?=[{HAN}])", text)), build)


def punct_doubled(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    kinds = [("，", "，，"), ("、", "、、")] if v.style == "dev" else [("。", "。、"), ("；", "；；"), ("。", "。。")]
    mark, new = rng.choice(kinds)

    def build(m):
        return Edit(m.start(), m.end(), new, [GoldItem("punctuation", "punctuation.doubled", 0, 2, True, mark)], new)
    return _choose(rng, plan, list(re.finditer(f"(?<=[{HAN}]){mark}(?=[{HAN}])", text)), build)


# --- year ---------------------------------------------------------------------------------


def _other_year(rng: random.Random, year: int, v: Variants) -> int:
    return year - 1 if v.style == "dev" else rng.choice([year - 2, year + 1])


def _year_edit(s: int, year_str: str, family: str, variant: str) -> Edit:
    return Edit(s, s + 4, year_str, [GoldItem("year", family, 0, 4, False)], variant)


def year_body(plan: Plan, rng: random.Random, v: Variants) -> bool:
    """The opening sentence's or the `现将…报告如下` sentence's year changed."""
    text, ry = plan.base, report_year(plan.base)
    if ry is None:
        return False
    title_end = text.find("\n")
    cands = [m.start(1) for m in re.finditer(f"(?m)^({ry})年[，,]", text) if m.start() > title_end][:1]
    cands += [m.start(1) for m in re.finditer(f"现将[^。\n]{{0,30}}?({ry})年", text)]

    def build(s):
        return _year_edit(s, str(_other_year(rng, ry, v)), "year.body", "opening" if text[s - 1] == "\n" else "xianjiang")
    return _choose(rng, plan, cands, build)


def year_cn_numeral(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text, ry = plan.base, report_year(plan.base)
    if ry is None:
        return False
    title_end = text.find("\n")
    digits = CN_NUM if v.style == "dev" else CN_NUM_HELDOUT
    cands = [m.start(1) for m in re.finditer(f"(?m)^({ry})年[，,]", text) if m.start() > title_end][:1]

    def build(s):
        y = str(_other_year(rng, ry, v))
        return _year_edit(s, "".join(digits[int(c)] for c in y), "year.cn_numeral", "cn_" + v.style)
    return _choose(rng, plan, cands, build)


def year_plan(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text, ry = plan.base, report_year(plan.base)
    if ry is None:
        return False
    cands = [m.start(1) for m in re.finditer(
        f"(?m)^(?:[一二三四五六七八九十]+、)?[^\n。]{{0,4}}({ry + 1})年(?:度)?[^\n。]{{0,20}}(?:打算|计划|思路|安排)", text)]
    cands += [m.start(1) for m in re.finditer(f"(?m)^({ry + 1})年，[^\n]{{0,20}}将", text)]

    def build(s):
        y = ry if v.style == "dev" else ry + 2
        return _year_edit(s, str(y), "year.plan", "plan_" + ("same" if y == ry else "plus2"))
    return _choose(rng, plan, cands, build)


def year_range(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text, ry = plan.base, report_year(plan.base)
    if ry is None:
        return False

    def build(m):
        s, e = m.span()
        new = f"（{ry}-{ry}年）" if v.style == "dev" else f"（{m.group(2)}—{m.group(1)}年）"
        if new == m.group():
            return None
        return Edit(s, e, new, [GoldItem("year", "year.range", 0, len(new), False)],
                    "range_same" if v.style == "dev" else "range_reversed")
    return _choose(rng, plan, list(re.finditer(r"（(20\d\d)[—\-－–](20\d\d)年）", text)), build)


# --- injection ----------------------------------------------------------------------------


def _trad_gold(phrase: str, rel: int) -> list[GoldItem]:
    """A spam phrase in traditional characters is also a script issue (not the fix: removal wins)."""
    if _opencc("t2s").convert(phrase) != phrase:
        return [GoldItem("script", "script.traditional", rel, rel + len(phrase), False)]
    return []


def inj_spam(plan: Plan, rng: random.Random, v: Variants) -> bool:
    phrase, sep = rng.choice(v.spam), rng.choice(v.spam_sep)
    new = phrase + sep

    def build(i):
        return Edit(i, i, new, [GoldItem("injection", "injection.spam", 0, len(new), True, "")] + _trad_gold(phrase, 0),
                    phrase)
    return _choose(rng, plan, _mid_sentence_points(plan.base, 6, 6), build)


def inj_spam_header(plan: Plan, rng: random.Random, v: Variants) -> bool:
    phrases = rng.sample(v.spam, min(len(v.spam), rng.randint(6, 12)))
    sep = rng.choice(v.header_sep)
    line = sep.join(phrases)
    golds = [GoldItem("injection", "injection.spam_header", 0, len(line) + 1, True, "")]
    pos = 0
    for p in phrases:  # traditional phrases are script issues too (removal of the line wins)
        golds += _trad_gold(p, pos)
        pos += len(p) + len(sep)
    return plan.add(Edit(0, 0, line + "\n", golds, "header"))


def inj_chrome(plan: Plan, rng: random.Random, v: Variants) -> bool:
    at_start = rng.random() < 0.5
    if v.chrome_lines:
        pool = (v.chrome_start if at_start else v.chrome_end)[0]
        picked = sorted(rng.sample(range(len(pool)), rng.randint(1, v.chrome_lines)))
        lines = [pool[i] for i in picked]
    else:
        lines = rng.choice(v.chrome_start if at_start else v.chrome_end)
    block = "\n\n".join(lines)
    text = plan.base
    if at_start:
        return plan.add(Edit(0, 0, block + "\n\n", [GoldItem("injection", "injection.chrome", 0, len(block) + 2, True, "")],
                             "chrome_start"))
    end = len(text.rstrip("\n"))
    return plan.add(Edit(end, end, "\n\n" + block, [GoldItem("injection", "injection.chrome", 0, 2 + len(block), True, "")],
                         "chrome_end"))


def inj_preamble(plan: Plan, rng: random.Random, v: Variants) -> bool:
    line = rng.choice(v.preamble)
    if v.preamble_at_end and rng.random() < v.preamble_at_end:  # a paywall line after the text
        end = len(plan.base.rstrip("\n"))
        return plan.add(Edit(end, end, "\n\n" + line, [GoldItem("injection", "injection.preamble", 0, len(line) + 2, True, "")],
                             "paywall_end"))
    return plan.add(Edit(0, 0, line + "\n\n", [GoldItem("injection", "injection.preamble", 0, len(line) + 2, True, "")],
                         "preamble"))


def inj_off_topic(plan: Plan, rng: random.Random, v: Variants) -> bool:
    """A fluent sentence from another topic inserted between two sentences of a paragraph."""
    if not v.off_topic:
        return False
    sentence = rng.choice(v.off_topic)
    text = plan.base
    points = [m.end() for m in re.finditer(f"(?<=[{HAN}”）])。(?=[{HAN}“（])", text)]

    def build(i):
        s, _ = _line_bounds(text, i)
        if i - s < 15:
            return None
        return Edit(i, i, sentence, [GoldItem("injection", "injection.off_topic", 0, len(sentence), True, "")], "off_topic")
    return _choose(rng, plan, points, build)


# --- script -------------------------------------------------------------------------------


def script_traditional(plan: Plan, rng: random.Random, v: Variants) -> bool:
    text = plan.base
    config = "s2t" if v.style == "dev" else rng.choice(["s2tw", "s2hk"])
    cc = _opencc(config)
    n = rng.randint(2, 6)

    def build(i):
        run = text[i:i + n]
        if len(run) < n or not all(HAN_RE.match(c) for c in run):
            return None
        new = cc.convert(run)
        if len(new) != len(run) or sum(a != b for a, b in zip(new, run)) < 2:
            return None
        return Edit(i, i + n, new, [GoldItem("script", "script.traditional", 0, n, True, run)], config)
    return _choose(rng, plan, [m.start() for m in re.finditer(f"[{HAN}]", text)], build, tries=200)


FAMILIES: dict[str, Callable[[Plan, random.Random, Variants], bool]] = {
    "encoding.mojibake": enc_mojibake,
    "encoding.lost": enc_lost,
    "encoding.html": enc_html,
    "encoding.docx": enc_docx,
    "encoding.invisible": enc_invisible,
    "encoding.broken_line": enc_broken_line,
    "punctuation.ascii_mark": punct_ascii_mark,
    "punctuation.nfkc_fold": punct_nfkc_fold,
    "punctuation.period": punct_period,
    "punctuation.fullwidth_alnum": punct_fullwidth_alnum,
    "punctuation.unbalanced": punct_unbalanced,
    "punctuation.doubled": punct_doubled,
    "year.body": year_body,
    "year.plan": year_plan,
    "year.range": year_range,
    "year.cn_numeral": year_cn_numeral,
    "injection.spam": inj_spam,
    "injection.spam_header": inj_spam_header,
    "injection.chrome": inj_chrome,
    "injection.preamble": inj_preamble,
    "injection.off_topic": inj_off_topic,
    "script.traditional": script_traditional,
}
# NFKC folding floods a document with gold marks; it is drawn rarely and first.
WEIGHTS = {name: 1.0 for name in FAMILIES} | {"punctuation.nfkc_fold": 0.25, "injection.spam": 2.0,
                                               "encoding.mojibake": 2.0, "punctuation.ascii_mark": 2.0}


def corrupt(base_text: str, rng: random.Random, variants: Variants | str, *, k: int | None = None,
            families: list[str] | None = None) -> tuple[str, Gold]:
    """Apply k corruptions (default 2-6) of distinct families at non-overlapping places.

    Returns `(corrupted_text, gold)`; see the module docstring for `gold`. With k=0 the
    document is returned untouched (a negative) and the gold list is empty.
    """
    v = VARIANTS[variants] if isinstance(variants, str) else variants
    plan = Plan(base_text)
    if families is None:
        k = rng.randint(2, 6) if k is None else k
        # families without variants in this pool are not drawn (keeps dev/held-out draws as they were)
        names = [n for n in FAMILIES if n != "injection.off_topic" or v.off_topic]
        weights = WEIGHTS | v.weights
        chosen: list[str] = []
        while len(chosen) < k and len(chosen) < len(names):
            pick = rng.choices(names, weights=[0 if n in chosen else weights[n] for n in names])[0]
            chosen.append(pick)
        families = chosen
    # whole-document transforms first, so that local ones find their places around them
    families = sorted(families, key=lambda f: f != "punctuation.nfkc_fold")
    for name in families:
        FAMILIES[name](plan, rng, v)
    return plan.render()
