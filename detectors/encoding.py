"""Encoding damage: mojibake, lost characters, markup and invisible residue, broken lines."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache

import ftfy
import opencc
import regex

from .chardata import COMMON_MARKS, INVISIBLE, common_share, gb2312_level1, is_han
from .context import Context
from .types import Issue, make_issue

# --- patterns, compiled once -------------------------------------------------------------

# Runs of non-ASCII, non-space characters: the only places UTF-8-read-as-GBK can hide,
# because every byte of a multi-byte UTF-8 sequence is >= 0x80.
NON_ASCII_RUN = regex.compile(r"[^\x00-\x7f\s]{3,}")
# Latin-1 / cp1252 look: at least two characters of U+0080..U+00FF in a run.
# (This and CONTROL are classes of plain characters: the standard `re` means the same by
# them and scans for them several times faster.)
LATIN_RUN = re.compile(r"(?:[\u0080-\u00ff\u02b0-\u02ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]){2,}")
REPLACEMENT_RUN = regex.compile(r"\ufffd+")
KNOWN_GARBAGE = regex.compile(r"(?:锟斤拷)+|烫{3,}|屯{3,}")
# `?` standing for lost characters: two or more in a row (spaces between allowed), or one
# alone on its line, or one at a line start before a space.
LOST_QUESTION = regex.compile(r"(?:\?[ \t]*){2,}(?<![ \t])|(?m:^[ \t]*\?[ \t]*$)|(?m:^\?(?=[ \t]))")
HTML_ENTITY = regex.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,9}|#\d{2,7}|#[xX][0-9a-fA-F]{2,6});")
# What may stand before text on a line and still be indentation.
INDENT = regex.compile(r"(?:&(?:nbsp|ensp|emsp|thinsp|#160|#8194|#8195|#12288|#x3000|#xa0);|[ \t\u3000\xa0])*")
HTML_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>\n]{0,300})?/?>")
DOCX_MARKER = regex.compile(r"\[(?:bookmark|image|footnoteRef|endnoteRef|commentRef|comment|annotation|textbox)\b[^\]\n]{0,200}\]", regex.I)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + INVISIBLE + r"]+")
IDEOGRAPHIC_INDENT = regex.compile(r"(?m)^\u3000+")
# Two years fused where the dash between them was lost: （20212025年）.
FUSED_YEARS = regex.compile(r"(?<=[（(])((?:19|20)\d\d)((?:19|20)\d\d)(?=年?[)）])")
# Long digit runs fused into a date: 统计期限为2025111231日.
FUSED_DATE = regex.compile(r"(?<!\d)(?:19|20)\d{6,}(?=[日月])")
# A page number printed into the text where a page ended mid-sentence: 来电-1-\n和来办事人员.
PAGE_MARKER = regex.compile(r"(?<=\p{Han})[ \t]*\n*[ \t]*(?:[-－—]\s*\d{1,3}\s*[-－—]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)[ \t]*\n+[ \t]*(?=\p{Han})")
# A chunk number left where a document was split mid-sentence: 生产总值\n\n2、7.1亿元.
CHUNK_MARKER = regex.compile(r"(?<=\p{Han})[ \t]*\n+[ \t]*\d{1,3}、(?=\d)")
# Han characters spaced out one by one (法 治 政 府), from justified layouts.
SPACED_HAN = regex.compile(r"\p{Han}(?:[ \u3000]\p{Han}){3,}")
# An e-mail address whose @ was lost: zhangsan163.com.
LOST_AT = regex.compile(r"(?<![\w.@/])([A-Za-z0-9][A-Za-z0-9._-]{1,30}?)((?:qq|163|126|yeah|sina|sohu|gmail|hotmail|outlook|foxmail|139)\.(?:com|cn|net)(?:\.cn)?)\b")
# A line that opens a heading or list item; a break before it is a real break.
HEADING_START = regex.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十\d]+[章节条部分])")
SENTENCE_END = "。！？；：…”’）】》!?;:"
# A line break between two Han characters, perhaps with blank lines and spaces around.
BROKEN_LINE = regex.compile(r"(?<=\p{Han})[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=\p{Han})")

# --- cues: cheap tests that every match of a pattern above implies ------------------------
# Most reports hold none of what these patterns look for, and scanning a report for a
# character class or a lookbehind costs far more than a substring test or a scan for a
# pattern that opens with one literal character, which both `re` and `regex` do fast.
# Where the cue finds nothing, the pattern is not run (see `_finditer`).

# A control, invisible or Latin-1 character: CONTROL and LATIN_RUN (whose matches the
# detector keeps only with two characters of U+00A0..U+00FF) find nothing without one.
# (`re`: the class is plain characters, and `re` scans for it much faster.)
RARE_CHAR_CUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff" + INVISIBLE + "]")
KNOWN_GARBAGE_CUES = ("锟斤拷", "烫烫烫", "屯屯屯")
FUSED_YEARS_CUES = (regex.compile(r"\((?:19|20)\d\d(?:19|20)"), regex.compile(r"（(?:19|20)\d\d(?:19|20)"))
FUSED_DATE_CUES = (regex.compile(r"日(?<=\d{8}日)"), regex.compile(r"月(?<=\d{8}月)"))
PAGE_MARKER_CUE = regex.compile(r"\n(?<=[-－—页][ \t]*\n)")
CHUNK_MARKER_CUE = regex.compile(r"\n[ \t]*\d{1,3}、")
SPACED_HAN_CUE = regex.compile(r"[ \u3000](?<=\p{Han}.)(?=\p{Han})")
LOST_AT_CUE = regex.compile(r"\.(?:com|cn|net)")


@cache
def _suspect_window() -> re.Pattern:
    """Three or more characters outside common Han and marks, with at most one ordinary
    character between them: where mojibake can sit inside otherwise good prose."""
    common = "".join(sorted(gb2312_level1())) + COMMON_MARKS
    # Full-width letters and digits (U+FF01..FF5E) are a punctuation matter, not mojibake.
    suspect = "[^\\x00-\\x7f\\s\\uff01-\\uff5e" + re.escape(common) + "]"
    # The standard `re` compiles this 3,800-character class into a bitmap and scans a
    # 10 KB report in microseconds; the `regex` module took milliseconds. (For these
    # classes `\\s` means the same in both: Unicode White_Space, i.e. str.isspace.)
    return re.compile(f"{suspect}(?:{suspect}|[^\\x00-\\x7f\\s](?={suspect})){{2,}}")


# Ways Chinese bytes get decoded with the wrong codec: (code, shown as, really).
# UTF-8 shown as GBK is by far the most common; Big5 and GBK confuse each other too.
MISDECODINGS = (
    ("utf8_as_gbk", "gb18030", "utf-8"),
    ("big5_as_gbk", "gbk", "big5"),
    ("gbk_as_big5", "big5", "gbk"),
)


def repair_misdecoded(run: str, shown_as: str = "gb18030", really: str = "utf-8") -> tuple[int, int, str] | None:
    """Find the part of a run that is `really`-encoded bytes shown as `shown_as`, and
    decode it properly.

    Returns (start, end, repaired) within the run. Real mojibake has often lost bytes
    (the decoder dropped what it could not map), so the decode tolerates a few invalid
    sequences and marks them U+FFFD. It tries the whole run, then with up to two
    characters trimmed from either end.

    >>> repair_misdecoded("杩涘叆绗洓闃舵")[2][:2]  # bytes lost: only a partial repair
    '进入'
    >>> repair_misdecoded("娉曟不鏀垮簻")
    (0, 6, '法治政府')
    >>> repair_misdecoded("法治政府建设") is None
    True
    >>> repair_misdecoded("楊笥淉葬膘扢馱釬", "big5", "gbk")  # GBK bytes shown as Big5
    (0, 8, '法治政府建设工作')
    """
    n = len(run)
    best = None
    for trim_end in range(0, 3):
        for trim_start in range(0, 3):
            start, end = trim_start, n - trim_end
            if end - start < 3:
                continue
            piece = run[start:end]
            try:
                # U+FFFD in the mojibake is a byte the decoder gave up on: 0xFF stands in
                # for it, which neither UTF-8 nor Big5 nor GBK starts a character with.
                raw = b"\xff".join(part.encode(shown_as) for part in piece.split("\ufffd"))
            except UnicodeEncodeError:
                continue
            decoded = _merge_replacements(raw.decode(really, errors="replace"))
            lost = decoded.count("\ufffd")
            kept = decoded.replace("\ufffd", "")
            if len(kept) < 2 or lost * 3 > len(decoded):
                continue
            score = _plausibility(kept)
            if score >= 0.7 and score > _plausibility(piece) + 0.3:
                # Lossless beats lossy; a lossless piece whose repair begins and ends on
                # common characters beats one that took good prose in at an edge (镇 -> 淜);
                # then the piece that recovers the most characters, with the fewest losses.
                edges = 0 if lost else (not _is_common(decoded[0])) + (not _is_common(decoded[-1]))
                key = (lost > 0, edges, -len(kept), lost, end - start)
                if best is None or key < best[0]:
                    best = (key, (start, end, decoded))
    return best[1] if best else None


def _is_common(ch: str) -> bool:
    return ch in gb2312_level1() or ch in COMMON_MARKS


def _plausibility(text: str) -> float:
    """Common-character share, in simplified or (folded to simplified) traditional form."""
    return max(common_share(text), common_share(_to_simplified().convert(text)))


@cache
def _to_simplified():
    return opencc.OpenCC("t2s")


def _merge_replacements(text: str) -> str:
    """One U+FFFD per lost character, not one per invalid byte."""
    return regex.sub("\ufffd+", "\ufffd", text)


def repair_latin(run: str) -> tuple[str, str] | None:
    """Repair a Latin-1/cp1252-looking run: UTF-8 via ftfy, else GBK bytes read as Latin-1.

    >>> repair_latin("æ³•æ²»")
    ('utf8_as_latin1', '法治')
    >>> repair_latin("ÓÑÇéÌáÊ¾£º")
    ('gbk_as_latin1', '友情提示：')
    >>> repair_latin("ÓÑÇéÌáʾ£º")  # bytes lost where Ê¾ became one character
    ('gbk_as_latin1', '友情提\ufffd：')
    """
    fixed = ftfy.fix_encoding(run)
    if fixed != run and any(is_han(c) for c in fixed):
        return "utf8_as_latin1", fixed
    for codec in ("latin-1", "cp1252"):
        # A character no single-byte codec has (U+02BE where Ê¾ stood) marks lost bytes:
        # encode it as 0xFF, which no GBK sequence uses, so it decodes as U+FFFD.
        raw = run.encode(codec, errors="replace").replace(b"?", b"\xff")
        decoded = _merge_replacements(raw.decode("gb18030", errors="replace"))
        kept = decoded.replace("\ufffd", "")
        if len(kept) >= 2 and decoded.count("\ufffd") * 3 <= len(decoded) and common_share(kept) >= 0.6:
            return "gbk_as_latin1", decoded
    return None


# A title or a salutation: a line that stands alone even without a closing mark.
STANDALONE = regex.compile(r"(?:报告|通知|总结|意见|方案|要点|决定|情况|办法)\s*$|[:：]\s*$")


def _stands_alone(line: str) -> bool:
    return "。" not in line and bool(STANDALONE.search(line))


def _is_heading(line: str) -> bool:
    """A numbered heading: `（一）加强组织领导`; a numbered item that runs on as prose is not.
    Markup residue before the number does not hide it."""
    if "<" in line:  # every HTML_TAG opens with <, every DOCX_MARKER with [
        line = HTML_TAG.sub("", line)
    if "[" in line:
        line = DOCX_MARKER.sub("", line)
    return bool(HEADING_START.match(line)) and "。" not in line


def _finditer(pattern: re.Pattern | regex.Pattern, text: str, *cues) -> Iterator:
    """pattern.finditer(text), or nothing at once if none of the cues (substrings or
    patterns, each implied by every match of pattern) is in the text."""
    if any(cue in text if isinstance(cue, str) else cue.search(text) for cue in cues):
        return pattern.finditer(text)
    return iter(())


def _in_run(ch: str) -> bool:
    """A character NON_ASCII_RUN takes in: non-ASCII and not a space."""
    return ch > "\x7f" and not ch.isspace()


class EncodingDetector:
    name = "encoding"

    def detect(self, text: str, context: Context) -> list[Issue]:
        issues: list[Issue] = []
        issues += self._mojibake(text)
        # Later detectors leave mojibake alone: its characters are not the author's.
        context.facts["mojibake_spans"] = [(i.start, i.end) for i in issues]
        issues += self._lost(text)
        issues += self._residue(text)
        joins = self._broken_lines(text) + self._layout(text)
        # Later detectors read a paragraph across the breaks that will be joined.
        context.facts["joined_breaks"] = [(i.start, i.end) for i in joins if i.replacement == "" and "\n" in i.excerpt]
        return issues + joins

    # -- mojibake ------------------------------------------------------------------------

    def _mojibake(self, text: str) -> list[Issue]:
        issues = []
        for run_start, run_end in self._misdecoded_candidates(text):
            for code, shown_as, really in MISDECODINGS:
                found = repair_misdecoded(text[run_start:run_end], shown_as, really)
                if found:
                    break
            if found:
                s, e, repaired = found
                lossless = "\ufffd" not in repaired
                names = f"{really.upper()} bytes were decoded as {shown_as.upper()}"
                issues.append(make_issue(
                    text, "encoding", f"encoding.{code}", run_start + s, run_start + e,
                    message=f"{names}; re-decoded" if lossless
                    else f"{names} and some were lost; partial repair suggested",
                    severity="error", confidence=0.95 if lossless else 0.75,
                    replacement=repaired, apply=lossless))
        for m in _finditer(LATIN_RUN, text, RARE_CHAR_CUE):
            if sum(1 for c in m.group() if "\u00a0" <= c <= "\u00ff") < 2:
                continue
            found = repair_latin(m.group())
            if found:
                kind, repaired = found
                lossless = "\ufffd" not in repaired
                issues.append(make_issue(
                    text, "encoding", f"encoding.{kind}", m.start(), m.end(),
                    message=f"{'UTF-8' if kind.startswith('utf8') else 'GBK'} bytes were decoded as Latin-1; re-decoded"
                    + ("" if lossless else " (some bytes lost; partial repair suggested)"),
                    severity="error", confidence=0.9 if lossless else 0.7, replacement=repaired, apply=lossless))
        return issues

    @staticmethod
    def _misdecoded_candidates(text: str) -> list[tuple[int, int]]:
        """Where to try a re-decode: suspect windows grown by two characters
        on each side within their non-ASCII run (the repair trims what does not belong)."""
        spans = []
        # A window never crosses an ASCII or space character, so it lies inside one
        # non-ASCII run (NON_ASCII_RUN): scanning the whole text finds the same windows
        # as scanning run by run, and the run's edges are found by looking two characters out.
        for w in _suspect_window().finditer(text):
            start, end = w.start(), w.end()
            for _ in range(2):
                if start > 0 and _in_run(text[start - 1]):
                    start -= 1
                if end < len(text) and _in_run(text[end]):
                    end += 1
            if spans and start < spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    # -- characters lost for good --------------------------------------------------------

    def _lost(self, text: str) -> list[Issue]:
        issues = []
        for m in REPLACEMENT_RUN.finditer(text):
            issues.append(make_issue(
                text, "encoding", "encoding.replacement_char", m.start(), m.end(),
                message=f"{m.end() - m.start()} character(s) lost in decoding (U+FFFD)", severity="error", confidence=0.99))
        for m in _finditer(KNOWN_GARBAGE, text, *KNOWN_GARBAGE_CUES):
            issues.append(make_issue(
                text, "encoding", "encoding.lost_bytes", m.start(), m.end(),
                message="bytes lost by a double decoding (锟斤拷/烫烫烫)", severity="error", confidence=0.99))
        for m in _finditer(LOST_QUESTION, text, "?"):
            if not m.group().strip():
                continue
            issues.append(make_issue(
                text, "encoding", "encoding.lost_question_marks", m.start(), m.end(),
                message="question marks standing for characters lost in conversion", severity="error", confidence=0.85))
        for m in _finditer(FUSED_YEARS, text, *FUSED_YEARS_CUES):
            a, b = int(m.group(1)), int(m.group(2))
            if b >= a:
                issues.append(make_issue(
                    text, "encoding", "encoding.lost_between_digits", m.start(), m.end(),
                    message="two years fused: the dash between them was lost", severity="warning", confidence=0.8,
                    replacement=f"{a}—{b}", apply=False))
        for m in _finditer(FUSED_DATE, text, *FUSED_DATE_CUES):
            issues.append(make_issue(
                text, "encoding", "encoding.lost_between_digits", m.start(), m.end(),
                message="digits of a date fused: 年/月/至 between them were lost", severity="warning", confidence=0.7))
        return issues

    # -- residue of markup and export ----------------------------------------------------

    def _residue(self, text: str) -> list[Issue]:
        issues = []
        for m in HTML_ENTITY.finditer(text):
            decoded = html.unescape(m.group())
            if decoded.isspace():
                # &nbsp; &emsp; …: indentation at a line start, a plain space elsewhere.
                before = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
                decoded = "" if INDENT.fullmatch(before) else " "
            if decoded != m.group():
                issues.append(make_issue(
                    text, "encoding", "encoding.html_entity", m.start(), m.end(),
                    message="HTML entity left in text", confidence=0.95, replacement=decoded))
        for m in HTML_TAG.finditer(text):
            issues.append(make_issue(
                text, "encoding", "encoding.html_tag", m.start(), m.end(),
                message="HTML tag left in text", confidence=0.9, replacement=""))
        for m in DOCX_MARKER.finditer(text):
            issues.append(make_issue(
                text, "encoding", "encoding.docx_residue", m.start(), m.end(),
                message=".docx export marker left in text", confidence=0.98, replacement=""))
        for m in _finditer(CONTROL, text, RARE_CHAR_CUE):
            issues.append(make_issue(
                text, "encoding", "encoding.control_char", m.start(), m.end(),
                message="control or zero-width characters", severity="info", confidence=0.95, replacement="",
                detail={"codepoints": [f"U+{ord(c):04X}" for c in m.group()[:20]]}))
        for m in IDEOGRAPHIC_INDENT.finditer(text):
            issues.append(make_issue(
                text, "encoding", "encoding.ideographic_indent", m.start(), m.end(),
                message="U+3000 spaces used as indentation", severity="info", confidence=0.9, replacement=""))
        return issues

    # -- page layout left in the text ----------------------------------------------------

    def _layout(self, text: str) -> list[Issue]:
        issues = []
        for m in _finditer(PAGE_MARKER, text, PAGE_MARKER_CUE):
            issues.append(make_issue(
                text, "encoding", "encoding.page_marker", m.start(), m.end(),
                message="page number printed inside a sentence; removed and the sentence joined",
                confidence=0.85, replacement=""))
        for m in _finditer(CHUNK_MARKER, text, CHUNK_MARKER_CUE):
            issues.append(make_issue(
                text, "encoding", "encoding.chunk_marker", m.start(), m.end(),
                message="chunk number left where the text was split mid-sentence", confidence=0.75, replacement=""))
        for m in _finditer(SPACED_HAN, text, SPACED_HAN_CUE):
            issues.append(make_issue(
                text, "encoding", "encoding.spaced_characters", m.start(), m.end(),
                message="characters spaced out one by one; spaces removed", severity="info", confidence=0.8,
                replacement=regex.sub(r"[ \u3000]", "", m.group())))
        for m in _finditer(LOST_AT, text, LOST_AT_CUE):
            if m.group(1).lower() in ("www", "mail", "http", "https"):
                continue
            issues.append(make_issue(
                text, "encoding", "encoding.lost_at_sign", m.start(), m.end(),
                message="e-mail address whose @ was lost", confidence=0.7,
                replacement=f"{m.group(1)}@{m.group(2)}", apply=False))
        return issues

    # -- line breaks inside a word -------------------------------------------------------

    def _broken_lines(self, text: str) -> list[Issue]:
        """A break between two Han characters in the middle of a sentence: `会\\n\\n议制度`.

        The line before must read as running prose (long, with clause marks, not a
        heading), end without a sentence mark, and the line after must not open a heading.
        """
        issues = []
        for m in BROKEN_LINE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            previous = text[line_start:m.start()]
            next_end = text.find("\n", m.end())
            following = text[m.end(): next_end if next_end >= 0 else len(text)]
            # (the cheap test first: a short line or one without clause marks is no prose)
            if len(previous) < 20 or not any(c in previous for c in "，。、；"):
                continue
            if _is_heading(previous) or _is_heading(following) or _stands_alone(previous) or _stands_alone(following):
                continue
            issues.append(make_issue(
                text, "encoding", "encoding.broken_line", m.start(), m.end(),
                message="line break inside a sentence; lines joined", confidence=0.85, replacement="",
                detail={"before": previous[-10:], "after": following[:10]}))
        return issues
