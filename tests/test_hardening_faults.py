"""Faults (issue 7): a read-only database gives a clear error at start and no corruption; a full
disk gives a 507 JSON error, keeps what was acknowledged and leaves an intact index.

A full disk is simulated for real with SQLite's max_page_count on the writing connections:
SQLite then fails the write with SQLITE_FULL ("database or disk is full") exactly as on a full
disk, and rolls the transaction back.
"""
from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from corpus.sqlite_backend import SQLiteBackend

PARAGRAPH = "我镇坚持以习近平新时代中国特色社会主义思想为指导，主要领导亲自抓、分管领导具体抓，切实把各项任务落到实处。"
NOBODY = 65534
ZHCLEAN = Path(sys.executable).with_name("zhclean")


def integrity(path: str) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_unprivileged(argv: list[str]) -> list[str]:
    """Root ignores file modes: run the command as nobody (setpriv), or as ourselves when not root."""
    if os.geteuid() != 0:
        return argv
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be simulated")
    command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if not _nobody_can_run(tuple(command)):
        pytest.skip(f"user nobody cannot run {ZHCLEAN} (a parent folder of the checkout is not "
                    "readable by others, as mktemp's are): the read-only case needs another user")
    return [*command, *argv]


@functools.cache
def _nobody_can_run(command: tuple[str, ...]) -> bool:
    probe = subprocess.run([*command, str(ZHCLEAN), "--help"], capture_output=True, timeout=60, cwd="/")
    return probe.returncode == 0


def serve(db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHCLEAN_")}
    env["HOME"] = str(db.parent)
    return subprocess.run(as_unprivileged([str(ZHCLEAN), "serve", "--db", str(db), "--port", "0"]),
                          capture_output=True, text=True, timeout=30, env=env, cwd=db.parent)


@pytest.fixture
def open_dir():
    """A folder under /tmp that another user can reach (pytest's own tmp folders are 0700)."""
    path = Path(tempfile.mkdtemp(prefix="zhclean-faults-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def built_db(open_dir, make_client) -> Path:
    """A real index (reference documents loaded, models cached), closed and checkpointed."""
    db = open_dir / "corpus.sqlite3"
    client = make_client(db=str(db))
    client.post("/v1/corpus/documents", json={"documents": [{"id": "mine", "text": PARAGRAPH}]})
    client.__exit__(None, None, None)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def test_read_only_database_file_fails_at_start_with_a_clear_message(built_db):
    os.chmod(built_db, 0o444)
    if os.geteuid() == 0:
        os.chown(built_db.parent, NOBODY, NOBODY)  # the folder writable, the file not: only the file is read-only
    before = digest(built_db)
    result = serve(built_db)
    assert result.returncode != 0
    assert "cannot start" in result.stderr and "read-only" in result.stderr and str(built_db) in result.stderr
    assert digest(built_db) == before and integrity(str(built_db)) == "ok"


def test_read_only_folder_without_a_database_fails_at_start(open_dir):
    folder = open_dir / "ro"
    folder.mkdir()
    os.chmod(folder, 0o555)
    result = serve(folder / "corpus.sqlite3")
    assert result.returncode != 0
    assert "cannot open corpus index" in result.stderr and str(folder) in result.stderr
    assert "unable to open database file" in result.stderr
    assert list(folder.iterdir()) == []


def test_full_disk_gives_507_and_keeps_the_index_intact(make_client, db_path, monkeypatch):
    client = make_client()
    assert client.post("/v1/corpus/documents", json={"documents": [{"id": "kept", "text": PARAGRAPH}]}).status_code == 200
    before = client.get("/v1/corpus/stats").json()

    real = SQLiteBackend._conn
    disk = {"full": True}

    def limited(self):  # called for every operation, on every thread's connection
        conn = real(self)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2 if disk['full'] else 1_073_741_823}")
        return conn

    monkeypatch.setattr(SQLiteBackend, "_conn", limited)
    big = [{"id": f"big{i}", "text": PARAGRAPH * 300 + str(i)} for i in range(5)]
    r = client.post("/v1/corpus/documents", json={"documents": big})
    assert r.status_code == 507 and r.headers["content-type"].startswith("application/json")
    assert "disk" in r.json()["error"] and "full" in r.json()["error"]
    assert "database or disk is full" in r.json()["detail"]
    assert client.get("/healthz").json()["status"] == "ok"
    disk["full"] = False

    # Nothing of the refused request, everything acknowledged before it, and an intact index.
    assert client.get("/v1/corpus/stats").json() == before
    assert client.get("/v1/corpus/documents/big0").status_code == 404
    assert client.get("/v1/corpus/documents/kept").json()["text"] == PARAGRAPH
    assert integrity(db_path) == "ok"
    # Space again: the same request goes through.
    assert client.post("/v1/corpus/documents", json={"documents": big}).status_code == 200


@pytest.mark.parametrize(("message", "status", "words"), [
    ("attempt to write a readonly database", 503, "read-only"),
    ("database is locked", 503, "busy"),
    ("database or disk is full", 507, "full"),
])
def test_database_conditions_at_run_time_are_json_errors(make_client, monkeypatch, message, status, words):
    client = make_client()

    def refuse(self, *args, **kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(SQLiteBackend, "write_documents", refuse)
    monkeypatch.setattr(SQLiteBackend, "delete_document", refuse)
    for r in (client.post("/v1/corpus/documents", json={"documents": [{"id": "x", "text": PARAGRAPH}]}),
              client.delete("/v1/corpus/documents/001_621cb3420cf20d40")):
        assert r.status_code == status and words in r.json()["error"], r.text
    assert client.get("/healthz").status_code == 200


def test_other_database_errors_stay_500_and_logged(make_client, monkeypatch):
    client = make_client()
    monkeypatch.setattr(SQLiteBackend, "write_documents",
                        lambda self, *a, **k: (_ for _ in ()).throw(sqlite3.OperationalError("no such table: x")))
    r = client.post("/v1/corpus/documents", json={"documents": [{"id": "x", "text": PARAGRAPH}]})
    assert r.status_code == 500 and r.json() == {"error": "internal error", "detail": "OperationalError"}
