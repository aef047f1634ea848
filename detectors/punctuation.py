"""Punctuation of Chinese running text per GB/T 15834-2011."""
from __future__ import annotations

import re
import unicodedata

import regex

from .chardata import (
    ASCII_MARK_CODES,
    ASCII_TO_FULLWIDTH,
    CLAUSE_MARK_STRENGTH,
    CLOSERS,
    OPENERS,
    is_chinese_context_char,
    line_spans,
)
from .context import Context
from .spans import SpanSet
from .types import Issue, make_issue

# Plain character classes go to the standard `re`, which scans them faster than `regex`
# (and means the same by them).
ASCII_MARKS = re.compile(r"[,;:?!]")
PAREN = re.compile(r"[()]")
# Every match of ASCII_MARKS, PAREN and SENTENCE_PERIOD opens with one of these: a line
# without any holds no ASCII mark to convert.
ASCII_MARK_CANDIDATE = re.compile(r"[,;:?!().．]")
# (The Han character before is looked at after the period is found: `regex` scans for
# a pattern that opens with two characters much faster than for one opening with \p{Han}.)
SENTENCE_PERIOD = regex.compile(r"[.．](?<=\p{Han}[.．])(?=\p{Han}|[ \t]*(?:\n|$))")
# Full-width letters and digits, with a full-width decimal point or percent inside a number.
# (Spelt `XX*` rather than `X+`: `re` finds a pattern opening with a single class faster.)
FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ][０-９Ａ-Ｚａ-ｚ]*(?:[．.][０-９]+)*％?")
DOUBLED = re.compile(r"[，,、；;。][，,、；;。]+")
STRAIGHT_QUOTE = regex.compile(r'"')
# A quotation opened with one kind of mark and closed with another: '两个确保“ or “两个维护'.
MIXED_QUOTES = regex.compile(r"""(?:['"](?=\p{Han})([^'"“”‘’\n]{1,20}?)[“”]|[“](\p{Han}[^'"“”‘’\n]{0,19}?)['"](?![A-Za-z0-9]))""")
# Where ASCII marks are not punctuation: URLs, e-mail addresses, HTML entities.
URLISH = regex.compile(r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|&#?[A-Za-z0-9]{2,10};")
URLISH_CUES = ("://", "www.", "@", "&")
# The marks that _unbalanced pairs: everything else on a line is skipped at once.
PAIRED_MARK = re.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS)) + "]")
# Marks that survive NFKC folding; their presence beside ASCII clause marks is the signature.
NFKC_SURVIVORS = "。、“”《》"
FULLWIDTH_FOLDABLE = "，：；（）！？"
CHINESE_NUMERAL_ITEM = regex.compile(r"^[ \t]*[一二三四五六七八九十]+$")


def _neighbours(text: str, i: int, line_start: int, line_end: int) -> tuple[str, str]:
    """The nearest non-space characters before and after position i on its line."""
    j = i - 1
    while j >= line_start and text[j] in " \t":
        j -= 1
    k = i + 1
    while k < line_end and text[k] in " \t":
        k += 1
    return (text[j] if j >= line_start else ""), (text[k] if k < line_end else "")


def _protected_spans(text: str) -> SpanSet:
    # Every URLISH match holds one of these; most reports hold none, and the scan for an
    # e-mail address is slow on long runs of word characters.
    if not any(cue in text for cue in URLISH_CUES):
        return SpanSet()
    return SpanSet(m.span() for m in URLISH.finditer(text))


