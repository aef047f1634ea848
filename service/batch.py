"""The batch job as a chain of generator steps: list sources -> read -> clean -> write.

- `list_sources` turns the command line's inputs into sources: a .txt file, a JSON-lines
  file, the bytes of stdin, or an error (a folder without matching files).
- `read_source` turns one source into raw documents: the bytes of a text file (decoded
  later, by the worker that cleans it), one JSON line's text, or an error (unreadable
  file, bad JSON line). Errors travel down the chain as items so that they are reported
  in input order, whichever engine runs it.
- `process` (in a worker) decodes and cleans one raw document and renders its output:
  the JSON line, or the cleaned text and its issues line for a folder of .txt.
- a sink writes outputs as whole lines, flushed; `ResumeState` reads back what a killed
  run wrote, so that `--resume` skips it.
- `run_local` runs `process` in this process or in a pool of worker processes with a
  bounded number of chunks in flight (memory does not grow with the input);
  `service.batch_ray` runs the same `process` on Ray Data.
"""
from __future__ import annotations

import fnmatch
import multiprocessing
import os
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, TypeVar

import msgspec
from tqdm import tqdm

from corpus import CorpusStore, open_store

from .cleaning import clean_document
from .decoding import DecodeError, decode_body

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
DEFAULT_INCLUDE = ("*.txt",)
ISSUES_FILE = "issues.jsonl"  # in a folder of cleaned .txt files: one line per document
CHUNK = 16  # documents per task sent to a worker
IN_FLIGHT_PER_WORKER = 4  # chunks queued or being cleaned, per worker
_END = object()  # end-of-iteration marker for with_progress
T = TypeVar("T")


# -- what flows between the steps -----------------------------------------------------------


class InputOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to find documents: glob filters for folders, field names for JSON lines."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    id_field: str = "id"
    text_field: str = "text"


class Source(msgspec.Struct, frozen=True, kw_only=True):
    """Where documents come from. kind: "txt" (path, root), "jsonl" (path), "stdin" (data), "error"."""

    kind: str
    path: str | None = None
    root: str | None = None  # the folder a .txt file was found in; None when named directly
    data: bytes | None = None
    error: str | None = None


class RawDocument(msgspec.Struct, frozen=True, kw_only=True):
    """A document before decoding: `data` (bytes of a text file) or `text` (a JSON line), or an error."""

    id: str | None
    source: str  # where it came from, for messages
    data: bytes | None = None
    text: str | None = None
    error: str | None = None
    skipped: bool = False  # already written by an earlier run (the Ray engine filters late)


class InputDocument(msgspec.Struct, kw_only=True):
    id: str | None
    text: str
    encoding: str | None  # how raw bytes were decoded; None for JSONL (JSON is UTF-8 text)
    from_bytes: bool  # decoded here, so the output echoes the text as "original" (as the API does)
    source: str  # where it came from, for messages


class Job(msgspec.Struct, frozen=True, kw_only=True):
    """What every worker needs to know to clean and render a document."""

    fix: bool = True
    year: int | None = None
    db: str | None = None  # corpus index for the boilerplate check; None: no check
    output_format: str = "jsonl"  # "jsonl" or "txt" (folder of cleaned .txt plus issues.jsonl)


class Output(msgspec.Struct, frozen=True, kw_only=True):
    """One document's output, rendered by the worker; the writer only copies bytes."""

    id: str | None
    source: str
    line: bytes = b""  # the JSON line (with its newline) for the JSONL output or the issues file
    text: str | None = None  # the cleaned text, for the .txt folder output
    codes: tuple[str, ...] = ()  # issue codes, for the summary
    fixed: int = 0
    error: str | None = None
    skipped: bool = False  # already written by an earlier run: counted, not written


class IssuesLine(msgspec.Struct, kw_only=True):
    """A line of issues.jsonl: everything of the API's result but the cleaned text."""

    id: str | None
    path: str
    issues: list[Any]
    stats: Any
    original: str | msgspec.UnsetType = msgspec.UNSET


