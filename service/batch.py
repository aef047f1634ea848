"""The batch job as a chain of generator steps: read inputs -> clean -> write JSON lines.

Inputs are .txt files in any common encoding, folders of them (recursively), JSONL
files of {"id", "text"} and "-" for stdin. A file that cannot be read is reported and
skipped; the caller learns how many failed from the Failures it passed in.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TypeVar

import msgspec
from tqdm import tqdm

from corpus import CorpusStore
from detectors import CleanResult

from .cleaning import clean_document
from .decoding import DecodeError, decode_body

STDIN = "-"
_END = object()  # end-of-iteration marker for with_progress
T = TypeVar("T")


class InputDocument(msgspec.Struct, kw_only=True):
    id: str | None
    text: str
    encoding: str | None  # how raw bytes were decoded; None for JSONL (JSON is UTF-8 text)
    from_bytes: bool  # decoded here, so the output echoes the text as "original" (as the API does)
    source: str  # where it came from, for messages


class JsonlLine(msgspec.Struct):
    text: str
    id: str | None = None


class Failures:
    """Collects what could not be read; messages go to stderr without breaking a progress bar."""

    def __init__(self, write: Callable[[str], None] | None = None) -> None:
        self.messages: list[str] = []
        self._write = write or (lambda message: tqdm.write(message, file=sys.stderr))

    def add(self, message: str) -> None:
        self.messages.append(message)
        self._write(f"zhclean: {message}")

    def __len__(self) -> int:
        return len(self.messages)


def _document_id(path: Path, root: Path | None) -> str:
    # A file named on the command line is known by its stem (as the bundled references
    # are); a file found in a folder by its path below that folder, so ids stay unique.
    if root is None:
        return path.stem
    return path.relative_to(root).with_suffix("").as_posix()


def _read_text_file(data: bytes, doc_id: str | None, source: str) -> InputDocument:
    text, encoding = decode_body(data)
    return InputDocument(id=doc_id, text=text, encoding=encoding, from_bytes=True, source=source)


def _read_jsonl(path: Path, failures: Failures) -> Iterator[InputDocument]:
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = msgspec.json.decode(line, type=JsonlLine)
            except msgspec.DecodeError as exc:
                failures.add(f"{path}:{number}: {exc}")
                continue
            yield InputDocument(id=item.id, text=item.text, encoding=None, from_bytes=False,
                                source=f"{path}:{number}")


def read_inputs(inputs: Iterable[str], failures: Failures, stdin: BinaryIO | None = None) -> Iterator[InputDocument]:
    """Step 1: every document named by `inputs`, in order, folders sorted by path."""
    for name in inputs:
        if name == STDIN:
            data = (stdin or sys.stdin.buffer).read()
            try:
                yield _read_text_file(data, None, "<stdin>")
            except DecodeError as exc:
                failures.add(f"<stdin>: {exc}")
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not files:
                failures.add(f"{path}: no .txt files in this folder")
            for file in files:
                yield from _read_file(file, path, failures)
        else:
            yield from _read_file(path, None, failures)


def _read_file(path: Path, root: Path | None, failures: Failures) -> Iterator[InputDocument]:
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, failures)
            return
        data = path.read_bytes()
    except OSError as exc:
        failures.add(f"{path}: cannot read: {exc.strerror or exc}")
        return
    try:
        yield _read_text_file(data, _document_id(path, root), str(path))
    except DecodeError as exc:
        failures.add(f"{path}: {exc}")


def clean_inputs(docs: Iterable[InputDocument], *, store: CorpusStore | None, fix: bool,
                 year: int | None) -> Iterator[CleanResult]:
    """Step 2: each document through the detectors."""
    for doc in docs:
        yield clean_document(doc.text, store=store, doc_id=doc.id, fix=fix, year=year,
                             encoding=doc.encoding, original=doc.from_bytes)


def write_jsonl(results: Iterable[CleanResult], out: BinaryIO) -> int:
    """Step 3: one JSON object per line, the same shape as the API's; returns how many."""
    count = 0
    for result in results:
        out.write(msgspec.json.encode(result) + b"\n")
        out.flush()
        count += 1
    return count


def with_progress(items: Iterable[T], *, enabled: bool = True, unit: str = "doc") -> Iterator[T]:
    """A progress bar on stderr, shown only once a second item proves there is more than one."""
    items = iter(items)
    first = next(items, _END)
    if first is _END:
        return
    second = next(items, _END)
    if second is _END:
        yield first
        return
    yield from tqdm(chain((first, second), items), disable=not enabled, unit=unit, file=sys.stderr,
                    dynamic_ncols=True)
