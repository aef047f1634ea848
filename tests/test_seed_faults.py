"""Every seed fault listed in DESIGN.md is found, with its span, and fixed where safe."""
from __future__ import annotations

import pytest

from detectors import clean
from tests.seeds import all_seeds, seed


def issues_at(result, text: str, needle: str, type_: str):
    at = text.index(needle)
    return [i for i in result.issues if i.type == type_ and i.start < at + len(needle) and at < i.end]


def test_002_lost_question_marks_reported_not_hidden():
    text = seed("002")
    result = clean(text)
    found = issues_at(result, text, "? ? ?", "encoding")
    assert [i.code for i in found] == ["encoding.lost_question_marks"]
    assert (found[0].start, found[0].end) == (0, 5)
    assert not found[0].fixed and result.text.startswith("? ? ? 2024年，")


def test_003_docx_bookmark_removed():
    text = seed("003")
    result = clean(text)
    (issue,) = issues_at(result, text, "[bookmark: _GoBack]", "encoding")
    assert issue.code == "encoding.docx_residue" and issue.fixed
    assert "[bookmark" not in result.text and "\n积极参加法治培训" in result.text


def test_001_line_break_inside_word_joined():
    text = seed("001")
    result = clean(text)
    (issue,) = issues_at(result, text, "会\n\n议制度", "encoding")
    assert issue.code == "encoding.broken_line" and issue.excerpt == "\n\n"
    assert "健全完善重大事项决策制度、会议制度等制度" in result.text


def test_001_ascii_commas_in_chinese_sentence():
    text = seed("001")
    result = clean(text)
    found = issues_at(result, text, "组长,镇长为副组长,", "punctuation")
    assert [i.code for i in found] == ["punctuation.ascii_comma"] * 2
    assert "成立以镇党委书记为组长，镇长为副组长，分管领导" in result.text


def test_001_doubled_marks_collapsed():
    text = seed("001")
    result = clean(text)
    assert "新战略；以宪法为核心" in result.text
    assert "还有待加强。\n" in result.text


def test_004_lost_opening_quote_reported():
    text = seed("004")
    result = clean(text)
    found = issues_at(result, text, "老带新”“技能练兵”", "punctuation")
    assert "punctuation.unbalanced_quote" in {i.code for i in found}
    assert all(not i.fixed for i in found if i.code == "punctuation.unbalanced_quote")


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_nfkc_folded_documents_diagnosed_and_restored(prefix):
    text = seed(prefix)
    result = clean(text)
    assert sum(i.code == "punctuation.nfkc_folded" for i in result.issues) == 1
    body = result.text
    assert body.count(",") == 0 and body.count("(") == 0 and body.count(";") == 0


def test_002_gambling_spam_removed_sentence_rejoined():
    text = seed("002")
    result = clean(text)
    (issue,) = issues_at(result, text, "皇冠足球比分", "injection")
    assert issue.code == "injection.spam_gambling" and issue.excerpt == "皇冠足球比分:" and issue.fixed
    assert "推动领域建立轻微违法行为免罚情形事项清单" in result.text


def test_004_header_and_footer_chrome_removed_and_metadata_kept():
    text = seed("004")
    result = clean(text)
    for needle in ["无障碍 部门镇街", "您当前的位置: 首页>", "扫一扫在手机打开当前页", "新媒体矩阵", "微博 公开信箱 智能问答"]:
        found = issues_at(result, text, needle, "injection")
        assert found and all(i.fixed for i in found), needle
    assert result.text.startswith("重庆市綦江区司法局2023年法治政府建设情况报告\n\n2023年，")
    assert result.text.endswith("提高矛盾纠纷化解能力和水平。")
    assert result.stats.published == "2024-03-01"


def test_003_body_reports_on_previous_year():
    text = seed("003")
    result = clean(text)
    year_issues = [i for i in result.issues if i.type == "year"]
    assert {(i.code, text[i.start:i.end]) for i in year_issues} == {
        ("year.body_year_mismatch", "2022"),
        ("year.framing_mismatch", "2022"),
    }
    assert all(i.detail["expected"] == 2023 and i.detail["found"] == 2022 for i in year_issues)
    assert all(not i.fixed for i in year_issues)  # which year is wrong is the author's call
    assert result.stats.report_year == 2023


@pytest.mark.parametrize("prefix,year", [("000", 2023), ("001", 2020), ("002", 2024), ("004", 2023)])
def test_legitimate_year_mentions_stay_quiet(prefix, year):
    result = clean(seed(prefix))
    assert result.stats.report_year == year
    assert [i for i in result.issues if i.type == "year"] == []


def test_000_is_clean_prose():
    result = clean(seed("000"))
    assert result.issues == [] and result.text == seed("000")


def test_every_other_line_of_the_seeds_is_kept():
    """Apart from what injection removed, every line's wording survives cleaning: compare the
    Han characters only, since marks are re-punctuated and residue is dropped."""
    import regex

    han = lambda s: "".join(regex.findall(r"\p{Han}", s))  # noqa: E731
    for name, text in all_seeds().items():
        result = clean(text)
        removed = [(i.start, i.end) for i in result.issues if i.fixed and i.type == "injection"]
        cleaned = han(result.text)
        offset = 0
        for line in text.split("\n"):
            kept = "".join(ch for k, ch in enumerate(line, offset) if not any(s <= k < e for s, e in removed))
            offset += len(line) + 1
            assert han(kept) in cleaned, (name, line[:30])