class Failures:
    """Collects what could not be read; messages go to stderr without breaking a progress bar."""

    def __init__(self, write: Callable[[str], None] | None = None) -> None:
        self.messages: list[str] = []
        self._lock = threading.Lock()
        self._write = write or (lambda message: tqdm.write(message, file=sys.stderr))

    def add(self, message: str) -> None:
        with self._lock:
            self.messages.append(message)
            self._write(f"zhclean: {message}")

    def __len__(self) -> int:
        return len(self.messages)


# -- step 1: sources ------------------------------------------------------------------------


def _matches(relative: str, patterns: Sequence[str]) -> bool:
    """A glob matches a file's path below the folder, or its name alone (`*.txt`, `2023/**/*.txt`)."""
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) or PurePosixPath(relative).match(p)
               for p in patterns)


def _folder_files(folder: Path, options: InputOptions) -> list[Path]:
    files = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if _matches(relative, options.include) and not _matches(relative, options.exclude) and path.is_file():
            files.append(path)
    return sorted(files)


def list_sources(inputs: Iterable[str], options: InputOptions = InputOptions(),
                 stdin: BinaryIO | None = None) -> Iterator[Source]:
    """Every source named by `inputs`, in order; folders recursively, sorted by path."""
    for name in inputs:
        if name == STDIN:
            yield Source(kind="stdin", data=(stdin or sys.stdin.buffer).read())
            continue
        path = Path(name)
        if path.is_dir():
            files = _folder_files(path, options)
            if not files:
                yield Source(kind="error", error=f"{path}: no files matching {' '.join(options.include)} in this folder")
            for file in files:
                kind = "jsonl" if file.suffix.lower() in JSONL_SUFFIXES else "txt"
                yield Source(kind=kind, path=str(file), root=str(path))
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield Source(kind="jsonl", path=str(path))
        else:
            yield Source(kind="txt", path=str(path))


# -- step 2: raw documents ------------------------------------------------------------------


def _document_id(path: Path, root: Path | None) -> str:
    # A file named on the command line is known by its stem (as the bundled references
    # are); a file found in a folder by its path below that folder, so ids stay unique.
    if root is None:
        return path.stem
    return path.relative_to(root).with_suffix("").as_posix()


def _jsonl_documents(path: Path, options: InputOptions) -> Iterator[RawDocument]:
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                item = msgspec.json.decode(line)
            except msgspec.DecodeError as exc:
                yield RawDocument(id=None, source=where, error=f"{where}: {exc}")
                continue
            if not isinstance(item, dict):
                yield RawDocument(id=None, source=where, error=f"{where}: expected a JSON object")
                continue
            text, doc_id = item.get(options.text_field), item.get(options.id_field)
            if not isinstance(text, str):
                yield RawDocument(id=None, source=where, error=f"{where}: field {options.text_field!r} missing or not a string")
                continue
            if doc_id is not None and not isinstance(doc_id, str):
                if isinstance(doc_id, int) and not isinstance(doc_id, bool):
                    doc_id = str(doc_id)
                else:
                    yield RawDocument(id=None, source=where, error=f"{where}: field {options.id_field!r} is not a string")
                    continue
            yield RawDocument(id=doc_id, source=where, text=text)


def read_source(source: Source, options: InputOptions = InputOptions()) -> Iterator[RawDocument]:
    """The raw documents of one source, errors included as items."""
    if source.kind == "error":
        yield RawDocument(id=None, source="", error=source.error)
        return
    if source.kind == "stdin":
        yield RawDocument(id=None, source="<stdin>", data=source.data)
        return
    path = Path(source.path)
    try:
        if source.kind == "jsonl":
            yield from _jsonl_documents(path, options)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield RawDocument(id=None, source=str(path), error=f"{path}: cannot read: {exc.strerror or exc}")
        return
    root = Path(source.root) if source.root is not None else None
    yield RawDocument(id=_document_id(path, root), source=str(path), data=data)


