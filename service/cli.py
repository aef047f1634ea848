"""The `zhclean` command: serve, clean, corpus add|list|delete|stats|report."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from corpus import DEFAULT_DB, CorpusError, CorpusStore, open_store, render_report_html

from .batch import CHUNK, STDIN, Failures, read_inputs, with_progress
from .settings import Settings, SettingsError

EXIT_FAILED = 1  # some inputs could not be processed, or the thing asked for does not exist
EXIT_USAGE = 2  # bad configuration: the command did nothing
EXIT_STOPPED = 3  # a batch run stopped before the end: output not writable, a worker died
EXIT_INTERRUPTED = 130  # Ctrl-C


def _db_parent(default: object = None) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", default=default, help=f"corpus index: a path, sqlite:///path or redis://host:port/db "
                        f"(env ZHCLEAN_DB; default {DEFAULT_DB})")
    return parent


def build_parser() -> argparse.ArgumentParser:
    db = _db_parent()
    parser = argparse.ArgumentParser(prog="zhclean", description="Clean raw Chinese text and report, span by span, what was wrong.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", parents=[db], help="run the HTTP API")
    serve.add_argument("--host", help="interface to listen on (env ZHCLEAN_HOST; default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (env ZHCLEAN_PORT; default 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (env ZHCLEAN_WORKERS; default 1)")

    clean = commands.add_parser(
        "clean", parents=[db], help="clean files, folders, JSONL or stdin; JSON lines or .txt files out",
        description="Clean documents in parallel; one JSON line per document (or a folder of cleaned .txt files "
                    "plus issues.jsonl), a progress bar and a summary on stderr.",
        epilog="exit codes: 0 every document written; 1 some inputs could not be read or decoded (reported, "
               "skipped); 2 bad usage or configuration (nothing done); 3 the run stopped (output not writable, "
               "a worker died); 130 interrupted (whole lines so far: rerun with --resume)")
    clean.add_argument("inputs", nargs="+", metavar="INPUT",
                       help=".txt file (UTF-8, GB18030, Big5, UTF-16 sniffed), folder (recursive), .jsonl/.ndjson, or - for stdin")
    clean.add_argument("-o", "--output", metavar="OUT", help="JSONL file, or a folder for --format txt (default: JSONL on stdout)")
    clean.add_argument("--format", choices=("jsonl", "txt"), dest="output_format",
                       help="jsonl: one result per line; txt: a folder of cleaned .txt plus issues.jsonl "
                            "(default: txt when OUT is a folder or ends with /, else jsonl)")
    clean.add_argument("--include", action="append", metavar="GLOB",
                       help="in folders, files to read (repeatable; matched against the path below the folder "
                            "and the file name; default *.txt; *.jsonl files found are read as JSON lines)")
    clean.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="in folders, files to skip (repeatable)")
    clean.add_argument("--id-field", default="id", metavar="NAME", help="JSON lines: field holding the id (default id)")
    clean.add_argument("--text-field", default="text", metavar="NAME", help="JSON lines: field holding the text (default text)")
    clean.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    clean.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: a process pool on this machine; ray: Ray Data (RAY_ADDRESS picks the cluster; "
                            "pip install 'zhclean[ray]')")
    clean.add_argument("--chunk", type=int, default=CHUNK, metavar="N", help=f"documents per task (default {CHUNK})")
    clean.add_argument("--resume", action="store_true",
                       help="append to OUT, skipping documents it already holds (a cut last line is dropped)")
    clean.add_argument("--corpus", action="store_true",
                       help="add the inputs to the corpus index first, so boilerplate refers to the whole batch")
    clean.add_argument("--no-fix", action="store_true", help="suggest replacements but apply none")
    clean.add_argument("--year", type=int, help="the report year, when the title does not say it")
    clean.add_argument("--no-corpus", action="store_true", help="skip the boilerplate check (no corpus index is opened)")
    clean.add_argument("--summary-json", metavar="FILE", help="also write the summary as JSON here")
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    # --db is accepted before the action too (`zhclean corpus --db X stats`); after it, the
    # action's own flag must not reset an earlier value, hence SUPPRESS as its default.
    corpus = commands.add_parser("corpus", parents=[db], help="manage the corpus index")
    actions = corpus.add_subparsers(dest="action", required=True, metavar="ACTION")
    db = _db_parent(default=argparse.SUPPRESS)
    add = actions.add_parser("add", parents=[db], help="add or replace documents (.txt, folders, .jsonl)")
    add.add_argument("inputs", nargs="+", metavar="FILE")
    listing = actions.add_parser("list", parents=[db], help="print document ids, one a line")
    listing.add_argument("--limit", type=int, help="at most this many (default: all)")
    listing.add_argument("--offset", type=int, default=0)
    remove = actions.add_parser("delete", parents=[db], help="delete documents by id")
    remove.add_argument("ids", nargs="+", metavar="ID")
    actions.add_parser("stats", parents=[db], help="document and paragraph counts, backend, scheme")
    report = actions.add_parser("report", parents=[db], help="the duplication report")
    report.add_argument("--format", choices=("json", "html"), default="json")
    report.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    report.add_argument("--threshold", type=float, default=0.7, help="similarity for duplicate pairs (default 0.7)")
    report.add_argument("--top", type=int, default=20, help="most repeated passages to list (default 20)")
    return parser


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[BinaryIO]:
    if path is None or path == STDIN:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            yield out


def _store(args: argparse.Namespace) -> CorpusStore:
    return open_store(args.db)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings.from_env().with_overrides(db=args.db, host=args.host, port=args.port, workers=args.workers)
    # Open the index once here: a bad --db fails now with a message, and a new index is
    # created and loaded before several workers could race to do it.
    open_store(settings.db).close()
    # Worker processes rebuild the app from the environment (uvicorn's factory import string).
    os.environ.update(settings.to_env())
    uvicorn.run("service.app:app_from_env", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, access_log=False)  # our own JSON access log replaces uvicorn's
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from .batch_job import run_clean

    return run_clean(args)


def cmd_corpus(args: argparse.Namespace) -> int:
    with _store(args) as store:
        if args.action == "add":
            return _corpus_add(store, args.inputs)
        if args.action == "list":
            return _corpus_list(store, args.limit, args.offset)
        if args.action == "delete":
            missing = [doc_id for doc_id in args.ids if not store.delete_document(doc_id)]
            for doc_id in missing:
                print(f"zhclean: no document with id {doc_id!r}", file=sys.stderr)
            return EXIT_FAILED if missing else 0
        if args.action == "stats":
            print(json.dumps(store.stats(), ensure_ascii=False, indent=2))
            return 0
        if args.action == "report":
            report = store.report(threshold=args.threshold, top=args.top)
            if args.format == "html":
                body = render_report_html(report).encode("utf-8")
            else:
                body = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            with _output(args.output) as out:
                out.write(body)
            return 0
    raise AssertionError(f"unhandled corpus action {args.action!r}")


def _corpus_add(store: CorpusStore, inputs: Sequence[str]) -> int:
    failures = Failures()

    def with_ids():
        for doc in read_inputs(inputs, failures):
            if doc.id is None:
                failures.add(f"{doc.source}: a corpus document needs an id")
            else:
                yield doc.id, doc.text

    added = store.add_documents(with_progress(with_ids(), unit="doc"))
    print(f"added {added} documents", file=sys.stderr)
    return EXIT_FAILED if failures else 0


def _corpus_list(store: CorpusStore, limit: int | None, offset: int) -> int:
    page = 1000
    remaining = limit
    while remaining is None or remaining > 0:
        size = page if remaining is None else min(page, remaining)
        ids = store.list_ids(size, offset)
        for doc_id in ids:
            print(doc_id)
        if len(ids) < size:
            break
        offset += len(ids)
        if remaining is not None:
            remaining -= len(ids)
    return 0


COMMANDS = {"serve": cmd_serve, "clean": cmd_clean, "corpus": cmd_corpus}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (CorpusError, SettingsError) as exc:
        print(f"zhclean: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `zhclean clean ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
