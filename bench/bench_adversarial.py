"""How cleaning time grows with the size of adversarial inputs (bench/adversarial.py).

    python -m bench.bench_adversarial [--small 0.25] [--large 1]

Each input is cleaned at two sizes; the ratio of times shows the growth: about
large/small (4 by default) where the work is linear, its square where it is quadratic.
Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import time

from bench.adversarial import BUILDERS
from detectors import clean, warm_up


def seconds(text: str) -> float:
    started = time.process_time()
    clean(text)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=float, default=0.25)
    ap.add_argument("--large", type=float, default=1.0)
    args = ap.parse_args(argv)
    warm_up()
    print(f"{'input':45} {'chars':>8} {'s small':>8} {'s large':>8} {'growth':>7}  (linear: {args.large / args.small:.0f})")
    for name, build in BUILDERS.items():
        small, large = build(args.small), build(args.large)
        a, b = seconds(small), seconds(large)
        print(f"{name:45} {len(large):8} {a:8.2f} {b:8.2f} {b / max(a, 1e-3):7.1f}")


if __name__ == "__main__":
    main()
