"""Years that frame the report and disagree with its title."""
from __future__ import annotations

import regex

from .chardata import chinese_year, line_spans
from .context import Context
from .types import Issue, make_issue

# (full-width digits too: a title typed as `２０２０年` still names the report year)
CENTURY = r"(?:19|20|１９|２０)"
YEAR = regex.compile(rf"(?<!\d)({CENTURY}\d\d|[二〇零○一三四五六七八九]{{4}})(?=\s*年)")
TITLE_WORDS = regex.compile(r"报告|总结|情况|工作要点|述职")
REPORT_AS_FOLLOWS = regex.compile(r"现将[^。\n]{0,60}?(?:报告|汇报|总结)如下")
HEADING = regex.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
PLAN_WORDS = regex.compile(r"工作打算|工作思路|工作计划|工作安排|工作设想|下一步|明年|下一年")
SAME_YEAR_WORDS = regex.compile(r"存在|不足|问题|成效|举措|情况|履行|主要工作|开展")
RANGE = regex.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-—–－~～至到]\s*((?:19|20)\d\d)(?!\d)")
# A mention inside a book title or a document number is a citation, never framing.
CITATION = regex.compile(r"《[^》\n]*》|〔\d{4}〕")
# A year that opens the report's first paragraph frames it (`2022年，在县委…`); one later
# in the sentence (`针对2022年度…评议`) is a citation of another year's work.
OPENING_YEAR = regex.compile(rf"^[\s?？�]*(?:今年|在)?({CENTURY}\d\d|[二〇零○一三四五六七八九]{{4}})年度?(?:[，,、]|以来|是|在|我|全|来)")


def year_value(token: str) -> int | None:
    """Read a year token in Arabic or Chinese numerals.

    >>> year_value("2023"), year_value("二〇二三")
    (2023, 2023)
    """
    return int(token) if token.isdigit() else chinese_year(token)


def _years(text: str, start: int, end: int):
    """Years in text[start:end] outside citations: (position, end, value)."""
    if text.find("年", start, end) < 0:
        return  # every YEAR match is followed by 年 within the range: most lines hold none
    cited = [m.span() for m in CITATION.finditer(text, start, end)]
    for m in YEAR.finditer(text, start, end):
        if any(s <= m.start() < e for s, e in cited):
            continue
        value = year_value(m.group(1))
        if value:
            yield m.start(1), m.end(1), value


