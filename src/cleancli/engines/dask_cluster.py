"""`run --engine dask`: the same per-page fold over input parts, on a Dask cluster.

Map: each part (a file, or a range of lines of a large JSONL file) is read by a task on a
worker, folded through extract, strip and split exactly as `--jobs` does it, rendered in the
run's document format (`docformats`), and written as an unreduced shard of JSON lines; the task
returns only counts, rejects and each record's dedup key. Reduce: the client walks the keys in
input order, so the record kept is the first in input order, as with the local engine. A second
map turns each unreduced shard into the final one, `part-00000.jsonl.gz` (or, for Parquet,
`part-00000.parquet`), dropping or marking the duplicates it holds. A manifest lists the shards
and the counts. Records are the local engine's (its very bytes, for JSONL), in the same order
when the shards are read in name order.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import os
import shutil
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cleancli.engines.pipeline import Tally
from cleancli.engines.processes import process, relabel
from cleancli.engines.shardfolder import (
    SHARD_ENDINGS,
    STAGING,
    UNREDUCED,
    earlier_run,
    publish,
    refuse_inputs_inside,
)
from cleancli.errors import UsageError
from cleancli.inputs.parts import Part, count_lines, number_parts, plan_parts, read_part
from cleancli.outputs.docformats import Rendering
from cleancli.record import Reject
from cleancli.schema import SCHEMA_VERSION
from cleancli.stages.dedup import DedupKey, compact_id, key_bytes, make_deduper
from cleancli.stages.extract import extract_with

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from cleancli.options import Format, Options, OutputFormat, Plan, Schema
    from cleancli.outputs.sinks import LineSink
    from cleancli.record import Item

#: A shard's relabelling: its id as made, the id it is written under, what it duplicates.
Relabel = tuple[str, str, str | None]


class _Rows:
    """Each record's kind, id and dedup key, packed: a few bytes a record rather than three
    Python objects, since the client holds them for every record of the corpus at once."""

    def __init__(self, width: int = 0) -> None:
        self.related = bytearray()  # 1 for a related record, 0 for an article
        self.ids = array("Q")  # cleancli's own 16-hex-digit ids as integers…
        self.named: dict[int, str] = {}  # …other ids by position
        self.keys = bytearray()
        self.width = width  # bytes per key
        self.missing: set[int] = set()  # rows without a key (empty text)

    def __len__(self) -> int:
        return len(self.related)

    def append(self, kind: str, record_id: str, key: DedupKey | None) -> None:
        index = len(self.related)
        self.related.append(kind == "related")
        compact = compact_id(record_id)
        self.ids.append(compact if isinstance(compact, int) else 0)
        if isinstance(compact, str):
            self.named[index] = record_id
        if key is None:
            self.missing.add(index)
            key = bytes(self.width)
        self.keys += key

    def __iter__(self) -> Iterator[tuple[str, str, DedupKey | None]]:
        for index in range(len(self.related)):
            kind = "related" if self.related[index] else "article"
            record_id = self.named.get(index) or f"{self.ids[index]:016x}"
            at = index * self.width
            key = None if index in self.missing else bytes(self.keys[at : at + self.width])
            yield kind, record_id, key


@dataclass(slots=True)
class Mapped:
    """What one part's task sends back: never the records themselves."""

    shard: str
    read: int = 0
    split_out: int = 0
    rows: _Rows = field(default_factory=_Rows)
    rejects: list[Reject] = field(default_factory=list)


def _shard_writer(path: Path) -> gzip.GzipFile:
    """gzip with no name and no time in its header, so the same records give the same bytes."""
    return gzip.GzipFile(filename="", mode="wb", fileobj=path.open("wb"), mtime=0, compresslevel=3)


def map_part(
    part: Part, shard: str, out_dir: str, options: Options, fmt: Format, max_bytes: int,
    render: Rendering,
) -> Mapped:  # fmt: skip
    """Fold one part and write its shard, unreduced (duplicates still in) until `finish_shard`:
    gzipped JSON lines, whatever the shard's final format."""
    tally = Tally()
    found = Mapped(shard, rows=_Rows(key_bytes(options.dedup)))
    pages = tally.reading(read_part(part, fmt=fmt, max_bytes=max_bytes))
    with _shard_writer(_unreduced(Path(out_dir) / shard)) as out:
        for done in process(pages, options, jobs=1, render=render):
            found.split_out += done.split_out
            for row in done.rows:
                if isinstance(row, Reject):
                    found.rejects.append(row)
                    continue
                out.write(row.line)
                found.rows.append(row.kind, row.id, row.key)
    found.read = tally.read
    return found


