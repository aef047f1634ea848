"""Process-local counters rendered in the Prometheus text exposition format (version 0.0.4).

Small enough not to need prometheus-client; with several uvicorn workers each worker
counts its own requests.
"""
from __future__ import annotations

import threading
from collections import Counter

from detectors import CleanResult

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: tuple[str, ...], values: tuple[str, ...]) -> str:
    return "{" + ",".join(f'{n}="{_escape(v)}"' for n, v in zip(names, values)) + "}"


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, str, str]] = Counter()  # (method, route, status)
        self._seconds: Counter[tuple[str, str]] = Counter()  # (method, route) -> total seconds
        self._issues: Counter[tuple[str]] = Counter()  # (type,)
        self._documents = 0
        self._fixed = 0

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, route, str(status))] += 1
            self._seconds[(method, route)] += seconds

    def observe_result(self, result: CleanResult) -> None:
        with self._lock:
            self._documents += 1
            self._fixed += result.stats.fixed
            for issue in result.issues:
                self._issues[(issue.type,)] += 1

    def render(self) -> str:
        with self._lock:
            lines: list[str] = []

            def family(name: str, kind: str, help_: str, labels: tuple[str, ...], values: Counter) -> None:
                lines.extend([f"# HELP {name} {help_}", f"# TYPE {name} {kind}"])
                for key, value in sorted(values.items()):
                    lines.append(f"{name}{_labels(labels, key)} {value:g}")

            family("zhclean_http_requests_total", "counter", "HTTP requests by method, route and status.",
                   ("method", "route", "status"), self._requests)
            request_counts: Counter[tuple[str, str]] = Counter()
            for (method, route, _), n in self._requests.items():
                request_counts[(method, route)] += n
            lines.extend(["# HELP zhclean_http_request_duration_seconds Time spent answering requests.",
                          "# TYPE zhclean_http_request_duration_seconds summary"])
            for key in sorted(self._seconds):
                labels = _labels(("method", "route"), key)
                lines.append(f"zhclean_http_request_duration_seconds_sum{labels} {self._seconds[key]:.6f}")
                lines.append(f"zhclean_http_request_duration_seconds_count{labels} {request_counts[key]}")
            family("zhclean_issues_total", "counter", "Issues found in cleaned documents, by type.",
                   ("type",), self._issues)
            lines.extend(["# HELP zhclean_documents_cleaned_total Documents cleaned.",
                          "# TYPE zhclean_documents_cleaned_total counter",
                          f"zhclean_documents_cleaned_total {self._documents}",
                          "# HELP zhclean_fixes_applied_total Fixes applied to cleaned documents.",
                          "# TYPE zhclean_fixes_applied_total counter",
                          f"zhclean_fixes_applied_total {self._fixed}"])
            return "\n".join(lines) + "\n"
