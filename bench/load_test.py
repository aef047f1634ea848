"""Load test: N concurrent keep-alive connections for S seconds against a real `zhclean serve` on loopback.

    .venv/bin/python -m bench.load_test                 # 50 connections, 60 s (the README's figures)
    .venv/bin/python -m bench.load_test --seconds 5     # a short run (CI)
    .venv/bin/python -m bench.load_test --url http://127.0.0.1:8000   # an already running server

Starts `zhclean serve` on a free loopback port with a fresh corpus in a temporary folder (unless
--url is given), then drives it with a mix of requests over raw asyncio HTTP/1.1 connections (a
client cheap enough not to be the bottleneck): /v1/clean with real report excerpts (JSON and
GB18030 text/plain), /v1/clean/batch, corpus reads and /healthz. Prints throughput, latency
percentiles, errors (any status other than the expected one, or a connection failure) and the
server's RSS before and after. Figures, not assertions; --max-errors sets the exit status.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def sample_texts() -> list[str]:
    """Report excerpts: the bundled reference documents (and the shared seeds when present), in pieces."""
    texts = []
    for folder in (ROOT / "corpus" / "reference", SEEDS):
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                text = path.read_text(encoding="utf-8", errors="replace")
                texts += [text[i:i + 2000] for i in range(0, min(len(text), 8000), 2000)]
    return [t for t in texts if t.strip()] or ["我镇成立领导小组,镇长任组长。"]


@dataclass
class Request:
    name: str
    method: str
    path: str
    body: bytes = b""
    content_type: str = ""
    expect: int = 200


def request_mix(texts: list[str], rng: random.Random) -> list[Request]:
    mix = []
    for text in texts:
        mix += [Request("clean json", "POST", "/v1/clean", json.dumps({"text": text}).encode(), "application/json")] * 5
        mix.append(Request("clean gb18030", "POST", "/v1/clean?fix=false", text.encode("gb18030", "replace"),
                           "text/plain; charset=gb18030"))
    for _ in range(len(texts) // 2 or 1):
        docs = [{"id": f"d{i}", "text": t} for i, t in enumerate(rng.sample(texts, min(5, len(texts))))]
        mix.append(Request("clean batch", "POST", "/v1/clean/batch", json.dumps({"documents": docs}).encode(),
                           "application/json"))
    mix += [Request("corpus stats", "GET", "/v1/corpus/stats")] * 3
    mix += [Request("corpus list", "GET", "/v1/corpus/documents?limit=10")] * 3
    mix += [Request("healthz", "GET", "/healthz")] * 3
    mix.append(Request("bad json", "POST", "/v1/clean", b'{"text": ', "application/json", expect=400))
    return mix


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    requests: int = 0


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection", "").lower() == "close"


async def connection(host: str, port: int, mix: list[Request], deadline: float, results: Results,
                     rng: random.Random) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        req = rng.choice(mix)
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            head = f"{req.method} {req.path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: {len(req.body)}\r\n"
            if req.content_type:
                head += f"Content-Type: {req.content_type}\r\n"
            started = time.perf_counter()
            writer.write(head.encode() + b"\r\n" + req.body)
            await writer.drain()
            status, close = await asyncio.wait_for(read_response(reader), timeout=60)
            elapsed = time.perf_counter() - started
            results.requests += 1
            results.latencies.setdefault(req.name, []).append(elapsed)
            if status != req.expect:
                key = f"{req.name}: HTTP {status}"
                results.errors[key] = results.errors.get(key, 0) + 1
            if close:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
            results.requests += 1
            key = f"{req.name}: {type(exc).__name__}"
            results.errors[key] = results.errors.get(key, 0) + 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


def rss_kib(pid: int) -> int:
    """Resident memory of the server process and its children (uvicorn workers), in KiB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen | None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"zhclean serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer /healthz within {timeout} s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(results: Results, seconds: float, rss_before: int | None, rss_after: int | None,
           connections: int) -> dict:
    every = [x for xs in results.latencies.values() for x in xs]
    errors = sum(results.errors.values())
    summary = {
        "connections": connections, "seconds": round(seconds, 1), "requests": results.requests,
        "throughput_rps": round(results.requests / seconds, 1), "errors": errors,
        "p50_ms": round(percentile(every, 50) * 1000, 1) if every else None,
        "p95_ms": round(percentile(every, 95) * 1000, 1) if every else None,
        "p99_ms": round(percentile(every, 99) * 1000, 1) if every else None,
        "max_ms": round(max(every) * 1000, 1) if every else None,
        "rss_before_mib": round(rss_before / 1024, 1) if rss_before else None,
        "rss_after_mib": round(rss_after / 1024, 1) if rss_after else None,
    }
    print(f"{connections} connections, {seconds:.1f} s: {results.requests} requests, "
          f"{summary['throughput_rps']} req/s, {errors} errors")
    print(f"latency ms: p50 {summary['p50_ms']}  p95 {summary['p95_ms']}  p99 {summary['p99_ms']}  "
          f"max {summary['max_ms']}")
    if rss_before:
        print(f"server RSS: {summary['rss_before_mib']} MiB before, {summary['rss_after_mib']} MiB after")
    print(f"{'request':16s} {'n':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}")
    for name, values in sorted(results.latencies.items()):
        print(f"{name:16s} {len(values):7d} {percentile(values, 50) * 1000:8.1f} "
              f"{percentile(values, 95) * 1000:8.1f} {percentile(values, 99) * 1000:8.1f}")
    for key, n in sorted(results.errors.items()):
        print(f"error: {key} x{n}")
    return summary


async def drive(host: str, port: int, connections: int, seconds: float, seed: int) -> tuple[Results, float]:
    rng = random.Random(seed)
    mix = request_mix(sample_texts(), rng)
    results = Results()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(connection(host, port, mix, deadline, results, random.Random(rng.random()))
                           for _ in range(connections)))
    return results, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="zhclean serve --workers")
    parser.add_argument("--url", help="drive this server instead of starting one (no RSS figures)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print the summary as one JSON line")
    parser.add_argument("--max-errors", type=int, default=0, help="exit 1 above this many errors")
    args = parser.parse_args(argv)

    proc = folder = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        folder = tempfile.mkdtemp(prefix="zhclean-load-")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZHCLEAN_")}
        zhclean = Path(sys.executable).with_name("zhclean")
        command = [str(zhclean)] if zhclean.exists() else [sys.executable, "-m", "service"]
        proc = subprocess.Popen(command + ["serve", "--host", "127.0.0.1", "--port", str(port),
                                           "--db", str(Path(folder) / "corpus.sqlite3"),
                                           "--workers", str(args.workers)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        wait_ready(url, proc)
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        rss_before = rss_kib(proc.pid) if proc else None
        results, elapsed = asyncio.run(drive(host, port, args.connections, args.seconds, args.seed))
        rss_after = rss_kib(proc.pid) if proc else None
        summary = report(results, elapsed, rss_before, rss_after, args.connections)
        if args.json:
            print(json.dumps(summary))
        return 0 if summary["errors"] <= args.max_errors else 1
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