def _unreduced(shard: Path) -> Path:
    return shard.with_name(shard.name + UNREDUCED)


def finish_shard(
    path: str, drop: set[int], mark: dict[int, Relabel], parquet: Schema | None = None
) -> None:
    """The final shard from the unreduced one: the duplicates the reduce found dropped or
    marked, written as gzipped JSON lines, or as Parquet rows of the document format `parquet`
    when given. Safe to run twice (Dask may retry a task): the unreduced file goes only after
    the final one is in place, and with it gone there is nothing left to do."""
    shard = Path(path)
    source = _unreduced(shard)
    if not source.exists():
        return
    if not drop and not mark and parquet is None:
        source.replace(shard)
        return
    temporary = shard.with_name(shard.name + ".tmp")
    with gzip.open(source, "rb") as lines, _final_writer(temporary, parquet) as out:
        for index, line in enumerate(lines):
            if index in drop:
                continue
            out.write(relabel(line, *mark[index]) if index in mark else line)
    temporary.replace(shard)
    source.unlink()


@contextlib.contextmanager
def _final_writer(path: Path, parquet: Schema | None) -> Iterator[LineSink]:
    """A final shard's sink: gzipped JSON lines, or a Parquet file of `parquet`'s rows."""
    if parquet is None:
        with _shard_writer(path) as out:
            yield out
        return
    from cleancli.outputs.parquet import ParquetSink

    with path.open("wb") as raw, ParquetSink(raw, parquet) as sink:
        yield sink