class YearDetector:
    name = "year"
    suggests_only = True  # a year is reported (with the expected one), never changed

    def detect(self, text: str, context: Context) -> list[Issue]:
        lines = line_spans(text)
        title_line = self._title_line(text, lines)
        body_lines = lines[title_line + 1:] if title_line is not None else lines
        # Where the framing years are does not depend on the report year: found once, they
        # serve both the vote (without a title, body_lines are all lines) and the checks.
        mentions = list(self._framing(text, body_lines))
        report_year, source = self._report_year(text, lines, title_line, mentions, context)
        issues = self._impossible_ranges(text)
        if report_year is None:
            return issues
        context.facts["report_year"] = report_year
        expect = lambda found, expected, code, why, span: make_issue(  # noqa: E731
            text, "year", code, span[0], span[1],
            message=f"{why} {found}, but the report is on {report_year}" + (f" (expected {expected})" if expected != report_year else ""),
            severity="warning", confidence=0.85,
            replacement=str(expected) if text[span[0]].isdigit() else None, apply=False,
            detail={"expected": expected, "found": found, "report_year": report_year, "report_year_from": source})

        checked: set[int] = set()
        for start, end, value, offset, code, why in mentions:
            expected = report_year + offset
            if value != expected and start not in checked:
                checked.add(start)
                issues.append(expect(value, expected, code, why, (start, end)))
        issues += self._published(text, context, report_year)
        return issues

    # -- where the report year comes from ----------------------------------------------

    def _report_year(self, text, lines, title, mentions, context) -> tuple[int | None, str]:
        """The report year and where it came from."""
        if context.year:
            return context.year, "request"
        if title is not None:
            return next(v for _, _, v in _years(text, *lines[title])), "title"
        return self._vote(text, mentions), "framing"

    def _vote(self, text, mentions) -> int | None:
        """Without a title, the year that most framing places agree on (the `现将…报告如下`
        year wins a tie): one slip in the framing must not make the rest look wrong."""
        stated = [v for m in REPORT_AS_FOLLOWS.finditer(text) for _, _, v in list(_years(text, m.start(), m.end()))[:1]]
        candidates = {v - offset for _, _, v, offset, _, _ in mentions}
        if not candidates:
            return None

        def disagreements(year: int) -> int:
            return sum(v != year + offset for _, _, v, offset, _, _ in mentions)

        return min(sorted(candidates), key=lambda y: (disagreements(y), y not in stated))

    @staticmethod
    def _title_line(text, lines) -> int | None:
        """A short line near the top naming a report and a year."""
        seen = 0
        for i, (start, end) in enumerate(lines):
            line = text[start:end]
            if not line.strip():
                continue
            seen += 1
            if seen > 6:
                break
            if ">" in line or "位置" in line or len(line) > 80:  # breadcrumbs and body lines are not titles
                continue
            if TITLE_WORDS.search(line) and any(_years(text, start, end)):
                return i
        return None

    # -- the places that frame the report ------------------------------------------------

    def _framing(self, text, lines):
        """(start, end, found, offset, code, why) for each framing year mention in the
        lines after the title: the year expected there is the report year + offset."""
        in_plan = False
        opening_done = False
        for start, end in lines:
            line = text[start:end]
            stripped = line.strip()
            if not stripped:
                continue
            if HEADING.match(line) and "。" not in line:
                in_plan = bool(PLAN_WORDS.search(line))
                for s, e, v in list(_years(text, start, end))[:1]:
                    if in_plan:
                        yield s, e, v, 1, "year.plan_year_mismatch", "next year's plan names"
                    elif SAME_YEAR_WORDS.search(line):
                        yield s, e, v, 0, "year.heading_year_mismatch", "a section heading names"
                continue
            if len(stripped) >= 30 and not opening_done and any(c in line for c in "。，,"):
                opening_done = True
                if m := OPENING_YEAR.match(line):
                    v = year_value(m.group(1))
                    yield start + m.start(1), start + m.end(1), v, 0, "year.body_year_mismatch", "the opening sentence reports on"
            elif in_plan and (m := OPENING_YEAR.match(line)):
                yield start + m.start(1), start + m.end(1), year_value(m.group(1)), 1, "year.plan_year_mismatch", "next year's plan names"
                in_plan = False
            if text.find("现将", start, end) < 0:
                continue  # every REPORT_AS_FOLLOWS match opens with 现将
            for m in REPORT_AS_FOLLOWS.finditer(text, start, end):
                for s, e, v in list(_years(text, m.start(), m.end()))[:1]:
                    yield s, e, v, 0, "year.framing_mismatch", "`现将…报告如下` reports on"

    def _impossible_ranges(self, text: str) -> list[Issue]:
        issues = []
        for m in RANGE.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if b <= a:
                issues.append(make_issue(
                    text, "year", "year.impossible_range", m.start(), m.end(),
                    message=f"year range {a}–{b} ends where it starts or earlier", severity="warning",
                    confidence=0.9, detail={"from": a, "to": b}))
        return issues

    def _published(self, text: str, context: Context, report_year: int) -> list[Issue]:
        published = context.facts.get("published")
        span = context.facts.get("published_span")
        if not published or not span or published >= f"{report_year}-12-01":
            return []
        return [make_issue(
            text, "year", "year.published_before_year_end", span[0], span[1],
            message=f"published {published}, before the {report_year} it reports on had ended",
            severity="warning", confidence=0.7,
            detail={"published": published, "report_year": report_year})]
