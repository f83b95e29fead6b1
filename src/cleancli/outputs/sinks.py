"""Where a final writer's lines go: the output stream itself for JSONL, a Parquet file else.

A sink is anything with `write(line)`. `pipeline.write` and `pipeline.write_lines` hand it each
record rendered as one line of JSON (`docformats.Rendering.line`), in output order. For JSONL the
sink is the output stream, so the lines cost nothing more than writing them; for Parquet it is a
`parquet.ParquetSink`, which reads each line back into columns and writes row groups. Both
`run --jobs N` and `emit` write through here.
"""

from __future__ import annotations

import contextlib
from typing import IO, TYPE_CHECKING, Protocol

from cleancli.errors import UsageError
from cleancli.outputs.files import packed

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from cleancli.options import OutputFormat, Sinks


class LineSink(Protocol):
    """What takes a final writer's lines: one record as one line of JSON at a time."""

    def write(self, line: bytes, /) -> object: ...


def _isatty(stream: IO[bytes]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def output_format(output: Path | None, asked: OutputFormat | None) -> OutputFormat:
    """What a final writer writes: `--output-format` as `asked`, else Parquet for an `-o` name
    ending `.parquet` (also under a compression extension, which `check_sink` refuses), else
    JSONL (standard output included)."""
    if asked is not None:
        return asked
    if output is None:
        return "jsonl"
    name = output.with_suffix("") if packed(output) else output
    return "parquet" if name.suffix.lower() == ".parquet" else "jsonl"


def check_stage_output(output: Path | None, stage: str) -> None:
    """Refuse an `-o` name ending `.parquet` for a stage whose JSONL the next stage reads: only
    a final writer (run, emit) writes Parquet, and a JSONL file under that name would mislead."""
    if output is not None and output_format(output, None) == "parquet":
        raise UsageError(
            f"-o {output}: {stage} writes JSONL for the next stage; Parquet is written by "
            "run and emit"
        )


def check_sink(sinks: Sinks, *, stdout: IO[bytes] | None, folder: bool = False) -> None:
    """Refuse, before anything is read or written, an output the run cannot write as asked:
    Parquet to a terminal, under a compressed name, with `--keep-blocks`, or without pyarrow.
    `stdout` is where the output goes without `-o`; `folder`: `-o` names a folder of shards."""
    if sinks.output_format != "parquet":
        return
    path = sinks.output
    if path is not None and not folder and packed(path):
        raise UsageError(
            f"-o {path}: Parquet compresses its own columns (zstd); give a name without "
            f"{path.suffix}"
        )
    if sinks.keep_blocks:
        raise UsageError(
            "--keep-blocks writes JSONL only: the in-flight fields have no Parquet columns"
        )
    if path is None and stdout is not None and _isatty(stdout):
        raise UsageError(
            "Parquet is binary: give -o FILE.parquet, or redirect standard output to a file or pipe"
        )
    from cleancli.outputs.parquet import require_pyarrow

    require_pyarrow()


@contextlib.contextmanager
def open_sink(out: IO[bytes], sinks: Sinks) -> Iterator[LineSink]:
    """A sink writing `out` in the run's output format; a Parquet file is finished (its footer
    written) only when the block ends without an error."""
    if sinks.output_format == "jsonl":
        yield out
        return
    from cleancli.outputs.parquet import ParquetSink

    with ParquetSink(out, sinks.schema) as sink:
        yield sink
