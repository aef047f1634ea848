"""A short run of bench/load_test.py against a real `zhclean serve` on loopback: zero errors.

The full run (50 connections, 60 s) is a command in the README with its figures; this one is
marked slow and kept to a few seconds.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_short_load_run_has_no_errors():
    out = subprocess.run([sys.executable, "-m", "bench.load_test", "--seconds", "3", "--connections", "50", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stdout + out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    print(out.stdout)
    assert summary["errors"] == 0 and summary["requests"] > 0
    assert summary["rss_before_mib"] and summary["rss_after_mib"]
