"""Parquet output: the Arrow schema of each document format, and a writer of row groups.

pyarrow is an optional extra (`pip install -e '.[parquet]'` in cleancli's folder), imported
only here and only when Parquet is read or written. The columns (docs/schema.md, "Parquet"):

- schema v3's keys as typed columns, in schema order: strings, `published` a timestamp in UTC
  (in milliseconds, as Parquet has no unit of seconds; always whole seconds),
  `published_zone_assumed` a bool, `word_count` an int64, `links` a list of `{title, url}`
  structs, and `meta` a JSON string (its values are whatever the inputs held);
- `--schema dolma`: `id`, `text`, `source`, `added` and `created` (timestamps like `published`),
  and `metadata`, a struct of the other v3 columns;
- `--schema datatrove`: `text`, `id`, `media` (an empty list of `{id, type, url}`, the fields
  datatrove's `Media` requires) and `metadata` as for Dolma.

Rows arrive as the JSON lines every other format writes, in output order, and are written in row
groups that close at `GROUP_ROWS` rows or `GROUP_BYTES` bytes of JSON, whichever comes first:
both depend only on the records, so the file is the same bytes for any `--jobs`, and memory holds
one row group at most.
"""

from __future__ import annotations

import contextlib
import importlib
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, Final, Self

import orjson

from cleancli.errors import UsageError
from cleancli.schema import SCHEMA_KEYS, from_document, item_from_dict

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from types import TracebackType

    from cleancli.options import Schema
    from cleancli.record import Item

#: A row group closes at this many rows…
GROUP_ROWS: Final = 10_000
#: …or at this many bytes of the records' JSON lines, whichever comes first.
GROUP_BYTES: Final = 64 * 1024 * 1024
#: Parquet's own compression of every column.
COMPRESSION: Final = "zstd"
_DOLMA_TIMES: Final = ("added", "created")
_REQUIRED: Final = frozenset(("id", "kind", "text", "word_count", "source", "links", "meta"))


#: The four bytes every Parquet file starts (and ends) with.
MAGIC: Final = b"PAR1"
#: Rows read at a time from a Parquet file the views read.
_READ_ROWS: Final = 1024


def require_pyarrow(what: str = "--output-format parquet") -> None:
    """Raise `UsageError` when pyarrow cannot be imported."""
    try:
        importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        raise UsageError(
            f"{what} needs pyarrow: pip install -e '.[parquet]' in cleancli's folder"
        ) from exc


def read_records(path: Path, name: str, *, stage: str) -> Iterator[Item]:
    """The records of a Parquet file cleancli wrote, with any `--schema`, in row order, as
    `item_from_dict` makes them of JSON lines (`name:row` locates a bad row, from 1); a batch of
    rows in memory at a time. Raises `UsageError` without pyarrow."""
    require_pyarrow("reading Parquet")
    parquet: Any = importlib.import_module("pyarrow.parquet")
    number = 0
    for batch in parquet.ParquetFile(path).iter_batches(batch_size=_READ_ROWS):
        for row in batch.to_pylist():
            number += 1
            yield item_from_dict(_as_written(row), where=f"{name}:{number}", stage=stage)