def read_raw(inputs: Iterable[str], options: InputOptions = InputOptions(),
             stdin: BinaryIO | None = None) -> Iterator[RawDocument]:
    return chain.from_iterable(read_source(s, options) for s in list_sources(inputs, options, stdin))


def decode(raw: RawDocument) -> InputDocument:
    """Raises DecodeError for bytes that are no text in any encoding we know."""
    if raw.text is not None:
        return InputDocument(id=raw.id, text=raw.text, encoding=None, from_bytes=False, source=raw.source)
    text, encoding = decode_body(raw.data or b"")
    return InputDocument(id=raw.id, text=text, encoding=encoding, from_bytes=True, source=raw.source)


def read_inputs(inputs: Iterable[str], failures: Failures, stdin: BinaryIO | None = None,
                options: InputOptions = InputOptions()) -> Iterator[InputDocument]:
    """Decoded documents, in order; what cannot be read or decoded goes to `failures`."""
    for raw in read_raw(inputs, options, stdin):
        if raw.error is not None:
            failures.add(raw.error)
            continue
        try:
            yield decode(raw)
        except DecodeError as exc:
            failures.add(f"{raw.source}: {exc}")


def count_documents(inputs: Sequence[str], options: InputOptions = InputOptions()) -> int | None:
    """How many documents the inputs hold, for the ETA and the pool size: JSON lines
    counted by newlines, stdin as one (it is not read here); None when a JSON-lines input
    is a pipe, which only the run itself may read."""
    total = inputs.count(STDIN)
    for source in list_sources([name for name in inputs if name != STDIN], options):
        if source.kind == "txt":
            total += 1
        elif source.kind == "jsonl":
            if Path(source.path).exists() and not Path(source.path).is_file():
                return None
            try:
                with open(source.path, "rb") as f:
                    total += sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
            except OSError:
                pass
    return total


# -- step 3: clean one document (in a worker) -----------------------------------------------


def txt_name(doc_id: str | None, anonymous: int) -> str:
    """The cleaned file's path in the output folder: the id as a relative path, made safe.

    >>> txt_name("sub/report", 0), txt_name("../../etc/x", 0), txt_name(None, 7)
    ('sub/report.txt', 'etc/x.txt', '_noid/000007.txt')
    """
    if doc_id is None:
        return f"_noid/{anonymous:06d}.txt"
    parts = [p for p in doc_id.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts or ["_"]) + ".txt"


def process(raw: RawDocument, job: Job, store: CorpusStore | None) -> Output:
    """Decode, clean and render one document (or pass its error on)."""
    if raw.skipped:
        return Output(id=raw.id, source=raw.source, skipped=True)
    if raw.error is not None:
        return Output(id=raw.id, source=raw.source, error=raw.error)
    try:
        doc = decode(raw)
    except DecodeError as exc:
        return Output(id=raw.id, source=raw.source, error=f"{raw.source}: {exc}")
    result = clean_document(doc.text, store=store, doc_id=doc.id, fix=job.fix, year=job.year,
                            encoding=doc.encoding, original=doc.from_bytes)
    codes = tuple(i.code for i in result.issues)
    fixed = result.stats.fixed
    if job.output_format == "txt":
        # The file name of an id-less document is given by the writer (it counts them).
        line = msgspec.json.encode(IssuesLine(id=result.id, path="", issues=result.issues, stats=result.stats,
                                              original=result.original))
        return Output(id=doc.id, source=doc.source, line=line + b"\n", text=result.text, codes=codes, fixed=fixed)
    return Output(id=doc.id, source=doc.source, line=msgspec.json.encode(result) + b"\n", codes=codes, fixed=fixed)


