"""`zhclean clean --engine ray`: the same steps as the local engine, on Ray Data.

    sources (listed by the driver)  -> from_items
    read_source (Ray tasks)         -> flat_map: raw documents, minus those already written
    process (a pool of Ray actors)  -> map_batches: decode, clean, render
    the driver                      -> iter_rows in input order: the same sinks and summary

Each actor opens the corpus index once (a Redis index: workers on other machines cannot
share an SQLite file, so the command turns boilerplate off without one) and warms the
detectors up. `RAY_ADDRESS` points at a cluster; without it a local Ray instance is
started with `--workers` CPUs. Rows cross Ray as msgpack bytes, one column, so that no
schema has to be inferred from documents. Install with `pip install 'zhclean[ray]'`.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import msgspec
import numpy as np

from .batch import Job, Output, RawDocument, ResumeState, Source, InputOptions, list_sources, process, read_source


class RayUnavailable(RuntimeError):
    pass


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RayUnavailable("--engine ray needs Ray Data: pip install 'zhclean[ray]'") from exc
    return ray


def _read(row: dict[str, Any], *, options: InputOptions, done_ids: frozenset[str]) -> Iterator[dict[str, bytes]]:
    """flat_map step: one source's raw documents, yielded as they are read (Ray cuts the
    blocks as they fill, so a JSONL file of millions is never held whole); those already
    written become skip markers."""
    source = msgspec.msgpack.decode(row["source"], type=Source)
    for raw in read_source(source, options):
        if raw.error is None and raw.id is not None and raw.id in done_ids:
            raw = RawDocument(id=raw.id, source=raw.source, skipped=True)
        yield {"raw": msgspec.msgpack.encode(raw)}


class _Cleaner:
    """map_batches step, one per actor: the store is opened and the detectors warmed once."""

    def __init__(self, job: Job):
        from .batch import init_worker, _worker

        init_worker(job)
        self.job, self.store = _worker["job"], _worker["store"]

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        decoder = msgspec.msgpack.Decoder(RawDocument)
        outputs = [msgspec.msgpack.encode(process(decoder.decode(raw), self.job, self.store)) for raw in batch["raw"]]
        return {"out": np.array(outputs, dtype=object)}


def run_ray(inputs: Sequence[str], options: InputOptions, job: Job, state: ResumeState, *,
            workers: int | None, chunk: int) -> Iterator[Output]:
    """Outputs in input order, as `run_local` yields them."""
    ray = _import_ray()
    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS")
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
        if not address and workers:
            kwargs["num_cpus"] = workers
        ray.init(address=address or None, **kwargs)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # the output is in input order, as locally
    context.enable_progress_bars = False  # ours is on stderr already
    if hasattr(context, "print_on_execution_start"):
        context.print_on_execution_start = False

    sources = [{"source": msgspec.msgpack.encode(s)} for s in list_sources(inputs, options)]
    if not sources:
        return
    size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    dataset = ray.data.from_items(sources, override_num_blocks=min(len(sources), 2 * size))
    # Reading takes no CPU slot: the cleaning actors may hold them all (two on a two-core machine).
    dataset = dataset.flat_map(_read, fn_kwargs={"options": options, "done_ids": frozenset(state.ids)}, num_cpus=0)
    dataset = dataset.map_batches(_Cleaner, fn_constructor_args=(job,), batch_size=chunk, batch_format="numpy",
                                  compute=ray.data.ActorPoolStrategy(size=size))
    anonymous = state.anonymous  # id-less documents already written: skipped by position
    decoder = msgspec.msgpack.Decoder(Output)
    for row in dataset.iter_rows():
        output = decoder.decode(row["out"])
        if output.error is None and not output.skipped and output.id is None and anonymous > 0:
            anonymous -= 1
            output = Output(id=None, source=output.source, skipped=True)
        yield output
