"""Hand-labelled cases (tests/cases/*.json) and text that must not be flagged (negative.txt).

Each case: {"name", "original", "expected_issues": [{"type", "code", "start", "end", ...}],
"expected_text", "note"?, "compare"?, "forbid_types"?}.

- Every expected issue must be reported: an issue of that `type` whose `code` starts with
  the given code (a full code or a prefix such as "year."), with the span
    - exactly [start, end) (default), or
    - within `tolerance` characters at each end (`"tolerance": n`), or
    - overlapping [start, end) (`"match": "overlap"`), or
    - covering [start, end) together with the other issues of that type and code prefix,
      whitespace aside (`"match": "cover"`), for blocks that may be reported line by line.
- The cleaned text must equal `expected_text`; with `"compare": "lines"` blank lines and
  trailing spaces are not compared (removing a chrome block may or may not take its blank
  lines along).
- `forbid_types`: no issue of these types may be raised at all.
- Each line of negative.txt yields no issue except `boilerplate` (`[year=NNNN] ` before a
  line passes that report year).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for c in data if isinstance(data, list) else [data]:
            c["_file"] = path.name
            cases.append(c)
    return cases


def _load_negative() -> list[tuple[int | None, str]]:
    out = []
    for line in (CASES_DIR / "negative.txt").read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        year = None
        m = re.match(r"\[year=(\d{4})\] ", line)
        if m:
            year, line = int(m.group(1)), line[m.end():]
        out.append((year, line))
    return out


CASES = _load_cases()
NEGATIVE = _load_negative()


def _clean(text: str, **kw):
    from detectors import clean

    return clean(text, **kw)


def _describe(issues, text: str) -> str:
    if not issues:
        return "    (no issues)"
    return "\n".join(
        f"    {i.type:<12}{i.code:<40}[{i.start}, {i.end}) {text[i.start:i.end]!r}"
        f" -> {i.replacement!r}{' (fixed)' if i.fixed else ''}" for i in issues)


def _matches(issue, exp: dict, issues, text: str) -> bool:
    if issue.type != exp["type"] or not issue.code.startswith(exp["code"]):
        return False
    s, e = exp["start"], exp["end"]
    mode = exp.get("match", "exact")
    if mode == "overlap":
        return issue.start < e and s < issue.end if issue.start != issue.end else s <= issue.start <= e
    if mode == "cover":
        return True  # checked over all issues below
    tol = exp.get("tolerance", 0)
    return abs(issue.start - s) <= tol and abs(issue.end - e) <= tol


def _covered(exp: dict, issues, text: str) -> bool:
    spans = [(i.start, i.end) for i in issues if i.type == exp["type"] and i.code.startswith(exp["code"])]
    return all(text[k].isspace() or any(a <= k < b for a, b in spans) for k in range(exp["start"], exp["end"]))


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n") if line.strip())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict) -> None:
    original = case["original"]
    result = _clean(original, doc_id=case["name"])
    issues = list(result.issues)
    report = (f"\n  case {case['name']} ({case['_file']}): {case.get('note', '')}\n  original: {original!r}\n"
              f"  reported:\n{_describe(issues, original)}")
    for exp in case["expected_issues"]:
        found = (_covered(exp, issues, original) if exp.get("match") == "cover"
                 else any(_matches(i, exp, issues, original) for i in issues))
        how = exp.get("match", f"exact±{exp.get('tolerance', 0)}")
        assert found, (f"expected {exp['type']} issue with code {exp['code']}* at [{exp['start']}, {exp['end']}) "
                       f"{original[exp['start']:exp['end']]!r} ({how}) was not reported" + report)
    for t in case.get("forbid_types", []):
        bad = [i for i in issues if i.type == t]
        assert not bad, f"no {t} issue may be raised here, got:\n{_describe(bad, original)}" + report
    got, want = result.text, case["expected_text"]
    if case.get("compare") == "lines":
        got, want = _lines(got), _lines(want)
    assert got == want, f"cleaned text differs\n  expected: {want!r}\n  got:      {got!r}" + report


@pytest.mark.parametrize("year,line", NEGATIVE, ids=[f"neg{n:02d}" for n in range(len(NEGATIVE))])
def test_negative_line(year: int | None, line: str) -> None:
    result = _clean(line, year=year)
    flagged = [i for i in result.issues if i.type != "boilerplate"]
    assert not flagged, f"legitimate text was flagged (year={year}): {line!r}\n{_describe(flagged, line)}"
    assert result.text == line, f"legitimate text was changed: {line!r} -> {result.text!r}"


def test_cases_are_well_formed() -> None:
    assert len(CASES) >= 30 and len(NEGATIVE) >= 40
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for c in CASES:
        for exp in c["expected_issues"]:
            assert 0 <= exp["start"] < exp["end"] <= len(c["original"]), c["name"]
            assert exp["type"] in {"encoding", "punctuation", "injection", "year", "boilerplate", "script"}, c["name"]
            assert exp["code"].startswith(exp["type"] + "."), c["name"]