class PunctuationDetector:
    name = "punctuation"

    def detect(self, text: str, context: Context) -> list[Issue]:
        protected = _protected_spans(text)
        mixed = self._mixed_quotes(text)
        covered = {i for x in mixed for i in (x.start, x.end - 1)}
        quotes = mixed + self._straight_quotes(text, covered)
        # ASCII marks are decided beside the quotes as the cleaned text will have them
        # (`,""，` reads `,“”，`: the comma is then in a Chinese sentence), or cleaning
        # the result again would find the mark; each quote is one character for one.
        curly = {i: x.replacement[i - x.start] for x in quotes if x.replacement for i in (x.start, x.end - 1)}
        marks = self._ascii_marks_to_fixpoint(_replace_chars(text, curly) if curly else text, protected)
        view = _replace_chars(text, dict(marks)) if marks else text
        folded = self._nfkc_folded(text, marks)
        confidence = 0.95 if folded else 0.85
        issues = [
            make_issue(text, "punctuation", ASCII_MARK_CODES.get(text[i], "punctuation.fullwidth_period"), i, _after_spaces(text, i),
                       message=f"{text[i]!r} in a Chinese sentence; GB/T 15834 wants {repl!r}",
                       confidence=confidence, replacement=repl)
            for i, repl in marks
        ]
        if folded:
            context.facts["nfkc_folded"] = True
            issues.append(folded)
        issues += self._fullwidth_alnum(text)
        issues += quotes
        issues += self._doubled(text, view)
        issues += self._unbalanced(view, text, covered, SpanSet(context.facts.get("joined_breaks", [])))
        # Mojibake is the encoding detector's: its "marks" are bytes, not punctuation.
        mojibake = context.facts.get("mojibake_spans", [])
        return [x for x in issues if not any(s <= x.start and x.end <= e for s, e in mojibake)]

    def _ascii_marks_to_fixpoint(self, text: str, protected) -> list[tuple[int, str]]:
        """Find ASCII marks in Chinese context, again and again on a view where the marks
        found so far are already full-width, so that `,,:` style chains are decided as the
        cleaned text will read them (each replacement is one character for one)."""
        marks: dict[int, str] = {}
        view = text
        while True:
            new = dict(self._ascii_marks(view, protected))
            if not new:
                return sorted(marks.items())
            marks.update(new)
            view = _replace_chars(view, new)

    # -- ASCII marks in Chinese sentences -----------------------------------------------

    def _ascii_marks(self, text: str, protected: SpanSet) -> list[tuple[int, str]]:
        found: dict[int, str] = {}
        for line_start, line_end in _lines_holding(text, ASCII_MARK_CANDIDATE):
            for m in ASCII_MARKS.finditer(text, line_start, line_end):
                i = m.start()
                if protected.covers(i):
                    continue
                before, after = _neighbours(text, i, line_start, line_end)
                mark = text[i]
                if before.isdigit() and after.isdigit() and mark in ",:":
                    continue  # 1,000 and 12:30
                if mark in "?!" and not is_chinese_context_char(before):
                    continue
                if is_chinese_context_char(before) or is_chinese_context_char(after):
                    found[i] = ASCII_TO_FULLWIDTH[mark]
            found.update(self._parentheses(text, line_start, line_end, protected))
            for m in SENTENCE_PERIOD.finditer(text, line_start, line_end):
                if not CHINESE_NUMERAL_ITEM.match(text[line_start:m.start()]):
                    found[m.start()] = "。"
        return sorted(found.items())

    def _parentheses(self, text: str, start: int, end: int, protected) -> dict[int, str]:
        """Pairs `(…)` whose content or surroundings are Chinese become `（…）`; lone ones too."""
        found: dict[int, str] = {}
        stack: list[int] = []
        pairs: list[tuple[int, int]] = []
        lone: list[int] = []
        for m in PAREN.finditer(text, start, end):
            if protected.covers(m.start()):
                continue
            if m.group() == "(":
                stack.append(m.start())
            elif stack:
                pairs.append((stack.pop(), m.start()))
            else:
                lone.append(m.start())
        lone += stack
        for o, c in pairs:
            inner = text[o + 1:c]
            before, _ = _neighbours(text, o, start, end)
            _, after = _neighbours(text, c, start, end)
            if any(is_chinese_context_char(ch) for ch in inner) or is_chinese_context_char(before) or is_chinese_context_char(after):
                found[o], found[c] = "（", "）"
        for i in lone:
            before, after = _neighbours(text, i, start, end)
            if is_chinese_context_char(before) or is_chinese_context_char(after):
                found[i] = ASCII_TO_FULLWIDTH[text[i]]
        return found

    def _nfkc_folded(self, text: str, marks: list[tuple[int, str]]) -> Issue | None:
        """The document-level signature of NFKC folding: ASCII `,:;()` in Chinese sentences
        while `。、“”《》`, which NFKC leaves alone, survive."""
        ascii_marks = [i for i, r in marks if r in FULLWIDTH_FOLDABLE]
        if len(ascii_marks) < 5:
            return None  # too few to be a signature: spare counting the marks
        fullwidth = sum(text.count(c) for c in FULLWIDTH_FOLDABLE)
        survivors = sum(text.count(c) for c in NFKC_SURVIVORS)
        if len(ascii_marks) >= 4 * fullwidth and survivors >= 3:
            first = ascii_marks[0]
            return make_issue(
                text, "punctuation", "punctuation.nfkc_folded", first, first + 1,
                message="document was NFKC-folded: full-width ，：；（）！？ became ASCII while 。、“”《》 survived; restored mark by mark",
                confidence=0.95,
                detail={"ascii_marks": len(ascii_marks), "fullwidth_marks": fullwidth, "survivors": survivors})
        return None

    # -- other forms ---------------------------------------------------------------------

    def _fullwidth_alnum(self, text: str) -> list[Issue]:
        return [
            make_issue(text, "punctuation", "punctuation.fullwidth_alnum", m.start(), m.end(),
                       message="full-width letters or digits; GB/T 15834 wants half-width",
                       confidence=0.9, replacement=unicodedata.normalize("NFKC", m.group()))
            for m in FULLWIDTH_ALNUM.finditer(text)
        ]

    def _mixed_quotes(self, text: str) -> list[Issue]:
        """A quotation whose marks are of two kinds becomes “…” as a whole."""
        issues = []
        if "'" not in text and '"' not in text:
            return issues  # every match holds a straight quote, and most reports have none
        for m in MIXED_QUOTES.finditer(text):
            inner = m.group(1) if m.group(1) is not None else m.group(2)
            issues.append(make_issue(
                text, "punctuation", "punctuation.mismatched_quotes", m.start(), m.end(),
                message="quotation opened and closed with different kinds of marks", confidence=0.75,
                replacement=f"“{inner}”"))
        return issues

    def _straight_quotes(self, text: str, covered: set[int]) -> list[Issue]:
        """Straight double quotes in a Chinese line become “…”, paired in order of appearance."""
        issues = []
        if '"' not in text:
            return issues
        for start, end in line_spans(text):
            quotes = [m.start() for m in STRAIGHT_QUOTE.finditer(text, start, end) if m.start() not in covered]
            if not quotes or not any(is_chinese_context_char(c) for c in text[start:end]):
                continue
            if len(quotes) % 2:
                issues.append(make_issue(
                    text, "punctuation", "punctuation.unbalanced_quote", quotes[-1], quotes[-1] + 1,
                    message="odd number of straight quotes on this line; not converted", confidence=0.7))
                continue
            for n, i in enumerate(quotes):
                issues.append(make_issue(
                    text, "punctuation", "punctuation.straight_quote", i, i + 1,
                    message="straight quote in Chinese text", confidence=0.8,
                    replacement="“" if n % 2 == 0 else "”"))
        return issues

    def _doubled(self, text: str, view: str) -> list[Issue]:
        """Two clause marks in a row (`,；` `。、` `、、`) in Chinese text: the stronger stays."""
        issues = []
        for m in DOUBLED.finditer(view):
            if all(c in ",;" for c in m.group()):
                continue  # still ASCII in the view: not a Chinese sentence
            marks = [ASCII_TO_FULLWIDTH.get(c, c) for c in m.group()]
            strongest = max(marks, key=lambda c: CLAUSE_MARK_STRENGTH[c])
            issues.append(make_issue(
                text, "punctuation", "punctuation.doubled_mark", m.start(), m.end(),
                message=f"doubled punctuation {text[m.start():m.end()]!r}; kept {strongest!r}",
                confidence=0.85, replacement=strongest))
        return issues

    def _unbalanced(self, view: str, text: str, covered: set[int], joined: SpanSet) -> list[Issue]:
        """Quotes and brackets that do not pair within a paragraph (a line, read across the
        breaks that encoding joins), on the view where Chinese ASCII brackets are already
        full-width (a folded document reads the same)."""
        issues = []
        stack: list[int] = []
        paragraph_end = -1
        for m in PAIRED_MARK.finditer(view):
            i = m.start()
            if i > paragraph_end:  # the first mark of a paragraph: the last one's openers stay unpaired
                issues += [self._unpaired(text, j, "opening") for j in stack]
                stack = []
                paragraph_end = _paragraph_end(view, i, joined)
            ch = view[i]
            if i in covered:
                continue
            if ch in OPENERS:
                stack.append(i)
            elif ch in CLOSERS:
                if stack and view[stack[-1]] == CLOSERS[ch]:
                    stack.pop()
                elif stack and view[stack[-1]] in OPENERS and CLOSERS[ch] != view[stack[-1]] and ch not in "”’":
                    issues.append(self._unpaired(text, i, "mismatched"))
                    stack.pop()
                else:
                    issues.append(self._unpaired(text, i, "closing"))
        issues += [self._unpaired(text, j, "opening") for j in stack]
        return issues

    def _unpaired(self, text: str, i: int, kind: str) -> Issue:
        quote = text[i] in "“”‘’"
        code = "punctuation.unbalanced_quote" if quote else "punctuation.unbalanced_bracket"
        if kind == "mismatched":
            code = "punctuation.mismatched_pair"
        return make_issue(text, "punctuation", code, i, i + 1,
                          message=f"{kind} {text[i]!r} without its partner on this line", confidence=0.75)


