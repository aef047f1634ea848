"""HTTP throughput and latency: POST /v1/clean beside a bare Litestar JSON echo endpoint.
Prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_service [--workers 2] [--connections 16] [--duration 15] [--runs 3]

Both apps are served the same way: uvicorn with --workers processes on 127.0.0.1, access
logs to /dev/null (zhclean still formats its JSON access line). `zhclean serve` runs on a
fresh SQLite index holding the bundled references (so every request also queries the
corpus for boilerplate and uses the corpus-trained models, as in production). The echo
app parses the same JSON body and returns it; beside it, on the same server, a route that
returns the body with its text passed through `ftfy.fix_text` alone (the batch benchmark's
reference): what a Python endpoint doing one library's pass over the text reaches.
Bodies: `{"text", "id"}` for --docs distinct reports of about 10 KB (those of
bench.bench_batch), rotated request by request.

The load comes from wrk (Debian package `wrk`) with a Lua script that rotates the
bodies, --connections connections over 2 threads, after a warm-up run; without wrk, an
httpx.AsyncClient load generator with the same number of connections does it (slower,
so the echo figure is then the client's limit). Medians of --runs runs of --duration s.
Beside each figure, the CPU time the server's processes spent per request (user + system,
from psutil): on a machine shared with other work, throughput moves with the neighbours'
load, while this cost per request moves much less.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.bench_batch import reports
from bench.proctree import tree_cpu_seconds

ROOT = Path(__file__).resolve().parents[1]


def echo_app():
    """The baseline: parse the JSON body, return it; and the same with ftfy's pass over the text."""
    import ftfy
    from litestar import Litestar, get, post

    @post("/echo", status_code=200, sync_to_thread=False)
    def echo(data: dict[str, Any]) -> dict[str, Any]:
        return data

    @post("/ftfy", status_code=200, sync_to_thread=False)
    def fix_text(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "text": ftfy.fix_text(data["text"])}

    @get("/healthz", sync_to_thread=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar([echo, fix_text, healthz])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen:
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{command} exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    _stop(proc)
    raise RuntimeError(f"{command} did not answer within 120 s")


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _wrk(url: str, script: Path, connections: int, duration: float) -> dict[str, float]:
    out = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{int(duration)}s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    latency = {q: float(v) * _UNITS[u] for q, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency["50"],
            "p99": latency["99"], "errors": float(errors.group(1)) if errors else 0.0}


async def _httpx_load(url: str, bodies: list[bytes], connections: int, duration: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=60, headers={"Content-Type": "application/json"}) as client:

        async def worker(k: int) -> None:
            nonlocal errors
            i = k
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                r = await client.post(url, content=bodies[i % len(bodies)])
                latencies.append((time.perf_counter() - started) * 1000)
                errors += r.status_code != 200
                i += connections

        started = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], "errors": float(errors)}


def _lua(bodies: list[bytes], path: Path) -> None:
    parts = ["bodies = {"]
    for body in bodies:
        assert b"]==]" not in body
        parts.append("[==[" + body.decode("utf-8") + "]==],")
    parts.append("}\nlocal i = 0\nrequest = function()\n  i = i % #bodies + 1\n"
                 "  return wrk.format(\"POST\", nil, {[\"Content-Type\"] = \"application/json\"}, bodies[i])\nend\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def measure(name: str, url: str, bodies: list[bytes], script: Path, args, server: subprocess.Popen) -> dict[str, float]:
    use_wrk = shutil.which("wrk") is not None and not args.httpx

    def once(duration: float) -> dict[str, float]:
        cpu = tree_cpu_seconds(server.pid)
        if use_wrk:
            result = _wrk(url, script, args.connections, duration)
        else:
            result = asyncio.run(_httpx_load(url, bodies, args.connections, duration))
        result["cpu_ms"] = (tree_cpu_seconds(server.pid) - cpu) * 1000 / max(1.0, result["rps"] * duration)
        return result

    once(3)  # warm-up: workers, caches, connections
    runs = [once(args.duration) for _ in range(args.runs)]
    result = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    each = ", ".join(f"{r['rps']:.0f}" for r in runs)
    print(f"   {name:28} {result['rps']:9.0f} {result['p50']:9.1f} {result['p99']:9.1f} {result['cpu_ms']:11.2f}   "
          f"(runs: {each} req/s; non-2xx {result['errors']:.0f})")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes for both apps")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--duration", type=float, default=15)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--docs", type=int, default=20, help="distinct 10 KB bodies rotated")
    ap.add_argument("--httpx", action="store_true", help="use the Python load generator even if wrk is installed")
    args = ap.parse_args(argv)
    bodies = [json.dumps({"text": text, "id": f"bench-{i}"}, ensure_ascii=False).encode("utf-8")
              for i, text in enumerate(reports(args.docs))]
    loader = "wrk -t2" if shutil.which("wrk") and not args.httpx else "httpx.AsyncClient"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load: {loader}, {args.connections} connections, {args.runs} x {args.duration:.0f} s after a 3 s warm-up; "
          f"server: uvicorn --workers {args.workers}; bodies {sum(map(len, bodies)) / len(bodies) / 1024:.1f} KB")
    print(f"   {'endpoint':28} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'CPU ms/req':>11}")
    env = {**os.environ}
    env.pop("ZHCLEAN_API_TOKEN", None)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bodies.lua"
        _lua(bodies, script)
        port = _free_port()
        echo = _start([sys.executable, "-m", "uvicorn", "bench.bench_service:echo_app", "--factory", "--host",
                       "127.0.0.1", "--port", str(port), "--workers", str(args.workers), "--no-access-log",
                       "--log-level", "warning", "--app-dir", str(ROOT)], port, env)
        try:
            base = measure("POST /echo (bare Litestar)", f"http://127.0.0.1:{port}/echo", bodies, script, args, echo)
            reference = measure("POST /ftfy (fix_text only)", f"http://127.0.0.1:{port}/ftfy", bodies, script, args,
                                echo)
        finally:
            _stop(echo)
        port = _free_port()
        serve = _start([sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port),
                        "--workers", str(args.workers), "--db", str(Path(tmp) / "corpus.sqlite3")], port, env)
        try:
            clean = measure("POST /v1/clean", f"http://127.0.0.1:{port}/v1/clean", bodies, script, args, serve)
            if args.connections != 1:
                # Without queueing: what one request costs on an idle server.
                single = argparse.Namespace(**{**vars(args), "connections": 1, "runs": 1})
                measure("POST /v1/clean, 1 connection", f"http://127.0.0.1:{port}/v1/clean", bodies, script, single,
                        serve)
        finally:
            _stop(serve)
    print(f"   ratio clean/echo: {clean['rps'] / base['rps']:.3f} (goal >= 0.2; by server CPU per request "
          f"{base['cpu_ms'] / clean['cpu_ms']:.3f}); p99 of /v1/clean {clean['p99']:.1f} ms (goal <= 20 ms)")
    print(f"   for reference, ftfy/echo: {reference['rps'] / base['rps']:.3f}; clean/ftfy: "
          f"{clean['rps'] / reference['rps']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