@contextlib.contextmanager
def client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Dask client, on `scheduler` or on a local cluster of `workers` processes; on leaving,
    the client and then the cluster it started are closed, so that no worker is still
    heartbeating (and logging a closed stream) after the run's summary."""
    # Dask's own log lines (a port in use, a heartbeat missed at shutdown) are no part of a
    # run's report: errors only, here and, through the environment, in the worker processes,
    # unless the user set a level of their own.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    try:
        dask: Any = importlib.import_module("dask")
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise UsageError(
            "--engine dask needs Dask: pip install -e '.[dask]' in cleancli's folder"
        ) from exc
    if scheduler:
        with distributed.Client(scheduler) as client:
            yield client
        return
    # Workers must be allowed children: each runs its own HTML extraction process.
    dask.config.set({"distributed.worker.daemon": False})
    with (
        distributed.LocalCluster(
            # the scheduler serves HTTP whatever is asked: on a free port, never a warning
            # that 8787 is taken
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def parts(
    dask: Any, client: Any, inputs: list[str], plan: Plan
) -> tuple[list[Part | Reject], list[Part]]:
    """The inputs as parts, large JSONL files cut, with line numbers counted by a map."""
    planned = list(plan_parts(inputs, plan.part_bytes, plan.fmt))
    parts = [p for p in planned if isinstance(p, Part)]
    counts = dask.compute(*[dask.delayed(count_lines)(p) for p in parts], scheduler=client)
    return planned, number_parts(parts, list(counts))


def part_records(part: Part, options: Options, plan: Plan) -> Iterator[Item]:
    """The records extract makes of one part, as a task reads them."""
    return extract_with(read_part(part, fmt=plan.fmt, max_bytes=plan.max_bytes), options)


def run_dask(
    inputs: list[str],
    options: Options,
    tally: Tally,
    *,
    out_dir: Path,
    plan: Plan,
    render: Rendering | None = None,
    output_format: OutputFormat = "jsonl",
    on_reject: Callable[[Reject], None] | None = None,
    rejects: IO[bytes] | None = None,
) -> dict[str, Any]:
    """Run all four stages on Dask, writing shards and a manifest to `out_dir`; the manifest.
    Records are rendered as `render` says (schema v3 by default), in shards of `output_format`
    (gzipped JSONL, or Parquet)."""
    if "-" in inputs:
        raise UsageError("--engine dask reads files, not stdin: its tasks open the inputs")
    refuse_inputs_inside(inputs, out_dir)
    earlier = earlier_run(out_dir)
    render = render or Rendering(now=options.now)
    extension = SHARD_ENDINGS[output_format]
    parquet = render.schema if output_format == "parquet" else None
    staging = out_dir / STAGING
    with client(plan.scheduler, plan.jobs or 1) as cluster:
        dask: Any = importlib.import_module("dask")  # untyped; present once client() has checked
        if staging.exists():
            shutil.rmtree(staging)  # a run that died before its end: checked to hold only shards
        staging.mkdir(parents=True)
        planned, shares = parts(dask, cluster, inputs, plan)
        shards = [f"part-{n:05d}.{extension}" for n in range(len(shares))]
        tasks = [
            dask.delayed(map_part)(
                part, shard, str(staging), options, plan.fmt, plan.max_bytes, render,
                dask_key_name=f"map-{shard}",
            )
            for part, shard in zip(shares, shards, strict=True)
        ]  # fmt: skip
        mapped: list[Mapped] = list(dask.compute(*tasks, scheduler=cluster))
        changes = _reduce(planned, mapped, options, tally, on_reject, rejects)
        finishing = [
            dask.delayed(finish_shard)(str(staging / m.shard), drop, mark, parquet)
            for m, (drop, mark) in zip(mapped, changes, strict=True)
        ]
        dask.compute(*finishing, scheduler=cluster)
    manifest = _manifest(mapped, shares, changes, options, tally, render, output_format)
    publish(out_dir, staging, earlier, manifest)
    return manifest


def _manifest(
    mapped: list[Mapped],
    shares: list[Part],
    changes: list[tuple[set[int], dict[int, Relabel]]],
    options: Options,
    tally: Tally,
    render: Rendering,
    output_format: OutputFormat,
) -> dict[str, Any]:
    """What the manifest says of a run: its formats, each shard with its source and record
    count, the run's counts, and how duplicates were handled."""
    return {
        "schema": SCHEMA_VERSION,
        "document_format": render.schema,
        "output_format": output_format,
        "shards": [
            {"name": m.shard, "source": p.path, "records": len(m.rows) - len(drop)}
            for m, p, (drop, _) in zip(mapped, shares, changes, strict=True)
        ],
        "counts": {
            "read": tally.read,
            "wrote": tally.wrote,
            "articles": tally.articles,
            "related": tally.related,
            "rejected": tally.rejected,
            "skipped": tally.skipped,
            "duplicates": tally.duplicates,
            "split_found": tally.split_out,
        },
        "dedup": options.dedup,
        "on_duplicate": options.on_duplicate,
    }


def _reduce(
    planned: list[Part | Reject],
    mapped: list[Mapped],
    options: Options,
    tally: Tally,
    on_reject: Callable[[Reject], None] | None,
    rejects: IO[bytes] | None,
) -> list[tuple[set[int], dict[int, Relabel]]]:
    """Count everything and decide duplicates in input order: per shard, rows to drop or mark."""
    from cleancli.inputs.jsonl import dumps

    tally.did_split = True
    tally.marked = options.on_duplicate == "mark"
    seen = make_deduper(options.dedup, options.dedup_threshold)
    results = iter(mapped)
    changes: list[tuple[set[int], dict[int, Relabel]]] = []
    for item in planned:
        found: list[Reject] = [item] if isinstance(item, Reject) else []
        tally.read += len(found)  # an input that could not be opened was read, and rejected
        m = None if isinstance(item, Reject) else next(results)
        if m is not None:
            tally.read += m.read
            tally.split_out += m.split_out
            found += m.rejects
        for rej in found:
            tally.count(rej)
            if rejects is not None:
                rejects.write(dumps(rej))
            if on_reject is not None:
                on_reject(rej)
        if m is None:
            continue
        drop: set[int] = set()
        mark: dict[int, Relabel] = {}
        for index, (kind, record_id, key) in enumerate(m.rows):
            written, first, unique = tally.decide(seen, kind, record_id, key)
            if not written:
                drop.add(index)
            elif first is not None or unique != record_id:
                mark[index] = (record_id, unique, first)
        changes.append((drop, mark))
    return changes
