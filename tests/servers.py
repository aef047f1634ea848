"""A real `zhclean serve` for the tests that need one: the installed command on a free
port, its output in a log file, ready once /healthz answers."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from corpus.testing import free_port

REPO = Path(__file__).resolve().parents[1]

__all__ = ["REPO", "free_port", "start_zhclean", "zhclean_command"]


def zhclean_command() -> list[str]:
    """The installed console script, else the same entry point through `python -m service`."""
    script = Path(sys.executable).with_name("zhclean")
    if script.exists():
        return [str(script)]
    found = shutil.which("zhclean")
    return [found] if found else [sys.executable, "-m", "service"]


def start_zhclean(db: Path | str, port: int, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start `zhclean serve` and wait for it; by default without an API token."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "ZHCLEAN_API_TOKEN"}
    env = {**env, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*zhclean_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--db", str(db)],
        cwd=REPO, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"zhclean serve exited with {proc.returncode}: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"zhclean serve did not answer /healthz within 60 s: {log.read_text()[-3000:]}")
