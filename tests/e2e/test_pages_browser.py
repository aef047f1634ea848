"""The two pages in headless Chromium against a real `zhclean serve` (see conftest.py)."""
from __future__ import annotations

import json
import re
import urllib.request
from collections import Counter

from .conftest import seed

HOSTILE = "关于2023年工作的报告<img src=x onerror=alert(1)>，<script>alert(2)</script>结束。"


def clean_raw(base: str, body: bytes) -> dict:
    request = urllib.request.Request(f"{base}/v1/clean", data=body, method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.load(r)


def post_json(base: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(f"{base}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.load(r)


def marked_text(page, i: str) -> str:
    """The text under issue i's highlight (its segments, which may nest other issues)."""
    return page.evaluate(
        "i => Array.from(document.querySelectorAll(`#doc [data-i='${i}']`)).map(n => n.textContent).join('')", i)


def test_clean_page_seed_004(page, server, artifacts):
    from playwright.sync_api import expect

    text = seed("004").read_text(encoding="utf-8")
    api = clean_raw(server, text.encode("utf-8"))  # what the page should show, from the API itself
    by_type = Counter(i["type"] for i in api["issues"])
    assert by_type["injection"] >= 2 and by_type["punctuation"] >= 100
    breadcrumb = next(n for n, i in enumerate(api["issues"]) if "您当前的位置" in i["excerpt"])
    assert api["issues"][breadcrumb]["type"] == "injection"

    response = page.goto("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp

    page.fill("#text", text)
    page.click("#clean")
    page.wait_for_selector("#doc .t-injection")
    assert "issues found" in page.text_content("#status")

    # Chrome (injection) and punctuation issues are highlighted where the API says.
    for type_, n in by_type.items():
        assert page.locator(f"#doc [data-first].t-{type_}").count() == n, type_
    issue = api["issues"][breadcrumb]
    assert marked_text(page, str(breadcrumb)) == text[issue["start"]:issue["end"]]  # code point offsets
    assert marked_text(page, str(breadcrumb)).startswith("您当前的位置: 首页>政务公开>")
    chrome = page.locator(f"#doc [data-first][data-i='{breadcrumb}']")
    commas = page.locator("#doc [data-first].t-punctuation", has_text=re.compile("^,$"))
    assert commas.count() >= 100
    assert page.locator("#legend input[data-type=injection]").count() == 1

    # Keyboard: focus shows the code, message, confidence and fix.
    chrome.focus()
    tip = page.locator("#tip")
    expect(tip).to_be_visible()
    for words in (issue["code"], issue["message"], f"{round(issue['confidence'] * 100)}%", "confidence"):
        expect(tip).to_contain_text(words)
    if issue["replacement"] == "" and issue["fixed"]:
        expect(tip).to_contain_text("delete it (applied)")
    page.keyboard.press("n")  # the next issue (in reading order; an enclosing one first)
    nxt = page.evaluate("document.activeElement.dataset.i")
    assert nxt != str(breadcrumb) and api["issues"][int(nxt)]["start"] >= issue["start"]
    expect(tip).to_contain_text(api["issues"][int(nxt)]["code"])
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.dataset.i") == str(breadcrumb)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    # Hover on a comma.
    commas.nth(3).hover()
    expect(tip).to_contain_text("punctuation.ascii_comma")
    expect(tip).to_contain_text("replace with “，” (applied)")
    page.screenshot(path=artifacts / "clean-page.png", full_page=False)

    # The legend hides a type: its marks leave the tab order and the list.
    page.uncheck("#legend input[data-type=punctuation]")
    shown = len(api["issues"]) - by_type["punctuation"]
    expect(page.locator("#issues-summary")).to_contain_text(f"({shown} shown of {len(api['issues'])})")
    assert commas.first.get_attribute("tabindex") == "-1"
    page.check("#legend input[data-type=punctuation]")
    assert commas.first.get_attribute("tabindex") == "0"

    # The annotated view reproduces the text exactly (code point offsets).
    assert page.text_content("#doc pre") == text

    page.click("button[data-view=cleaned]")
    cleaned = page.text_content("#doc pre")
    assert "您当前的位置" not in cleaned and "扫一扫在手机打开当前页" not in cleaned
    assert ",\u5f3a" not in cleaned and "，" in cleaned

    page.click("button[data-view=diff]")
    assert page.locator("#doc table.diff tr.changed").count() > 5
    page.check("#diff-only")
    assert page.locator("#doc table.diff tbody tr:not(.changed)").count() == 0

    with page.expect_download() as info:
        page.click("#download-issues")
    download = info.value
    assert download.suggested_filename.endswith(".issues.json")
    body = json.loads(open(download.path(), encoding="utf-8").read())
    codes = {i["code"] for i in body["issues"]}
    assert {"injection.chrome", "punctuation.ascii_comma"} <= codes
    assert body["stats"]["issues_by_type"]["injection"] >= 2

    with page.expect_download() as info:
        page.click("#download-text")
    assert open(info.value.path(), encoding="utf-8").read() == cleaned
    assert not page.errors and not page.dialogs


def test_clean_page_upload_gb18030_and_astral_offsets(page, tmp_path):
    # Raw bytes in GB18030, with a character outside the BMP before the issue: offsets are
    # code points, so the highlight must still land on the ASCII comma.
    text = "𠀀关于2023年度的报告\n我镇成立领导小组,镇长任组长。\n"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("gb18030"))
    page.goto("/")
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#doc .t-punctuation")
    assert page.locator("#doc .t-punctuation").first.text_content() == ","
    assert page.text_content("#doc pre") == text
    assert "gb18030" in page.text_content("#stats").lower()
    assert page.input_value("#text") == text
    assert not page.errors


def test_hostile_document_renders_as_text(page, server):
    page.goto("/")
    page.fill("#text", HOSTILE)
    page.click("#clean")
    page.wait_for_selector("#doc pre")
    page.click("button[data-view=diff]")
    page.click("button[data-view=original]")
    assert page.text_content("#doc pre") == HOSTILE
    assert page.locator("#doc img, #doc script, #result img").count() == 0

    hostile_id = "x<img src=x onerror=alert(3)>"
    post_json(server, "/v1/corpus/documents", {"documents": [
        {"id": hostile_id, "text": seed("002").read_text(encoding="utf-8") + "\n" + HOSTILE}]})
    page.goto("/corpus")
    cluster = page.locator("#cluster-list .cluster", has_text=hostile_id)
    cluster.wait_for()
    assert seed("002").stem in cluster.text_content()
    cluster.locator("button.compare").first.click()
    page.wait_for_selector("#pair-view table")
    assert page.locator("main img, main script").count() == 0
    assert hostile_id in page.text_content("#pair-view")
    page.wait_for_timeout(200)
    assert page.dialogs == [] and not page.errors


def test_corpus_page_shows_a_cluster(page, server, artifacts):
    original = seed("001")
    text = original.read_text(encoding="utf-8")
    edited = text.replace("2023", "2024", 1).replace("。", "；", 3) + "\n附件：无。\n"
    post_json(server, "/v1/corpus/documents", {"documents": [{"id": "zz-edited-001", "text": edited}]})

    page.goto("/corpus")
    cluster = page.locator("#cluster-list .cluster", has_text="zz-edited-001")
    cluster.wait_for()
    assert original.stem in cluster.text_content()
    page.wait_for_selector("#summary dt:text-is('index')")  # the stats answer, apart from the report
    big = page.locator("#summary dd.big").all_text_contents()
    assert int(big[0]) >= 6 and big[1].endswith("%")
    assert page.locator("#histogram tbody tr").count() == 10
    page.wait_for_selector("#pair-list table")
    page.wait_for_selector("#passage-list table")
    page.screenshot(path=artifacts / "corpus-page.png", full_page=False)

    cluster.locator("button.compare").first.click()  # the member that is not the representative
    page.wait_for_selector("#pair-view .pair-table tbody tr")
    assert page.locator("#pair-view .pair-table tbody tr").count() >= 3
    assert page.locator("#pair-view mark.only").count() >= 1  # the edits, marked
    assert "zz-edited-001" in page.url
    page.locator("#pair").screenshot(path=artifacts / "corpus-pair.png")

    # Narrow screen: the page still lays out without horizontal scrolling.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not page.errors and not page.dialogs


def test_clean_page_narrow_screen(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    page.fill("#text", "我镇成立领导小组,镇长任组长。")
    page.press("#text", "Control+Enter")
    page.wait_for_selector("#doc .t-punctuation")
    # Keyboard only: Tab from the last toolbar button reaches the issue and shows its details.
    page.focus("#download-issues")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('#doc [data-first]')")
    assert page.locator("#tip").is_visible()
    assert "punctuation.ascii_comma" in page.text_content("#tip")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
