"""Paragraph spans for boilerplate matching, in offsets of the original text.

Scraped and converted reports break paragraphs in the middle of a word (`会\n\n议制度`),
so a paragraph is a block of lines after such broken wraps are joined.  A line
continues into the next non-blank line when it does not end a sentence and neither it
nor the next line looks like a heading.  Only blocks with at least MIN_HAN Han
characters count: headings and short lines are formulas every report shares
(`一、基本情况`) and would make every pair of documents look related.
"""

import regex

MIN_HAN = 20

# Marks after which a line is complete.  ASCII forms too: many scraped copies are
# NFKC-folded (`；：！？` became ASCII while `。”` survived).
_FINAL = "。！？；：…”!?;:"
# Sentence marks that, inside a line, show it is running text and not a heading.
_SENTENCE_INSIDE = regex.compile(r"[。！？!?；;]")
# Clause punctuation: a short line without any of it is a title or a label.
_CLAUSE = regex.compile(r"[，,。；;！!？?、]")
# Enumerators that open a heading: 一、 （一） (一) 1. 1、 （1） 第一章/节/条/部分.
_ENUMERATOR = regex.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d+(?:\.\d+)*[、．.](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节条部分篇])"
)
_TITLE_MAX_CHARS = 40
# Matches (anchored at a block's start) when the block holds at least MIN_HAN Han
# characters: one C call that stops at the MIN_HAN-th, instead of listing them all.
_ENOUGH_HAN = regex.compile(r"(?:\P{Han}*+\p{Han}){%d}" % MIN_HAN)
_LINE = regex.compile(r"[^\r\n]*")


def looks_like_heading(line: str) -> bool:
    """An enumerated line of one sentence at most, or a short line without punctuation.

    >>> looks_like_heading("（一）强化学习，加强宣传，全面贯彻习近平法治思想")
    True
    >>> looks_like_heading("1.依法履行行政职能。健全完善重大事项决策制度、会")
    False
    >>> looks_like_heading("关于2023年度法治政府建设情况的报告")
    True
    """
    line = line.strip()
    if _ENUMERATOR.match(line) and not _SENTENCE_INSIDE.search(line[:-1]):
        return True
    return len(line) <= _TITLE_MAX_CHARS and not _CLAUSE.search(line)


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, without their surrounding whitespace."""
    spans = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) code-point spans of the paragraphs of `text`.

    >>> t = "一、依法行政\\n\\n1.依法履行行政职能。健全完善重大事项决策制度、会\\n\\n议制度等制度，在行使重大决策中及时征求意见。"
    >>> [t[s:e] for s, e in split_paragraphs(t)]
    ['1.依法履行行政职能。健全完善重大事项决策制度、会\\n\\n议制度等制度，在行使重大决策中及时征求意见。']
    """
    lines = _lines(text)
    heading = [looks_like_heading(text[s:e]) for s, e in lines]
    blocks: list[tuple[int, int, bool]] = []  # start, end, is a lone heading
    i = 0
    while i < len(lines):
        start, end = lines[i]
        lone_heading = heading[i]
        while (
            i + 1 < len(lines)
            and not heading[i]
            and not heading[i + 1]
            and text[end - 1] not in _FINAL
        ):
            i += 1
            end = lines[i][1]
        blocks.append((start, end, lone_heading))
        i += 1
    return [
        (start, end)
        for start, end, lone_heading in blocks
        if not lone_heading and _ENOUGH_HAN.match(text, start, end)
    ]
