"""Character classes and tables used by several detectors, each entry with why it is here."""
from __future__ import annotations

from functools import cache

import regex

# Han ideographs of any block; the one test for "Chinese" that all detectors share.
HAN = r"\p{Han}"
HAN_RE = regex.compile(HAN)

# Full-width marks of GB/T 15834-2011 that only occur in Chinese running text: a neighbour
# of one of these is Chinese context even when it is not itself a Han character.
CJK_PUNCT = "，。、；：？！“”‘’（）【】〔〕《》〈〉…—～·「」『』"

# ASCII marks and the full-width forms GB/T 15834 asks for in Chinese sentences.
ASCII_TO_FULLWIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
}

# Codes per ASCII mark, stable for counting.
ASCII_MARK_CODES = {
    ",": "punctuation.ascii_comma",
    ";": "punctuation.ascii_semicolon",
    ":": "punctuation.ascii_colon",
    "?": "punctuation.ascii_question",
    "!": "punctuation.ascii_exclamation",
    "(": "punctuation.ascii_parenthesis",
    ")": "punctuation.ascii_parenthesis",
    ".": "punctuation.ascii_period",
}

# Marks that end or split a clause; two in a row are a chunking or typing slip. Ranked by
# strength so that the stronger survives when a doubled pair is collapsed.
CLAUSE_MARK_STRENGTH = {"。": 5, "？": 5, "！": 5, "；": 4, "：": 3, "，": 2, "、": 1}

# Pairs that must balance within a paragraph (quotes and brackets of GB/T 15834).
OPENERS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "〔": "〕", "〈": "〉"}
CLOSERS = {v: k for k, v in OPENERS.items()}

# Invisible characters that scraping and .docx export leave behind; none carries meaning
# in running Chinese text. (U+FEFF inside a text is a stray BOM.)
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Chinese numerals as used in years: 二〇二三 / 二零二三.
CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def is_han(ch: str) -> bool:
    return bool(ch) and HAN_RE.match(ch) is not None


def is_chinese_context_char(ch: str) -> bool:
    """A Han character or a full-width Chinese mark.

    >>> is_chinese_context_char("镇"), is_chinese_context_char("。"), is_chinese_context_char("a")
    (True, True, False)
    """
    return bool(ch) and (ch in CJK_PUNCT or HAN_RE.match(ch) is not None)


def chinese_year(numerals: str) -> int | None:
    """Read a four-digit year written in Chinese numerals.

    >>> chinese_year("二〇二三"), chinese_year("二零二四"), chinese_year("二三")
    (2023, 2024, None)
    """
    if len(numerals) != 4 or any(c not in CN_DIGITS for c in numerals):
        return None
    return int("".join(str(CN_DIGITS[c]) for c in numerals))


# Marks as common in Chinese prose as the common characters.
COMMON_MARKS = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·"


@cache
def gb2312_level1() -> frozenset[str]:
    """The 3,755 most common Han characters (GB2312 level 1, rows 0xB0-0xD7).

    Mojibake of UTF-8 read as GBK is made mostly of rarer characters; real Chinese prose
    mostly of these. The share of them is our cheap plausibility score.
    """
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


COMMON_MARKS = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·"


def common_share(text: str) -> float:
    """Share of characters that are common Han or Chinese marks (0 for empty text).

    >>> common_share("法治政府"), common_share("娉曟不鏀垮簻") < 0.5
    (1.0, True)
    """
    if not text:
        return 0.0
    common = gb2312_level1()
    good = sum(1 for ch in text if ch in common or ch in COMMON_MARKS)
    return good / len(text)


def line_spans(text: str) -> list[tuple[int, int]]:
    r"""(start, end) of every line, without its line break; a trailing break gives an empty
    last line, as str.split does.

    >>> line_spans("ab\n\nc")
    [(0, 2), (3, 3), (4, 5)]
    """
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans
