"""Where pages come from: paths, folders, globs and stdin, opened and cut into raw pages.

This is the only module of the pipeline that touches files. It decompresses by magic bytes,
sniffs JSONL against plain text, and hands `extract` one `RawPage` per page (a whole text file,
or one line of a JSONL dump). A path that cannot be read becomes a `Reject`, not an exception.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import io
import lzma
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, cast

from cleancli.record import Reject, preview
from cleancli.settings import DEFAULT_MAX_BYTES, Format

if TYPE_CHECKING:
    from collections.abc import Iterator

STAGE: Final = "extract"
STDIN_NAME: Final = "<stdin>"
_SNIFF: Final = 64 * 1024
_JSONL_SUFFIXES: Final = frozenset((".jsonl", ".ndjson", ".jsonlines"))
_PACKED_SUFFIXES: Final = frozenset((".gz", ".bz2", ".xz", ".zst"))
_MAGICS: Final = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd")


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page as read: where it came from, its bytes, and how to read them."""

    source: str
    data: bytes
    format: Literal["text", "jsonl", "html"]
    url: str | None = None
    #: When a crawler fetched the page (WARC-Date): relative dates resolve against it.
    fetched: str | None = None
    #: The charset the server declared (HTTP Content-Type), trusted before the page's own.
    charset: str | None = None


def _expand(spec: str) -> Iterator[Path | Reject]:
    path = Path(spec)
    if path.is_dir():
        found = False
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    found = True
                    yield Path(root) / name
        if not found:
            yield Reject(spec, STAGE, "folder holds no files")
    elif path.exists():
        yield path
    elif glob.has_magic(spec):
        matches = sorted(m for m in glob.glob(spec, recursive=True) if Path(m).is_file())  # noqa: PTH207 - a user's pattern may be absolute
        yield from (Path(m) for m in matches)
        if not matches:
            yield Reject(spec, STAGE, "no file matches this pattern")
    else:
        yield Reject(spec, STAGE, "no such file or folder")


def input_paths(spec: str) -> Iterator[Path]:
    """The files one input names, in reading order (none for `-` or a path that is missing)."""
    if spec != "-":
        yield from (p for p in _expand(spec) if isinstance(p, Path))


class _Plain(io.BufferedReader):
    """A stream `_unpack` leaves alone: a range of lines inside a JSONL file."""


def _unpack(stream: IO[bytes]) -> IO[bytes]:
    """The stream itself, or a decompressing view of it when its first bytes say it is packed."""
    if isinstance(stream, _Plain):
        return stream
    head = stream.peek(8)[:8] if hasattr(stream, "peek") else b""
    if head.startswith(b"\x1f\x8b"):
        return cast("IO[bytes]", gzip.GzipFile(fileobj=stream, mode="rb"))
    if head.startswith(b"BZh"):
        return cast("IO[bytes]", bz2.BZ2File(stream))
    if head.startswith(b"\xfd7zXZ\x00"):
        return cast("IO[bytes]", lzma.LZMAFile(stream))
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        import zstandard

        reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True)
        return io.BufferedReader(cast("io.RawIOBase", reader))
    return stream


def _sniff(name: str, head: bytes) -> Literal["text", "jsonl", "html", "warc"]:
    """What a stream holds, by its name's ending and then by its first bytes."""
    suffixes = [s.lower() for s in Path(name).suffixes if s.lower() not in _PACKED_SUFFIXES]
    last = suffixes[-1] if suffixes else ""
    start = head.lstrip()[:512].lower()
    if last == ".warc" or head.startswith(b"WARC/"):
        return "warc"
    if _is_jsonl(name, head):
        return "jsonl"
    if last in {".html", ".htm", ".xhtml"} or start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if b"<html" in start or (start.startswith(b"<") and b"<body" in head[:4096].lower()):
        return "html"
    return "text"


