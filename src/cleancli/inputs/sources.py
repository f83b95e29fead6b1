"""Where pages come from: inputs opened and cut into raw pages.

It sniffs a stream (after `packed` has decompressed it) for WARC, JSONL, HTML or plain text, and
hands `extract` one `RawPage` per page (a whole text file, one line of a JSONL dump, one HTML
response of a WARC archive). A path that cannot be read becomes a `Reject`, not an exception,
and so does damage: a compressed stream that is cut off or corrupt ends its input with a reject
that says where, after the pages that were whole (a line or page it cuts is never passed on as
whole). `paths` finds the files an input names; `parts` cuts them for engines.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, cast

from cleancli.inputs.packed import PACKED_MAGICS, PACKED_SUFFIXES, Unpacked, unpack
from cleancli.inputs.paths import STAGE, cannot, expand, open_path, shown
from cleancli.inputs.rawpage import RawPage
from cleancli.options import DEFAULT_MAX_BYTES, Format
from cleancli.record import Reject, preview

if TYPE_CHECKING:
    from collections.abc import Iterator

STDIN_NAME: Final = "<stdin>"


SNIFF_BYTES: Final = 64 * 1024


_JSONL_SUFFIXES: Final = frozenset((".jsonl", ".ndjson", ".jsonlines"))


def _sniff(name: str, head: bytes) -> Literal["text", "jsonl", "html", "warc"]:
    """What a stream holds, by its name's ending and then by its first bytes (after a byte-order
    mark: a UTF-16 page is looked at as text)."""
    suffixes = [s.lower() for s in Path(name).suffixes if s.lower() not in PACKED_SUFFIXES]
    last = suffixes[-1] if suffixes else ""
    wide = next((c for bom, c in _WIDE_BOMS if head.startswith(bom)), None)
    if wide is not None:
        head = head.decode(wide, "ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8)
    start = head.lstrip()[:512].lower()
    if last == ".warc" or head.startswith(b"WARC/"):
        return "warc"
    if wide is None and is_jsonl(name, head):
        return "jsonl"
    if last in {".html", ".htm", ".xhtml"} or start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if b"<html" in start or (start.startswith(b"<") and b"<body" in head[:4096].lower()):
        return "html"
    return "text"


_WIDE_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Overlong:
    head: bytes


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | Overlong]:
    """Lines of a stream, none held longer than `limit`: a longer one is read through in
    pieces and stands as its first bytes, so a 5 GB line costs no more memory than a page."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):  # `limit` bytes and the newline: fits
            yield line
            continue
        head = line[:4096]
        del line
        skip_line(stream)
        yield Overlong(head)


def skip_line(stream: IO[bytes]) -> None:
    """Read on to the start of the next line, a piece at a time."""
    while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
        pass


_JSON_OBJECT_START: Final = re.compile(rb'\{\s*"[^"\\\n]{1,200}"\s*:')


def is_jsonl(name: str, head: bytes) -> bool:
    suffixes = [s for s in Path(name).suffixes if s not in PACKED_SUFFIXES]
    if suffixes and suffixes[-1].lower() in _JSONL_SUFFIXES:
        return True
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    line, newline, _ = head.partition(b"\n")
    if not line.startswith(b"{"):
        return False
    # A first line that ends within the sniffed bytes shows its closing brace; a longer one (a
    # record holding a whole HTML page) shows at least that it opens a JSON object with a key.
    return b"}" in line or (not newline and _JSON_OBJECT_START.match(line) is not None)


def _not_utf8(line: bytes) -> str | None:
    """Why a JSONL line is not UTF-8 text (JSON must be), or None when it is."""
    if line.isascii():
        return None
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"line is not UTF-8 text (byte 0x{line[exc.start]:02X} at column {exc.start + 1})"
    return None


def read_stream(
    stream: IO[bytes],
    name: str,
    *,
    fmt: Format = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    first_line: int = 1,
) -> Iterator[RawPage | Reject]:
    """Pages from one open byte stream: a whole text or HTML page, one page per JSONL line, or
    one per HTML response of a WARC archive.

    Damage ends an input with a Reject that says where, and pages before it stand: a compressed
    stream that is cut or corrupt (the line or page it cuts is a reject too, never a page), a WARC
    record shorter than its Content-Length, a read error. `first_line` numbers the lines of a
    stream that starts inside a JSONL file. `name` goes into every `source` as `shown` gives it.
    """
    name = shown(name)
    try:
        yield from _pages(stream, name, fmt=fmt, max_bytes=max_bytes, first_line=first_line)
    except OSError as exc:
        yield Reject(name, STAGE, cannot("read", exc))


