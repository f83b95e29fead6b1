"""Partitions, for engines that spread inputs over machines: a whole file, or a range of lines
of a large plain JSONL file, read with the same sources and line numbers a whole run gives.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cleancli.inputs.packed import PACKED_MAGICS, PlainLines
from cleancli.inputs.paths import STAGE, cannot, expand, open_path, shown
from cleancli.inputs.sources import SNIFF_BYTES, is_jsonl, read_file, read_stream, skip_line
from cleancli.record import Reject

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cleancli.inputs.rawpage import RawPage
    from cleancli.options import Format


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of the input one task reads: a whole file, or lines `start`..`end` (bytes) of a
    plain JSONL file, whose first line is line `first_line` of the file."""

    path: str
    start: int = 0
    end: int | None = None
    first_line: int = 1


class _Window(io.RawIOBase):
    """Bytes `start`..`end` of a file, as a stream of their own."""

    def __init__(self, handle: IO[bytes], end: int) -> None:
        self._handle, self._left = handle, end - handle.tell()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self._left)
        data = self._handle.read(size) if size > 0 else b""
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def plan_parts(specs: list[str], part_bytes: int, fmt: Format = "auto") -> Iterator[Part | Reject]:
    """The inputs as parts, in reading order: plain JSONL files larger than `part_bytes` are cut
    at line starts (line numbers are filled in by `number_parts`), other files are one part."""
    for spec in specs:
        for path in expand(spec):
            if isinstance(path, Reject):
                yield path
                continue
            try:
                yield from _cut(path, part_bytes, fmt)
            except OSError as exc:
                yield Reject(shown(str(path)), STAGE, cannot("open", exc))


def _cut(path: Path, part_bytes: int, fmt: Format) -> Iterator[Part]:
    size = path.stat().st_size
    with open_path(path) as handle:
        head = handle.read(SNIFF_BYTES)
        splittable = fmt == "jsonl" or (fmt == "auto" and is_jsonl(str(path), head))
        if size <= part_bytes or head.startswith(PACKED_MAGICS) or not splittable:
            yield Part(str(path))
            return
        start = 0
        while start < size:
            handle.seek(min(start + part_bytes, size))
            skip_line(handle)
            end = min(handle.tell(), size)
            yield Part(str(path), start, end)
            start = end


def count_lines(part: Part) -> int:
    """Lines in a part (a last line without a newline counts)."""
    if part.end is None:
        return 0
    count, last = 0, b"\n"
    with Path(part.path).open("rb") as handle:
        handle.seek(part.start)
        window = _Window(handle, part.end)
        while chunk := window.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def number_parts(parts: list[Part], counts: list[int]) -> list[Part]:
    """Each range part given the number of its first line, from the line counts of all parts."""
    numbered, line = [], 1
    for part, lines in zip(parts, counts, strict=True):
        if part.start == 0:  # a file begins (the same file may be named twice)
            line = 1
        numbered.append(Part(part.path, part.start, part.end, line))
        line += lines
    return numbered


def read_part(part: Part, *, fmt: Format, max_bytes: int) -> Iterator[RawPage | Reject]:
    """The pages of one part, with the same sources and line numbers a whole run gives them."""
    if part.end is None:
        yield from read_file(Path(part.path), fmt=fmt, max_bytes=max_bytes)
        return
    with Path(part.path).open("rb") as handle:
        handle.seek(part.start)
        window = PlainLines(_Window(handle, part.end))  # lines, never taken for a packed stream
        yield from read_stream(
            window, part.path, fmt="jsonl", max_bytes=max_bytes, first_line=part.first_line
        )