# Per worker process: the job and its open store, set by the pool initializer.
_worker: dict[str, Any] = {}


def _die_with_parent() -> None:
    """Linux: a worker gets SIGTERM when the job is killed, instead of living on as an orphan."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def init_worker(job: Job) -> None:
    from detectors import warm_up

    _die_with_parent()
    _worker["job"] = job
    _worker["store"] = open_store(job.db, load_reference=False) if job.db else None
    warm_up()


def process_chunk(chunk: list[RawDocument]) -> list[Output]:
    return [process(raw, _worker["job"], _worker["store"]) for raw in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_local(raws: Iterable[RawDocument], job: Job, *, workers: int, store: CorpusStore | None = None,
              chunk: int = CHUNK) -> Iterator[Output]:
    """Outputs in input order. One worker: here, with `store`. More: a process pool with
    at most IN_FLIGHT_PER_WORKER chunks per worker submitted ahead of the writer, so
    memory stays bounded however long the input is. A worker that dies stops the run
    (BrokenProcessPool) instead of hanging it."""
    if workers <= 1:
        from detectors import warm_up

        warm_up()
        if store is None and job.db:
            store = open_store(job.db, load_reference=False)
        for raw in raws:
            yield process(raw, job, store)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    limit = workers * IN_FLIGHT_PER_WORKER
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=(job,))
    pending: deque = deque()
    try:
        for part in _chunks(raws, chunk):
            pending.append(executor.submit(process_chunk, part))
            if len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


# -- step 4: write ----------------------------------------------------------------------------


def _complete_lines(path: Path) -> tuple[list[bytes], int]:
    """The whole lines of a file (a last line without its newline was cut by a kill) and
    the length of the file up to the end of the last whole line that parses as JSON."""
    data = path.read_bytes()
    good_end, lines, offset = 0, [], 0
    for line in data.splitlines(keepends=True):
        offset += len(line)
        if not line.endswith(b"\n"):
            break
        try:
            msgspec.json.decode(line)
        except msgspec.DecodeError:
            break
        lines.append(line)
        good_end = offset
    return lines, good_end


class ResumeState:
    """What an earlier run of the same command already wrote: ids, and how many id-less
    documents (which are skipped by position, the order being deterministic)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.anonymous = 0

    @classmethod
    def read(cls, record: Path) -> "ResumeState":
        """Read `record` (the JSONL output, or issues.jsonl of a folder) and cut it after
        its last whole line, so that appended lines start on a line of their own."""
        state = cls()
        if not record.exists():
            return state
        lines, good_end = _complete_lines(record)
        for line in lines:
            doc_id = msgspec.json.decode(line).get("id")
            if doc_id is None:
                state.anonymous += 1
            else:
                state.ids.add(doc_id)
        if good_end != record.stat().st_size:
            with open(record, "r+b") as f:
                f.truncate(good_end)
        return state

    def __len__(self) -> int:
        return len(self.ids) + self.anonymous

    def skip(self, raws: Iterable[RawDocument], skipped: list[int]) -> Iterator[RawDocument]:
        """Documents not written yet; skipped[0] counts the others."""
        anonymous = self.anonymous
        for raw in raws:
            if raw.error is None:
                if raw.id is None and anonymous > 0:
                    anonymous -= 1
                    skipped[0] += 1
                    continue
                if raw.id is not None and raw.id in self.ids:
                    skipped[0] += 1
                    continue
            yield raw


