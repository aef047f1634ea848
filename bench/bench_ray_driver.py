"""How fast the Ray driver writes: `zhclean clean --engine ray` sends every output row back
to the driver, which writes them in input order. Prints figures, asserts nothing.

    .venv/bin/python -m bench.bench_ray_driver [--rows 50000] [--kb 12]   (needs zhclean[ray])

Rows are rendered outputs of --kb KB (a 10 KB report's JSON line is about 12 KB), made by
Ray tasks on a local instance and materialised first, so that only the driver's share is
timed: Ray's iter_rows, decoding each row and the JSONL sink's write (to /dev/null), as
`service.batch_ray.run_ray` and `service.batch.write_outputs` do it. Compare the rows per
second with the cleaning rate of one worker (`bench.bench_batch`): the driver limits a
cluster only past that many workers, or past its network link's bytes per second.
"""
from __future__ import annotations

import argparse
import os
import platform
import time

import msgspec
import numpy as np

from service.batch import Failures, JsonlSink, Output, Summary, write_outputs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--kb", type=float, default=12.0, help="size of a rendered row")
    args = ap.parse_args(argv)
    import ray

    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # as run_ray
    context.enable_progress_bars = False
    line = b'{"text":"' + b"x" * int(args.kb * 1024) + b'"}\n'

    def render(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        rows = [msgspec.msgpack.encode(Output(id=str(i), source="bench", line=line, codes=("punctuation.ascii_comma",) * 5,
                                              fixed=3)) for i in batch["id"]]
        return {"out": np.array(rows, dtype=object)}

    dataset = ray.data.range(args.rows, override_num_blocks=40).map_batches(render, batch_size=256).materialize()
    decoder = msgspec.msgpack.Decoder(Output)
    with open(os.devnull, "wb") as out:
        wall, cpu = time.perf_counter(), time.process_time()
        write_outputs((decoder.decode(row["out"]) for row in dataset.iter_rows()), JsonlSink(out), Summary(), Failures())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ray.shutdown()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"Ray {ray.__version__}")
    print(f"driver: {args.rows / wall:,.0f} rows/s of {len(line) / 1024:.1f} KB ({args.rows * len(line) / wall / 2**30:.2f} GiB/s), "
          f"{cpu / args.rows * 1e6:.1f} us of driver CPU per row")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
