"""`zhclean clean --engine ray` on a local Ray instance gives the local engine's results,
document for document. Skips when Ray is not installed, except under CI=true (the test
command installs the `ray` extra)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from corpus.testing import RedisServer, redis_server_binary
from service.cli import main

# Ray's own DataContext warns about its deprecated settings when it is copied to workers.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BASES = Path(__file__).resolve().parent / "cases" / "base"

try:
    import ray
    import ray.data  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    reason = f"ray is not importable ({exc}); pip install -e '.[ray]'"
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"under CI=true the Ray engine must be tested: {reason}") from exc
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


@pytest.fixture
def inputs(tmp_path) -> list[str]:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "j1", "text": "我镇成立领导小组,镇长任组长。"}, ensure_ascii=False) + "\n"
                    + json.dumps({"text": "没有编号,也行。"}, ensure_ascii=False) + "\n"
                    + "not json\n", encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("关于2023年度工作的报告\n市政府推進工作,成效明顯。".encode("gb18030"))
    return [str(BASES), str(docs), str(gbk)]


def results(path: Path) -> list[dict]:
    out = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for r in out:
        r["stats"].pop("elapsed_ms")
    return out


def test_ray_engine_equals_local_engine(local_ray, inputs, tmp_path, capsys):
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["clean", *inputs, "-o", str(local), "--no-corpus", "--workers", "1", "-q"]) == 1  # "not json"
    assert main(["clean", *inputs, "-o", str(remote), "--no-corpus", "--engine", "ray", "--workers", "2",
                 "--chunk", "2", "-q"]) == 1
    assert "docs.jsonl:3:" in capsys.readouterr().err  # the bad line is reported by both engines
    expected = results(local)
    assert len(expected) == len(list(BASES.glob("*.txt"))) + 3
    assert results(remote) == expected
    # Resume under Ray: half written (and a cut line), the rest done by Ray; the whole equals one run.
    lines = local.read_bytes().splitlines(keepends=True)
    remote.write_bytes(b"".join(lines[:5]) + lines[5][:40])
    assert main(["clean", *inputs, "-o", str(remote), "--no-corpus", "--engine", "ray", "--workers", "2",
                 "--resume"]) == 1
    assert "already written" in capsys.readouterr().err
    assert results(remote) == expected


def test_ray_boilerplate_needs_a_shared_index(local_ray, tmp_path, capsys):
    folder = tmp_path / "towns"
    folder.mkdir()
    shared = "全面落实党风廉政建设责任制，主要领导亲自抓、分管领导具体抓，层层压实责任，确保各项工作任务落到实处，取得明显成效。"
    (folder / "east.txt").write_text("东镇开展了多项工作，群众满意度持续提升。\n" + shared, encoding="utf-8")
    (folder / "west.txt").write_text("西镇推进了基础设施建设，村容村貌明显改善。\n" + shared, encoding="utf-8")
    out = tmp_path / "ray.jsonl"
    assert main(["clean", str(folder), "-o", str(out), "--db", str(tmp_path / "c.sqlite3"), "--corpus",
                 "--engine", "ray", "--workers", "2", "-q"]) == 0
    assert "boilerplate check (and the corpus-trained models) off" in capsys.readouterr().err
    assert not any(i["type"] == "boilerplate" for r in results(out) for i in r["issues"])
    if redis_server_binary() is None:
        reason = "redis-server is not installed; the Ray engine's shared index is untested"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with RedisServer(tmp_path / "redis") as server:
        db = server.url(db=3)
        local = tmp_path / "local.jsonl"
        assert main(["clean", str(folder), "-o", str(local), "--db", db, "--corpus", "--workers", "1", "-q"]) == 0
        assert main(["clean", str(folder), "-o", str(out), "--db", db, "--engine", "ray", "--workers", "2", "-q"]) == 0
        assert "boilerplate check (and the corpus-trained models) off" not in capsys.readouterr().err
        expected = results(local)
        assert [d["id"] for r in expected for i in r["issues"] if i["type"] == "boilerplate"
                for d in i["detail"]["documents"]] == ["west", "east"]
        assert results(out) == expected
