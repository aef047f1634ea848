"""Inputs built to make the detectors slow: long runs of what their patterns repeat over,
and documents of many tiny lines or phrases, each an issue (the shape that made the line
rules quadratic). `inputs(scale)` builds them at `scale` times their standard size
(100,000 characters or so); tests/test_hardening_deadline.py cleans them at scale 1,
bench/bench_adversarial.py times them at two scales to show how time grows with size."""
from __future__ import annotations

from collections.abc import Callable

# name -> the text at scale s
BUILDERS: dict[str, Callable[[float], str]] = {
    "alternating ?, (200 KB)": lambda s: "?," * int(100_000 * s),
    "a line of ? (100 k)": lambda s: "?" * int(100_000 * s),
    "a line of , (100 k)": lambda s: "," * int(100_000 * s),
    "alternating full-width and ASCII marks": lambda s: "，,。." * int(25_000 * s),
    "alternating combining marks": lambda s: "\u0301\u0300" * int(50_000 * s),
    "a Han character under 100 k combining marks": lambda s: "报" + "\u0301" * int(100_000 * s),
    "U+FFFD and ? alternating": lambda s: "\ufffd?" * int(50_000 * s),
    "mojibake-like run": lambda s: "鍙戝竷浜" * int(20_000 * s),
    "open quotes, never closed": lambda s: "“" * int(50_000 * s),
    "brackets opened then closed": lambda s: "（" * int(25_000 * s) + "）" * int(25_000 * s),
    "years and dashes": lambda s: "2021-2025年" * int(10_000 * s),
    "digits without end": lambda s: "2" * int(100_000 * s),
    "entity-like run": lambda s: "&amp" * int(25_000 * s) + "x",
    "tag-like run": lambda s: "<a " * int(30_000 * s),
    "breaks inside words": lambda s: "会\n" * int(50_000 * s),
    "spaces between characters": lambda s: "报 " * int(50_000 * s),
    "spam separators": lambda s: "皇冠_" * int(30_000 * s),
    "RTL overrides": lambda s: "\u202e\u202d" * int(25_000 * s),
    "zero-width joiners": lambda s: "报\u200d" * int(50_000 * s),
    "breadcrumb-like": lambda s: "首页>" * int(30_000 * s),
    "placeholders": lambda s: "20xx年××镇" * int(12_000 * s),
    "preamble lines": lambda s: "本站整理\n" * int(20_000 * s),
    "preambles in one line": lambda s: "本站" * int(30_000 * s),
    "footer lines": lambda s: "版权所有\n" * int(20_000 * s),
    "spam lines": lambda s: "皇冠足球比分\n" * int(15_000 * s),
    "addresses among words": lambda s: "www.a.cn 中文" * int(8_000 * s),
    "entities among ASCII commas": lambda s: "中,文&amp;" * int(12_000 * s),
    "preamble lines among body lines": lambda s: "本站整理\n正文内容正文内容。\n" * int(6_000 * s),
}


def inputs(scale: float = 1.0) -> dict[str, str]:
    return {name: build(scale) for name, build in BUILDERS.items()}
