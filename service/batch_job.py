"""`zhclean clean`: the batch job put together from the steps in `service.batch`.

Options are checked first (exit 2, nothing done); then the corpus index is opened (and,
with --corpus, loaded with the inputs); then what an earlier run wrote is read back
(--resume); then documents flow: sources -> raw documents -> not yet written -> engine
(process pool or Ray Data) -> sink, with a progress bar, and a summary at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from itertools import chain
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from corpus import DEFAULT_DB, CorpusError, CorpusStore, open_store

from .batch import (
    ISSUES_FILE,
    Failures,
    InputOptions,
    Job,
    JsonlSink,
    ResumeState,
    Summary,
    TxtFolderSink,
    count_documents,
    default_workers,
    read_inputs,
    read_raw,
    run_local,
    with_progress,
    write_outputs,
)
from .cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_STOPPED, EXIT_USAGE


class UsageError(Exception):
    pass


def _is_redis(url: str) -> bool:
    return url.split("://", 1)[0].lower() in ("redis", "rediss", "unix") and "://" in url


def _output_format(args: argparse.Namespace) -> str:
    if args.output_format:
        return args.output_format
    out = args.output
    if out and out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir()):
        return "txt"
    return "jsonl"


def _check(args: argparse.Namespace, output_format: str) -> None:
    to_stdout = args.output in (None, "-")
    if output_format == "txt" and to_stdout:
        raise UsageError("--format txt writes a folder: name it with -o OUT")
    if args.resume and to_stdout:
        raise UsageError("--resume needs -o OUT: it reads back what OUT already holds")
    if args.corpus and args.no_corpus:
        raise UsageError("--corpus adds the inputs to the corpus index, --no-corpus opens none: choose one")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.chunk < 1:
        raise UsageError("--chunk must be at least 1")
    if output_format == "jsonl" and not to_stdout and Path(args.output).is_dir():
        raise UsageError(f"{args.output} is a folder: use --format txt, or name a file")


def _add_to_corpus(store: CorpusStore, args: argparse.Namespace, options: InputOptions, quiet: bool) -> int:
    """--corpus: index every input (raw text, by id) before cleaning any. Read errors are
    reported by the cleaning pass that follows, not twice."""
    silent = Failures(write=lambda message: None)
    anonymous = 0

    def with_ids():
        nonlocal anonymous
        for doc in read_inputs(args.inputs, silent, options=options):
            if doc.id is None:
                anonymous += 1
            else:
                yield doc.id, doc.text

    added = store.add_documents(with_progress(with_ids(), enabled=not quiet, unit="doc"))
    if not quiet:
        print(f"zhclean: added {added} documents to the corpus index"
              + (f"; {anonymous} without an id were not added" if anonymous else ""), file=sys.stderr)
    return added


def run_clean(args: argparse.Namespace) -> int:
    output_format = _output_format(args)
    try:
        _check(args, output_format)
    except UsageError as exc:
        print(f"zhclean: {exc}", file=sys.stderr)
        return EXIT_USAGE
    options = InputOptions(include=tuple(args.include or ("*.txt",)), exclude=tuple(args.exclude),
                           id_field=args.id_field, text_field=args.text_field)
    workers = args.workers or default_workers()
    quiet = args.quiet
    db = None if args.no_corpus else (args.db or os.environ.get("ZHCLEAN_DB") or DEFAULT_DB)
    engine_db = db
    if args.engine == "ray" and db is not None and not _is_redis(db):
        # Workers on other machines cannot share an SQLite file.
        print(f"zhclean: boilerplate check (and the corpus-trained models) off with --engine ray: {db} is an "
              "embedded index that Ray workers cannot share; pass --db redis://host:port/db for a shared one",
              file=sys.stderr)
        engine_db = None
    store = None
    try:
        if db is not None:
            store = open_store(db)  # a bad --db fails here, before any work
            if args.corpus:
                _add_to_corpus(store, args, options, quiet)
            if engine_db is not None:
                from .models import models_for

                # The corpus-trained models: built (or found stale and rebuilt) and cached
                # in the index once, here, rather than by every worker at the same time.
                models_for(store).current()
        return _run(args, options, output_format, workers, Job(fix=not args.no_fix, year=args.year, db=engine_db,
                                                              output_format=output_format),
                    store if engine_db is not None else None, quiet)
    except CorpusError as exc:
        print(f"zhclean: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if store is not None:
            store.close()


def _started(outputs):
    """Run a generator up to its first item now, so that set-up errors surface here."""
    first = next(outputs, None)
    if first is None:
        return iter(())
    return chain((first,), outputs)


def _run(args, options: InputOptions, output_format: str, workers: int, job: Job,
         store: CorpusStore | None, quiet: bool) -> int:
    failures = Failures()
    summary = Summary()
    out_path = None if args.output in (None, "-") else Path(args.output)
    state = ResumeState()
    if args.resume:
        record = out_path / ISSUES_FILE if output_format == "txt" else out_path
        state = ResumeState.read(record)
    skipped = [0]
    if args.engine == "ray":
        from .batch_ray import RayUnavailable, run_ray

        try:
            outputs = run_ray(args.inputs, options, job, state, workers=args.workers, chunk=args.chunk)
            outputs = _started(outputs)
        except RayUnavailable as exc:
            print(f"zhclean: {exc}", file=sys.stderr)
            return EXIT_USAGE
    total = count_documents(args.inputs, options)
    if args.engine != "ray":
        if total is not None and total - len(state) <= args.chunk:
            workers = 1  # one chunk of work: starting a pool would cost more than it saves
        raws = state.skip(read_raw(args.inputs, options), skipped)
        outputs = run_local(raws, job, workers=workers, store=store, chunk=args.chunk)
    try:
        if output_format == "txt":
            sink = TxtFolderSink(out_path, anonymous_done=state.anonymous, append=args.resume)
        elif out_path is None:
            sink = JsonlSink(sys.stdout.buffer)
        else:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            sink = JsonlSink(open(out_path, "ab" if args.resume else "wb"))
    except OSError as exc:
        print(f"zhclean: cannot write {out_path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_STOPPED
    code = 0
    try:
        progress = with_progress(outputs, enabled=not quiet, total=None if total is None else max(total - len(state), 0))
        write_outputs(progress, sink, summary, failures)
    except KeyboardInterrupt:
        print("zhclean: interrupted; what was written is whole lines: rerun with --resume to go on", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        raise
    except (OSError, BrokenProcessPool) as exc:
        print(f"zhclean: the run stopped: {exc or type(exc).__name__}; rerun with --resume to go on", file=sys.stderr)
        code = EXIT_STOPPED
    finally:
        close = getattr(outputs, "close", None)
        if close is not None:
            close()  # stops the workers
        try:
            sink.close()
        except OSError:
            pass
    summary.skipped += skipped[0]
    if not quiet:
        print(summary.render(), file=sys.stderr)
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    if code:
        return code
    return EXIT_FAILED if failures else 0