def _after_spaces(text: str, i: int) -> int:
    """End of a mark's span: full-width marks carry their own spacing, so spaces typed
    after an ASCII mark go with it (`, 提升` -> `，提升`).

    >>> _after_spaces("年, 提升", 1), _after_spaces("年。 提升", 1)
    (3, 2)
    """
    end = i + 1
    if text[i] in ",;:?!)":
        while end < len(text) and text[end] in " \t":
            end += 1
    return end


def _replace_chars(text: str, replacements: dict[int, str]) -> str:
    """text with the character at each position replaced (a few in a long text).

    >>> _replace_chars("a,b,c", {3: "，", 1: "，"})
    'a，b，c'
    """
    pieces, last = [], 0
    for i in sorted(replacements):
        pieces += [text[last:i], replacements[i]]
        last = i + 1
    pieces.append(text[last:])
    return "".join(pieces)


def _paragraph_end(text: str, i: int, joined: SpanSet) -> int:
    r"""Where the paragraph holding position i ends: at the first line break from i on
    that is not inside a span in `joined` (the breaks that encoding joins), or the end.

    >>> _paragraph_end("ab\ncd\ne", 0, SpanSet()), _paragraph_end("ab\ncd\ne", 0, SpanSet([(1, 4)]))
    (2, 5)
    """
    p = text.find("\n", i)
    while p >= 0 and joined.covers(p):
        p = text.find("\n", p + 1)
    return p if p >= 0 else len(text)


def _lines_holding(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    r"""The lines, as `line_spans` gives them, that hold a match of `pattern` (which must
    never match a line break): the others have nothing to look at.

    >>> _lines_holding("a,b\ncd\n,", re.compile(","))
    [(0, 3), (7, 8)]
    """
    spans: list[tuple[int, int]] = []
    m = pattern.search(text)
    while m:
        i = m.start()
        end = text.find("\n", i)
        end = end if end >= 0 else len(text)
        spans.append((text.rfind("\n", 0, i) + 1, end))
        m = pattern.search(text, end)  # on from the next line
    return spans