def _pages(
    stream: IO[bytes], name: str, *, fmt: Format, max_bytes: int, first_line: int = 1
) -> Iterator[RawPage | Reject]:
    data, packed = unpack(stream)
    head = data.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(data, "peek") else b""
    kind = _sniff(name, head) if fmt == "auto" else fmt
    if kind == "warc":
        from cleancli.inputs.warc import warc_pages

        yield from warc_pages(data, name, max_bytes=max_bytes, packed=packed)
        return
    if kind == "jsonl":
        yield from _jsonl_pages(data, name, packed, max_bytes=max_bytes, first_line=first_line)
        return
    body = data.read(max_bytes + 1)
    fault = packed.fault if packed is not None else None
    if len(body) > max_bytes:
        yield Reject(name, STAGE, f"page larger than {max_bytes} bytes", preview(body))
    elif fault is not None and fault.kind != "trailing garbage":
        yield Reject(name, STAGE, fault.at("inside the page"), preview(body))
    else:
        yield RawPage(name, body, "html" if kind == "html" else "text")
        if fault is not None:  # the page's own stream ended whole; what follows it is not its
            yield Reject(name, STAGE, fault.at("after the page"))


def _jsonl_pages(
    data: IO[bytes], name: str, packed: Unpacked | None, *, max_bytes: int, first_line: int
) -> Iterator[RawPage | Reject]:
    if first_line == 1 and hasattr(data, "peek") and data.peek(3)[:3] == codecs.BOM_UTF8:
        data.read(3)  # a byte-order mark is no part of the first record
    number = first_line - 1
    for number, line in enumerate(bounded_lines(data, max_bytes), first_line):
        where = f"{name}:{number}"
        if isinstance(line, Overlong):
            reason = f"line longer than {max_bytes} bytes"
            yield Reject(where, STAGE, reason, preview(line.head))
        elif packed is not None and packed.fault is not None and not line.endswith(b"\n"):
            # only the last line lacks a newline: the fault cut it
            yield Reject(where, STAGE, packed.fault.at(f"inside line {number}"), preview(line))
            return
        elif (bad := _not_utf8(line)) is not None:
            yield Reject(where, STAGE, bad, preview(line))
        elif line.strip():
            yield RawPage(where, line, "jsonl", place=str(number))
    if packed is not None and packed.fault is not None:
        where = f"after line {number}" if number >= first_line else "before its first line"
        yield Reject(name, STAGE, packed.fault.at(where))


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
        for path in expand(spec):
            if isinstance(path, Reject):
                yield path
            else:
                yield from read_file(path, fmt=fmt, max_bytes=max_bytes)


def buffered(stream: IO[bytes]) -> io.BufferedReader:
    """A stream that can peek. An already buffered one is used as it is: wrapping it again
    would make reads wait to fill the new buffer, and a live pipe would stall."""
    if hasattr(stream, "peek"):
        return cast("io.BufferedReader", stream)
    return io.BufferedReader(cast("io.RawIOBase", stream))


def first_text_line(stream: IO[bytes], limit: int) -> bytes:
    """The blank lines at a stream's start and its first line with text, at most `limit` bytes
    of them (consumed from `stream`)."""
    head = b""
    while len(head) < limit and (line := stream.readline(limit - len(head))):
        head += line
        if line.strip():
            break
    return head


def read_ahead(stream: IO[bytes], limit: int) -> tuple[bytes, io.BufferedReader]:
    """The blank lines at a stream's start and its first line with text, at most `limit`
    bytes of them, read whatever the writer's pace (of a compressed stream, its first `limit`
    bytes); and a stream that gives them again, then the rest. For a look at stdin that must
    not depend on how much a pipe holds at the time."""
    head = first_text_line(stream, limit)
    if head.startswith(PACKED_MAGICS):  # compressed: lines mean nothing until it is unpacked
        head += stream.read(limit - len(head))
    # a buffer that holds the head whole, so that `peek` shows all of it
    size = max(io.DEFAULT_BUFFER_SIZE, len(head))
    return head, io.BufferedReader(_Replay(head, stream), size)


class _Replay(io.RawIOBase):
    """`head`, then what is left of `rest`: each read takes what `rest` has at once (`read1`),
    so a live pipe is passed on as it comes."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = memoryview(head), rest
        self._read = getattr(rest, "read1", rest.read)

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._rest.fileno()

    def isatty(self) -> bool:
        return self._rest.isatty()

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_file(path: Path, *, fmt: Format, max_bytes: int) -> Iterator[RawPage | Reject]:
    name = shown(str(path))
    try:
        handle = open_path(path)
    except OSError as exc:
        yield Reject(name, STAGE, cannot("open", exc))
        return
    with handle:
        yield from read_stream(handle, name, fmt=fmt, max_bytes=max_bytes)