def _as_written(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as the JSON line of the same record: Dolma's and datatrove's documents
    flattened (cleancli's keys are in their `metadata`), times and `meta` as JSON gives them."""
    from cleancli.outputs.docformats import rfc3339

    row = from_document(row)
    if isinstance(row.get("published"), datetime):
        row["published"] = rfc3339(row["published"])
    if isinstance(row.get("meta"), str):
        with contextlib.suppress(orjson.JSONDecodeError):  # item_from_dict says why it is bad
            row["meta"] = orjson.loads(row["meta"])
    return row


def _record_fields(pa: Any, *, skip: tuple[str, ...] = ()) -> list[Any]:
    """schema v3's columns in schema order, `meta` last, without those in `skip`."""
    time = pa.timestamp("ms", tz="UTC")
    link = pa.struct([pa.field("title", pa.string(), nullable=False), ("url", pa.string())])
    types = {
        "published": time,
        "published_zone_assumed": pa.bool_(),
        "word_count": pa.int64(),
        "links": pa.list_(link),
    }
    fields = []
    for key in (*SCHEMA_KEYS, "meta"):
        if key not in skip:
            kind = types.get(key, pa.string())
            fields.append(pa.field(key, kind, nullable=key not in _REQUIRED))
    return fields


def arrow_schema(schema: Schema) -> Any:
    """The Arrow schema of a document format's rows (a `pyarrow.Schema`)."""
    import pyarrow as pa

    if schema == "cleancli":
        return pa.schema(_record_fields(pa))
    others = pa.struct(_record_fields(pa, skip=("id", "text")))
    metadata = pa.field("metadata", others, nullable=False)
    text = pa.field("text", pa.string(), nullable=False)
    record_id = pa.field("id", pa.string(), nullable=False)
    if schema == "dolma":
        time = pa.timestamp("ms", tz="UTC")
        return pa.schema([
            record_id,
            text,
            pa.field("source", pa.string(), nullable=False),
            pa.field("added", time),
            pa.field("created", time),
            metadata,
        ])  # fmt: skip
    media = pa.struct([("id", pa.string()), ("type", pa.int32()), ("url", pa.string())])
    media_list = pa.field("media", pa.list_(media), nullable=False)
    return pa.schema([text, record_id, media_list, metadata])


def instant(value: Any) -> datetime | None:
    """A `published`-shaped time (RFC 3339, UTC with a Z) as a datetime for a timestamp column;
    None for null or for anything else (a record given to emit that cleancli did not make)."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.replace(microsecond=0)


def _columns(fields: dict[str, Any]) -> None:
    """schema v3's values, in place, as their Parquet columns hold them."""
    fields["published"] = instant(fields.get("published"))
    fields["meta"] = orjson.dumps(fields.get("meta") or {}).decode()


class _Counted:
    """A write-only stream as pyarrow wants one: it asks where it is (`tell`), which a pipe
    cannot answer, so the bytes written are counted. Parquet is written front to back, never
    seeking, so standard output may be a pipe. `discard` drops what comes after an error."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._written = 0
        self._discarding = False
        self.closed = False

    def write(self, data: bytes) -> int:
        if not self._discarding:
            self._stream.write(data)
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        if not self._discarding:
            self._stream.flush()

    def close(self) -> None:
        self.closed = True

    def discard(self) -> None:
        self._discarding = True


class ParquetSink:
    """A `sinks.LineSink` that writes a Parquet file of `schema`'s rows (`arrow_schema`) to a
    stream, one row per JSON line. `close` writes the last row group and the footer; leaving a
    `with` block by an error writes nothing more (the output is incomplete anyway)."""

    def __init__(
        self,
        stream: IO[bytes],
        schema: Schema,
        *,
        group_rows: int = GROUP_ROWS,
        group_bytes: int = GROUP_BYTES,
    ) -> None:
        import pyarrow.parquet as pq

        self._schema = schema
        self._arrow = arrow_schema(schema)
        self._out = _Counted(stream)
        self._writer = pq.ParquetWriter(self._out, self._arrow, compression=COMPRESSION)
        self._rows: list[dict[str, Any]] = []
        self._size = 0
        self._group_rows, self._group_bytes = group_rows, group_bytes

    def write(self, line: bytes, /) -> None:
        row = orjson.loads(line)
        if self._schema == "cleancli":
            _columns(row)
        else:
            _columns(row["metadata"])
            if self._schema == "dolma":
                for key in _DOLMA_TIMES:
                    row[key] = instant(row.get(key))
        self._rows.append(row)
        self._size += len(line)
        if len(self._rows) >= self._group_rows or self._size >= self._group_bytes:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        import pyarrow as pa

        table = pa.Table.from_pylist(self._rows, schema=self._arrow)
        self._writer.write_table(table, row_group_size=len(self._rows))
        self._rows, self._size = [], 0

    def close(self) -> None:
        """The last row group, then the footer: the file is whole from here."""
        self._flush()
        self._writer.close()
        self._out.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
            return
        self._out.discard()  # the writer must close, but nothing more reaches the output
        self._writer.close()
