"""The `zhclean` command: clean, corpus, and serve as a real process that survives a restart."""
from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from service.cli import main
from tests.servers import free_port, start_zhclean, zhclean_command

COMMA = "我镇成立领导小组,镇长任组长。"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "gb.txt").write_bytes(("关于2023年的报告\n" + COMMA).encode("gb18030"))
    (folder / "sub" / "utf8.txt").write_bytes("\ufeff你好,世界".encode("utf-8"))
    (folder / "ignored.md").write_text("不是 txt", encoding="utf-8")
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": "j1", "text": COMMA}, ensure_ascii=False) + "\n"
                     + json.dumps({"text": "无编号,文本"}, ensure_ascii=False) + "\n", encoding="utf-8")
    return tmp_path


def test_clean_folder_and_jsonl(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    code = main(["clean", str(inputs / "in"), str(inputs / "docs.jsonl"), "-o", str(out),
                 "--db", str(tmp_path / "c.sqlite3"), "-q"])
    assert code == 0
    results = read_jsonl(out)
    assert [r["id"] for r in results] == ["gb", "sub/utf8", "j1", None]
    gb, utf8, j1, anonymous = results
    assert gb["stats"]["encoding"] == "gb18030" and gb["original"].endswith(COMMA)
    assert gb["text"].endswith("我镇成立领导小组，镇长任组长。")
    assert utf8["stats"]["encoding"] == "utf-8" and utf8["original"] == "你好,世界"  # BOM not counted
    assert "original" not in j1 and j1["text"] == "我镇成立领导小组，镇长任组长。"
    assert set(gb) == {"id", "text", "issues", "stats", "original"}
    assert anonymous["text"] == "无编号，文本"


def test_clean_no_fix_and_year(inputs, tmp_path, capsysbinary):
    code = main(["clean", str(inputs / "in" / "gb.txt"), "--no-fix", "--year", "2023", "--no-corpus"])
    assert code == 0
    (result,) = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    assert result["text"] == result["original"]
    assert result["stats"]["report_year"] == 2023


def test_clean_reports_unreadable_inputs_and_goes_on(inputs, tmp_path, capsys):
    (inputs / "bad.txt").write_bytes(bytes([0x80, 0xFF, 0xFE, 0x81, 0x00, 0xFF]) * 40)
    (inputs / "broken.jsonl").write_text('{"id": "ok", "text": "好"}\n{"id": 1}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["clean", str(inputs / "bad.txt"), str(inputs / "missing.txt"), str(inputs / "broken.jsonl"),
                 str(inputs / "in" / "gb.txt"), "-o", str(out), "--no-corpus", "-q"])
    assert code == 1
    assert [r["id"] for r in read_jsonl(out)] == ["ok", "gb"]
    err = capsys.readouterr().err
    assert "bad.txt: cannot decode" in err
    assert "missing.txt: cannot read" in err
    assert "broken.jsonl:2:" in err


def test_clean_stdin_with_progress_off_for_one_document():
    result = subprocess.run([*zhclean_command(), "clean", "-", "--no-corpus"], input=COMMA.encode("gb18030"),
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert doc["id"] is None and doc["original"] == COMMA and doc["stats"]["encoding"] == "gb18030"
    assert b"doc/s" not in result.stderr  # no progress bar for a single document


def test_progress_bar_for_several_documents(inputs):
    result = subprocess.run([*zhclean_command(), "clean", str(inputs / "in"), "--no-corpus"],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"2/2" in result.stderr and b"doc/s" in result.stderr  # count of total, rate (ETA while running)
    assert b"2 documents cleaned" in result.stderr and b"punctuation.ascii_comma 2" in result.stderr  # the summary


def test_corpus_commands(inputs, tmp_path, capsys):
    db = str(tmp_path / "c.sqlite3")
    assert main(["corpus", "add", str(inputs / "in"), str(inputs / "docs.jsonl"), "--db", db]) == 1  # one has no id
    assert "needs an id" in capsys.readouterr().err
    assert main(["corpus", "list", "--db", db]) == 0
    ids = capsys.readouterr().out.split()
    assert {"gb", "sub/utf8", "j1"} <= set(ids) and len(ids) == 8  # 5 bundled references + 3
    assert main(["corpus", "list", "--limit", "2", "--offset", "1", "--db", db]) == 0
    assert capsys.readouterr().out.split() == ids[1:3]
    assert main(["corpus", "stats", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 8
    assert main(["corpus", "--db", db, "stats"]) == 0  # --db before the action works too
    assert json.loads(capsys.readouterr().out)["documents"] == 8
    assert main(["corpus", "delete", "j1", "nope", "--db", db]) == 1
    assert "'nope'" in capsys.readouterr().err
    report = tmp_path / "report.html"
    assert main(["corpus", "report", "--format", "html", "-o", str(report), "--db", db]) == 0
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert main(["corpus", "report", "--db", db]) == 0
    assert "boilerplate_ratio" in json.loads(capsys.readouterr().out)


def test_bad_db_url_is_a_clear_error(capsys):
    assert main(["corpus", "stats", "--db", "redis://localhost:6379/0"]) == 2
    assert "redis" in capsys.readouterr().err


# -- serve --------------------------------------------------------------------------------


def start_server(db: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    return start_zhclean(db, port, log, env)


def stop_server(proc: subprocess.Popen, log: Path) -> str:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    output = log.read_text()
    # uvicorn shuts down gracefully, then re-raises the signal, so -SIGTERM is a clean exit too.
    assert proc.returncode in (0, -signal.SIGTERM), output
    assert "Application shutdown complete" in output  # the lifespan hook closed the store
    return output


def test_served_corpus_survives_a_restart(tmp_path):
    db = tmp_path / "data" / "corpus.sqlite3"
    env = {**os.environ, "ZHCLEAN_API_TOKEN": "tok"}
    env.pop("ZHCLEAN_DB", None)
    port = free_port()
    log = tmp_path / "serve.log"
    proc = start_server(db, port, env, log)
    try:
        base = f"http://127.0.0.1:{port}"
        docs = {"documents": [{"id": "keep-1", "text": COMMA}, {"id": "keep-2", "text": "第二篇。"}]}
        assert httpx.post(f"{base}/v1/corpus/documents", json=docs, timeout=30).status_code == 401
        r = httpx.post(f"{base}/v1/corpus/documents", json=docs, headers={"Authorization": "Bearer tok"}, timeout=30)
        assert r.status_code == 200
    finally:
        output = stop_server(proc, log)
    # The JSON access log went to the server's stderr.
    assert any(json.loads(line).get("path") == "/v1/corpus/documents"
               for line in output.splitlines() if line.startswith("{"))

    log.write_text("")
    proc = start_server(db, port, env, log)
    try:
        r = httpx.get(f"http://127.0.0.1:{port}/v1/corpus/documents/keep-1", timeout=30)
        assert r.json() == {"id": "keep-1", "text": COMMA}
        assert httpx.get(f"http://127.0.0.1:{port}/v1/corpus/stats", timeout=30).json()["documents"] == 7
    finally:
        stop_server(proc, log)


def test_serve_refuses_a_bad_db(tmp_path):
    result = subprocess.run([*zhclean_command(), "serve", "--db", "redis://localhost:1/0", "--port", str(free_port())],
                            capture_output=True, timeout=60)
    assert result.returncode == 2 and b"redis" in result.stderr