class JsonlSink:
    """One JSON line per document, written whole and flushed: a kill leaves at most a cut last line."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def write(self, output: Output) -> None:
        self.out.write(output.line)
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


class TxtFolderSink:
    """A folder of cleaned .txt files (named by id) plus issues.jsonl, one line per document.
    A .txt file is complete (written aside, then renamed) before its issues line is written,
    so the issues file is the record of what is done."""

    def __init__(self, folder: Path, anonymous_done: int = 0, append: bool = False) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.issues = open(folder / ISSUES_FILE, "ab" if append else "wb")
        self.anonymous = anonymous_done

    def write(self, output: Output) -> None:
        name = txt_name(output.id, self.anonymous)
        if output.id is None:
            self.anonymous += 1
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_text(output.text or "", encoding="utf-8")
        os.replace(partial, target)
        # The worker rendered the line without the file name; put it in.
        line = output.line.replace(b'"path":""', b'"path":' + msgspec.json.encode(name), 1)
        self.issues.write(line)
        self.issues.flush()

    def close(self) -> None:
        self.issues.close()


# -- the summary -------------------------------------------------------------------------------


class Summary:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.documents = 0
        self.failed = 0
        self.skipped = 0
        self.fixed = 0
        self.codes: Counter[str] = Counter()

    def add(self, output: Output) -> None:
        self.documents += 1
        self.fixed += output.fixed
        self.codes.update(output.codes)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def as_dict(self) -> dict[str, Any]:
        by_type: Counter[str] = Counter()
        for code, n in self.codes.items():
            by_type[code.split(".", 1)[0]] += n
        return {
            "documents": self.documents,
            "skipped_already_written": self.skipped,
            "failed": self.failed,
            "issues": sum(self.codes.values()),
            "fixed": self.fixed,
            "issues_by_type": dict(by_type.most_common()),
            "issues_by_code": dict(self.codes.most_common()),
            "seconds": round(self.elapsed, 3),
        }

    def render(self) -> str:
        d = self.as_dict()
        rate = d["documents"] / d["seconds"] if d["seconds"] > 0 else 0.0
        lines = [f"zhclean: {d['documents']} documents cleaned in {d['seconds']:.2f} s ({rate:.1f} docs per second)"
                 + (f", {d['skipped_already_written']} already written" if d["skipped_already_written"] else "")
                 + (f", {d['failed']} failed" if d["failed"] else "")]
        lines.append(f"issues: {d['issues']} ({d['fixed']} fixed)")
        for type_, n in d["issues_by_type"].items():
            codes = ", ".join(f"{code} {m}" for code, m in d["issues_by_code"].items() if code.split(".", 1)[0] == type_)
            lines.append(f"  {type_} {n}: {codes}")
        return "\n".join(lines)


def write_outputs(outputs: Iterable[Output], sink, summary: Summary, failures: Failures) -> None:
    for output in outputs:
        if output.skipped:
            summary.skipped += 1
            continue
        if output.error is not None:
            summary.failed += 1
            failures.add(output.error)
            continue
        sink.write(output)
        summary.add(output)


# -- compatibility: the single-process chain ---------------------------------------------------


def clean_inputs(docs: Iterable[InputDocument], *, store: CorpusStore | None, fix: bool,
                 year: int | None) -> Iterator[Any]:
    """Each decoded document through the detectors (no output rendering)."""
    for doc in docs:
        yield clean_document(doc.text, store=store, doc_id=doc.id, fix=fix, year=year,
                             encoding=doc.encoding, original=doc.from_bytes)


def write_jsonl(results: Iterable[Any], out: BinaryIO) -> int:
    """One JSON object per line, the same shape as the API's; returns how many."""
    count = 0
    for result in results:
        out.write(msgspec.json.encode(result) + b"\n")
        out.flush()
        count += 1
    return count


def with_progress(items: Iterable[T], *, enabled: bool = True, unit: str = "doc", total: int | None = None) -> Iterator[T]:
    """A progress bar on stderr (rate and, with a total, ETA), shown only once a second
    item proves there is more than one."""
    items = iter(items)
    first = next(items, _END)
    if first is _END:
        return
    second = next(items, _END)
    if second is _END:
        yield first
        return
    yield from tqdm(chain((first, second), items), disable=not enabled, unit=unit, file=sys.stderr,
                    dynamic_ncols=True, total=total, smoothing=0.1)
