"""A process and its descendants, as benchmarks measure them (psutil)."""
from __future__ import annotations

import psutil


def _tree(pid: int) -> list[psutil.Process]:
    """The process and its descendants; none when it has ended."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _each(pid: int, measure) -> float:
    """Sum of measure(process) over the tree; processes that end meanwhile count nothing."""
    total = 0.0
    for process in _tree(pid):
        try:
            total += measure(process)
        except psutil.Error:
            pass
    return total


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its live descendants."""
    return _each(pid, lambda p: sum(p.cpu_times()[:2]))


def tree_rss(pid: int) -> int:
    """Summed resident memory in bytes of a process and its descendants."""
    return int(_each(pid, lambda p: p.memory_info().rss))