@dataclass(frozen=True, slots=True)
class _Overlong:
    head: bytes


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | _Overlong]:
    """Lines of a stream, none held longer than `limit`: a longer one is read through in
    pieces and stands as its first bytes, so a 5 GB line costs no more memory than a page."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):  # `limit` bytes and the newline: fits
            yield line
            continue
        head = line[:4096]
        del line
        _skip_line(stream)
        yield _Overlong(head)


def _skip_line(stream: IO[bytes]) -> None:
    """Read on to the start of the next line, a piece at a time."""
    while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
        pass


def _is_jsonl(name: str, head: bytes) -> bool:
    suffixes = [s for s in Path(name).suffixes if s not in _PACKED_SUFFIXES]
    if suffixes and suffixes[-1].lower() in _JSONL_SUFFIXES:
        return True
    first = head.lstrip()[:1]
    return first == b"{" and b"}" in head.split(b"\n", 1)[0]


def read_stream(
    stream: IO[bytes],
    name: str,
    *,
    fmt: Format = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    first_line: int = 1,
) -> Iterator[RawPage | Reject]:
    """Pages from one open byte stream: a whole text page, or one page per JSONL line.

    A read or decompression error ends this input with a Reject; pages before it stand.
    `first_line` numbers the lines of a stream that starts inside a JSONL file.
    """
    try:
        yield from _pages(stream, name, fmt=fmt, max_bytes=max_bytes, first_line=first_line)
    except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        yield Reject(name, STAGE, f"cannot read: {exc}")


def _pages(
    stream: IO[bytes], name: str, *, fmt: Format, max_bytes: int, first_line: int = 1
) -> Iterator[RawPage | Reject]:
    data = _unpack(stream)
    head = data.peek(_SNIFF)[:_SNIFF] if hasattr(data, "peek") else b""
    kind = _sniff(name, head) if fmt == "auto" else fmt
    if kind == "warc":
        from cleancli.warc import warc_pages

        if isinstance(data, gzip.GzipFile) and stream.seekable():
            # FastWARC reads gzip members itself, so `#offset` is where the record is stored.
            stream.seek(0)
            data = stream

        yield from warc_pages(data, name, max_bytes=max_bytes)
        return
    if kind == "jsonl":
        for number, line in enumerate(_bounded_lines(data, max_bytes), first_line):
            where = f"{name}:{number}"
            if isinstance(line, _Overlong):
                reason = f"line longer than {max_bytes} bytes"
                yield Reject(where, STAGE, reason, preview(line.head))
            elif line.strip():
                yield RawPage(where, line, "jsonl")
        return
    body = data.read(max_bytes + 1)
    if len(body) > max_bytes:
        yield Reject(name, STAGE, f"page larger than {max_bytes} bytes", preview(body))
    else:
        yield RawPage(name, body, "html" if kind == "html" else "text")


def read_inputs(
    specs: list[str],
    *,
    stdin: IO[bytes],
    fmt: Format = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[RawPage | Reject]:
    """Every page of every input, in the order given, folders in sorted order."""
    for spec in specs:
        if spec == "-":
            yield from read_stream(buffered(stdin), STDIN_NAME, fmt=fmt, max_bytes=max_bytes)
            continue
        for path in _expand(spec):
            if isinstance(path, Reject):
                yield path
            else:
                yield from _read_file(path, fmt=fmt, max_bytes=max_bytes)


def buffered(stream: IO[bytes]) -> io.BufferedReader:
    """A stream that can peek. An already buffered one is used as it is: wrapping it again
    would make reads wait to fill the new buffer, and a live pipe would stall."""
    if hasattr(stream, "peek"):
        return cast("io.BufferedReader", stream)
    return io.BufferedReader(cast("io.RawIOBase", stream))


def _read_file(path: Path, *, fmt: Format, max_bytes: int) -> Iterator[RawPage | Reject]:
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Reject(name, STAGE, f"cannot open: {exc.strerror or exc}")
        return
    with handle:
        yield from read_stream(handle, name, fmt=fmt, max_bytes=max_bytes)


# --- partitions, for engines that spread inputs over machines -----------------------------------


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
        for path in _expand(spec):
            if isinstance(path, Reject):
                yield path
                continue
            try:
                yield from _cut(path, part_bytes, fmt)
            except OSError as exc:
                yield Reject(str(path), STAGE, f"cannot open: {exc.strerror or exc}")


def _cut(path: Path, part_bytes: int, fmt: Format) -> Iterator[Part]:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(_SNIFF)
        splittable = fmt == "jsonl" or (fmt == "auto" and _is_jsonl(str(path), head))
        if size <= part_bytes or head.startswith(_MAGICS) or not splittable:
            yield Part(str(path))
            return
        start = 0
        while start < size:
            handle.seek(min(start + part_bytes, size))
            _skip_line(handle)
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
        yield from _read_file(Path(part.path), fmt=fmt, max_bytes=max_bytes)
        return
    with Path(part.path).open("rb") as handle:
        handle.seek(part.start)
        window = _Plain(_Window(handle, part.end))  # lines, never taken for a packed stream
        yield from read_stream(
            window, part.path, fmt="jsonl", max_bytes=max_bytes, first_line=part.first_line
        )
