"""`zhclean clean` as a batch job: inputs, workers, output folder, resume, summary, exit codes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.batch import InputOptions, RawDocument, ResumeState, list_sources, read_raw
from service.cli import main

COMMA = "我镇成立领导小组,镇长任组长。"
SEEDS = Path(__file__).resolve().parents[1] / "tests" / "cases" / "base"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_timing(results: list[dict]) -> list[dict]:
    for r in results:
        r["stats"].pop("elapsed_ms", None)
    return results


@pytest.fixture
def tree(tmp_path) -> Path:
    """A folder with .txt in three encodings, a file to exclude and a non-matching file, plus JSONL."""
    root = tmp_path / "in"
    (root / "a" / "drafts").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "one.txt").write_bytes(("关于2023年度工作情况的报告\n" + COMMA).encode("gb18030"))
    (root / "a" / "drafts" / "draft.txt").write_text("草稿,不要。", encoding="utf-8")
    (root / "b" / "two.txt").write_bytes("市政府推進工作,成效明顯。".encode("big5"))
    (root / "b" / "three.txt").write_text("\ufeff第三篇,文本。", encoding="utf-8")
    (root / "notes.md").write_text("不是 txt", encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"doc": "j1", "body": COMMA},
        {"doc": 7, "body": "数字编号,可以。"},
        {"body": "没有编号,也行。"},
    ]) + "\n", encoding="utf-8")
    return tmp_path


def run(args: list[str]) -> int:
    return main(["clean", *args, "-q"])


def test_glob_filters_and_encodings(tree, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run([str(tree / "in"), "--exclude", "drafts/*", "-o", str(out), "--no-corpus", "--workers", "1"]) == 0
    results = read_jsonl(out)
    assert [r["id"] for r in results] == ["a/one", "b/three", "b/two"]
    assert [r["stats"]["encoding"] for r in results] == ["gb18030", "utf-8", "big5"]
    assert results[2]["text"] == "市政府推进工作，成效明显。"
    out2 = tmp_path / "md.jsonl"
    assert run([str(tree / "in"), "--include", "*.md", "-o", str(out2), "--no-corpus", "--workers", "1"]) == 0
    assert [r["id"] for r in read_jsonl(out2)] == ["notes"]


def test_jsonl_fields(tree, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run([str(tree / "docs.jsonl"), "--id-field", "doc", "--text-field", "body", "-o", str(out),
                "--no-corpus", "--workers", "1"]) == 0
    results = read_jsonl(out)
    assert [r["id"] for r in results] == ["j1", "7", None]
    assert results[0]["text"] == "我镇成立领导小组，镇长任组长。" and "original" not in results[0]
    # With the default field names, every line lacks "text": each is reported and skipped.
    assert run([str(tree / "docs.jsonl"), "-o", str(out), "--no-corpus", "--workers", "1"]) == 1


def test_two_workers_give_the_same_output_in_the_same_order(tmp_path):
    out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
    assert run([str(SEEDS), "-o", str(out1), "--no-corpus", "--workers", "1"]) == 0
    assert run([str(SEEDS), "-o", str(out2), "--no-corpus", "--workers", "2", "--chunk", "1"]) == 0
    assert without_timing(read_jsonl(out1)) == without_timing(read_jsonl(out2))
    assert len(read_jsonl(out1)) == len(list(SEEDS.glob("*.txt")))


def test_txt_folder_output(tree, tmp_path):
    out = tmp_path / "cleaned"
    assert run([str(tree / "in"), str(tree / "docs.jsonl"), "--id-field", "doc", "--text-field", "body",
                "-o", str(out) + "/", "--no-corpus", "--workers", "2"]) == 0
    assert (out / "b" / "two.txt").read_text(encoding="utf-8") == "市政府推进工作，成效明显。"
    assert (out / "j1.txt").read_text(encoding="utf-8") == "我镇成立领导小组，镇长任组长。"
    issues = read_jsonl(out / "issues.jsonl")
    assert [i["path"] for i in issues] == ["a/drafts/draft.txt", "a/one.txt", "b/three.txt", "b/two.txt",
                                           "j1.txt", "7.txt", "_noid/000000.txt"]
    assert (out / "_noid" / "000000.txt").read_text(encoding="utf-8") == "没有编号，也行。"
    one = issues[1]
    assert set(one) == {"id", "path", "issues", "stats", "original"} and one["stats"]["encoding"] == "gb18030"
    assert not list(out.rglob("*.part"))


def test_resume_skips_what_was_written_and_drops_a_cut_line(tree, tmp_path, capsys):
    args = [str(tree / "in"), str(tree / "docs.jsonl"), "--id-field", "doc", "--text-field", "body", "--no-corpus",
            "--workers", "1"]
    full = tmp_path / "full.jsonl"
    assert run([*args, "-o", str(full)]) == 0
    lines = full.read_bytes().splitlines(keepends=True)
    assert len(lines) == 7
    # A run killed while writing its fourth line: three whole lines and a cut one.
    part = tmp_path / "part.jsonl"
    part.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])
    assert ResumeState.read(part).ids == {r["id"] for r in read_jsonl(full)[:3]}
    assert part.read_bytes() == b"".join(lines[:3])  # the cut line is gone
    part.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2] + b"")
    assert main(["clean", *args, "-o", str(part), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "4 documents cleaned" in err and "3 already written" in err
    assert without_timing(read_jsonl(part)) == without_timing(read_jsonl(full))
    # Everything written: a second resume cleans nothing and changes nothing.
    before = part.read_bytes()
    assert run([*args, "-o", str(part), "--resume"]) == 0
    assert part.read_bytes() == before


def test_resume_of_an_id_less_document_goes_by_position(tmp_path):
    docs = tmp_path / "anon.jsonl"
    docs.write_text("".join(json.dumps({"text": f"第{i}篇,文本。"}, ensure_ascii=False) + "\n" for i in range(4)),
                    encoding="utf-8")
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    assert run([str(docs), "-o", str(full), "--no-corpus", "--workers", "1"]) == 0
    part.write_bytes(b"".join(full.read_bytes().splitlines(keepends=True)[:2]))
    assert run([str(docs), "-o", str(part), "--no-corpus", "--workers", "1", "--resume"]) == 0
    assert [r["text"] for r in read_jsonl(part)] == [r["text"] for r in read_jsonl(full)]


def test_resume_after_sigkill(tmp_path):
    """Kill a real run mid-way; --resume completes it to exactly what one run writes."""
    docs = tmp_path / "many.jsonl"
    base = (SEEDS / "003_23d9a2c3df3bffdd.txt").read_text(encoding="utf-8")
    docs.write_text("".join(json.dumps({"id": f"d{i:04d}", "text": base + f"\n第{i}号,附注。"}, ensure_ascii=False) + "\n"
                            for i in range(400)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "service", "clean", str(docs), "-o", str(out), "--no-corpus", "-q",
               "--workers", "2", "--chunk", "4"]
    proc = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 20_000):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the job and its workers, as a crash would
    proc.wait(timeout=30)
    written = len(out.read_bytes().splitlines())
    assert 0 < written < 400, "the run ended before it could be killed; make the input bigger"
    result = subprocess.run([*command, "--resume"], capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    results = read_jsonl(out)
    assert [r["id"] for r in results] == [f"d{i:04d}" for i in range(400)]
    assert results[-1]["text"].endswith("第399号，附注。")


def test_summary_json_and_exit_codes(tree, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes([0x80, 0xFF, 0xFE, 0x81, 0x00, 0xFF]) * 40)
    summary = tmp_path / "summary.json"
    out = tmp_path / "out.jsonl"
    code = run([str(tree / "in" / "a"), str(bad), str(tmp_path / "missing.txt"), "-o", str(out), "--no-corpus",
                "--summary-json", str(summary), "--workers", "2"])
    assert code == 1
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["documents"] == 2 and s["failed"] == 2
    assert s["issues_by_type"]["punctuation"] >= 2 and s["issues_by_code"]["punctuation.ascii_comma"] >= 2
    err = capsys.readouterr().err
    assert "bad.txt: cannot decode" in err and "missing.txt: cannot read" in err
    # Usage errors: nothing done, exit 2.
    assert main(["clean", str(tree / "in"), "--resume"]) == 2
    assert main(["clean", str(tree / "in"), "--format", "txt"]) == 2
    assert main(["clean", str(tree / "in"), "--corpus", "--no-corpus", "-o", str(out)]) == 2
    assert main(["clean", str(tree / "in"), "--workers", "0", "-o", str(out)]) == 2
    assert "--resume needs -o" in capsys.readouterr().err


def test_corpus_flag_makes_boilerplate_refer_to_the_batch(tmp_path):
    """Two towns' reports share a paragraph; with --corpus each names the other."""
    shared = "全面落实党风廉政建设责任制，主要领导亲自抓、分管领导具体抓，层层压实责任，确保各项工作任务落到实处，取得明显成效。"
    folder = tmp_path / "towns"
    folder.mkdir()
    (folder / "east.txt").write_text("东镇开展了多项工作，群众满意度持续提升，各项指标稳中有进。\n" + shared, encoding="utf-8")
    (folder / "west.txt").write_text("西镇推进了基础设施建设，道路硬化里程大幅增加，村容村貌明显改善。\n" + shared, encoding="utf-8")
    db = str(tmp_path / "c.sqlite3")
    out = tmp_path / "out.jsonl"
    assert run([str(folder), "-o", str(out), "--db", db, "--workers", "1"]) == 0
    assert not any(i["type"] == "boilerplate" for r in read_jsonl(out) for i in r["issues"])
    assert run([str(folder), "-o", str(out), "--db", db, "--corpus", "--workers", "2", "--chunk", "1"]) == 0
    east, west = read_jsonl(out)
    [e] = [i for i in east["issues"] if i["type"] == "boilerplate"]
    [w] = [i for i in west["issues"] if i["type"] == "boilerplate"]
    assert [d["id"] for d in e["detail"]["documents"]] == ["west"]
    assert [d["id"] for d in w["detail"]["documents"]] == ["east"]


def test_sources_and_raw_documents(tree):
    sources = list(list_sources([str(tree / "in"), str(tree / "docs.jsonl")], InputOptions(exclude=("drafts/*",))))
    assert [s.kind for s in sources] == ["txt", "txt", "txt", "jsonl"]
    raws = list(read_raw([str(tree / "docs.jsonl")], InputOptions(id_field="doc", text_field="body")))
    assert raws[0] == RawDocument(id="j1", source=f"{tree / 'docs.jsonl'}:1", text=COMMA)
    [empty] = list(list_sources([str(tree / "in" / "b")], InputOptions(include=("*.docx",))))
    assert empty.kind == "error" and "no files matching *.docx" in empty.error
