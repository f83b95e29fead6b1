"""Telling cleancli's own output from raw pages by a file's first line, and reading record files
one after another (folders, globs, a Dask run's shards) with a progress position.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from cleancli.cli.streams import STDIN, name_of, open_in
from cleancli.errors import UsageError
from cleancli.inputs.jsonl import Held, read_items, stage_of
from cleancli.inputs.packed import unpacked
from cleancli.inputs.paths import input_paths, shown
from cleancli.inputs.sources import buffered, first_text_line
from cleancli.outputs.parquet import MAGIC as PARQUET_MAGIC

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

    from cleancli.cli.env import Environment
    from cleancli.options import Plan
    from cleancli.record import Item

#: How much of a file's first line is read to tell cleancli's records from raw pages.
SNIFF_BYTES: Final = 1 << 20


MIXED_STAGES: Final = "give extract's output and later stages' records to separate views"


@dataclass(frozen=True, slots=True)
class HeldFiles:
    """The files of one view input that hold cleancli's output, and whether that is extract's
    (to be stripped first) rather than records."""

    files: list[str]
    extracted: bool
    #: every file empty (or only a Dask run's manifest named): records of none
    empty: bool = False


def record_files(spec: str, stdin: io.BufferedReader) -> HeldFiles | None:
    """The files `spec` names, in reading order, when every one holds cleancli's output (any
    stage's JSONL or a `--schema` document's, compressed or not, or Parquet that run or emit
    wrote; an empty file goes with either); `[spec]` for stdin that does. None when any does
    not: they are raw pages. A folder a Dask run wrote is read without its manifest. Files are
    looked into and closed; stdin is only peeked at, never consumed; a pipe or a device is taken
    for raw pages, unopened. Raises `UsageError` for Parquet on stdin, for records mixed with
    other files, and for extract's output mixed with later records."""
    from cleancli.engines.shardfolder import is_manifest

    if spec == STDIN:
        head = stdin.peek(SNIFF_BYTES)
        if head.startswith(PARQUET_MAGIC):
            raise UsageError("Parquet cannot be read from stdin: name the file")
        held = stage_of(head)
        return None if held is None else HeldFiles([spec], held == "extracted", held == "empty")
    named = list(input_paths(spec))
    files = [path for path in named if not is_manifest(path)]
    stages: set[Held] = set()
    raw = None  # the first file that holds no records
    for path in files:
        held = _file_stage(path)
        if held is None:
            raw = raw or path
        else:
            stages.add(held)
        if raw is not None and stages - {"empty"}:
            raise UsageError(
                f"{shown(spec)} holds cleancli records and other files ({shown(str(raw))}): "
                "name the record files, or give the others to a view of their own"
            )
    if raw is not None or not named:
        return None
    if len(stages - {"empty"}) > 1:
        raise UsageError(f"{shown(spec)}: {MIXED_STAGES}")
    paths = [str(path) for path in files]
    return HeldFiles(paths, stages == {"extracted"}, empty=stages <= {"empty"})


def refuse_own_output(inputs: list[str], stdin_head: bytes, command: str) -> None:
    """Raise `UsageError` when an input holds cleancli's output (any stage's records, compressed
    or not, Parquet, or a Dask run's manifest): `command` reads raw pages, and would clean the
    records again as if they were pages. The message names the file and what reads it.

    `stdin_head` is the start of stdin (`sources.read_ahead`: its first line with text, at most
    a MiB), when `-` is an input.
    """
    for spec in inputs:
        found: tuple[str, Held | None] | None
        found = (spec, _stream_stage(io.BytesIO(stdin_head))) if spec == STDIN else _own_file(spec)
        if found is not None and found[1] in ("extracted", "records"):
            name = name_of(found[0])
            arg = "-" if spec == STDIN else name  # how the commands suggested name it
            raise UsageError(_refusal(name, arg, found[1] == "extracted", command))


def _own_file(spec: str) -> tuple[str, Held] | None:
    """The first file `spec` names that holds cleancli's output, with what it holds."""
    from cleancli.engines.shardfolder import is_manifest

    for path in input_paths(spec):
        if is_manifest(path):  # named for the folder of shards it lists
            return str(path.parent), "records"
        held = _file_stage(path)
        if held in ("extracted", "records"):
            return str(path), held
    return None


def _refusal(name: str, arg: str, extracted: bool, command: str) -> str:
    if extracted:
        what = "extract's output"
        instead = f"go on with cleancli strip {arg} | cleancli split | cleancli emit"
    else:
        what = "cleancli's records"
        instead = f"look with cleancli show {arg}, convert with cleancli emit {arg}"
    return (
        f"{name} holds {what}; {command} reads raw pages: {instead}, or give --format jsonl to "
        "read it as a dump of pages all the same"
    )


def _file_stage(path: Path) -> Held | None:
    if not path.is_file():
        return None
    try:
        with path.open("rb") as raw:
            return _stream_stage(raw)
    except OSError:
        return None  # read as a raw page, whose reject says why


def _stream_stage(raw: IO[bytes]) -> Held | None:
    """What the start of a stream holds of cleancli's output, decompressed as the readers do
    (a cut or damaged head gives what came before the damage); Parquet is records."""
    stream = unpacked(buffered(raw))
    if stream.peek(4)[:4] == PARQUET_MAGIC:  # type: ignore[attr-defined]
        return "records"
    head = first_text_line(stream, SNIFF_BYTES)
    whole = len(head) < SNIFF_BYTES and not head.endswith(b"\n")  # the stream is one line
    return stage_of(head + b"\n" if whole and head else head)


class RecordFiles:
    """The records of several files read one after another, knowing how many of their bytes
    as stored (before decompression) are behind it, for a progress bar."""

    def __init__(self, files: list[str], env: Environment, stdin: IO[bytes], plan: Plan) -> None:
        self.files, self.env, self.stdin, self.plan = files, env, stdin, plan
        self.total: int | None = None
        if STDIN not in files:
            with contextlib.suppress(OSError):
                self.total = sum(Path(f).stat().st_size for f in files)
        self._done = 0
        self._current: IO[bytes] | None = None

    def position(self) -> int:
        """Bytes read so far, of the files as stored."""
        current = self._current
        with contextlib.suppress(OSError, ValueError):
            return self._done + (current.tell() if current is not None else 0)
        return self._done

    def records(self) -> Generator[Item]:
        """The records of every file in turn."""
        for spec in self.files:
            if spec == STDIN:
                yield from read_record_file(spec, self.stdin, self.plan)
                continue
            with open_in(spec, self.env) as raw:
                self._current = raw
                yield from read_record_file(spec, raw, self.plan)
                self._current = None
                self._done += os.fstat(raw.fileno()).st_size


def read_record_file(
    spec: str, raw: IO[bytes], plan: Plan, *, stage: str = "view"
) -> Iterator[Item]:
    """The records of one file or stdin: the Parquet run and emit write (from a named file), or
    JSONL of any stage, compressed or not; rejects name `stage`."""
    name = name_of(spec)
    raw = buffered(raw)  # one wrapper: a second one would close the stream when dropped
    if spec != STDIN and raw.peek(4)[:4] == PARQUET_MAGIC:
        from cleancli.outputs.parquet import read_records

        return read_records(Path(spec), name, stage=stage)
    return read_items(raw, name=name, stage=stage, max_bytes=plan.max_bytes)
