"""WARC archives: each HTML response becomes a page, and damage is reported, not passed over.

The framing (a `WARC/1.x` line, header lines, a blank line, Content-Length bytes, CRLF CRLF) is
read here, a record at a time, and FastWARC parses each record's headers and HTTP message. Reading
the framing here rather than in FastWARC's iterator is what lets a damaged archive be read as far
as it is whole, in one pass, in memory bounded by one page (`max_bytes`; other records are read
through, not held):

- a record cut short (by a truncated or corrupt compressed stream, or a file that ends before the
  record's Content-Length) is a reject saying so; the records before it stand;
- after a framing fault (a garbled header, a Content-Length that does not end its record), reading
  resumes at the next line that starts a record (`WARC/1.0`), and what was skipped is a reject;
- blank lines between records are passed over (wget wrote Content-Lengths a byte short);
- a pipe reads like a file: nothing seeks.

`source` is `file#offset`, the record's offset as stored. For a record that starts a gzip member
or a zstd frame (crawlers write one per record) it is the member's offset in the file, the one
CDX indexes give; otherwise (an uncompressed WARC; several records in one member, as when a whole
WARC is gzipped; bzip2, xz) it is the record's offset in the decompressed stream, so each record
still has its own. `WARC-Target-URI` becomes the page's url and `WARC-Date` its fetch time.
Responses that are not HTML with status 200 are counted as skipped, with the reason; other record
types (requests, metadata, warcinfo) hold no page and are passed over.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Final

from cleancli.inputs.rawpage import RawPage
from cleancli.record import SKIPPED, Reject, preview

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cleancli.inputs.packed import Unpacked

STAGE: Final = "extract"
_RECORD_START: Final = re.compile(rb"WARC/\d+\.\d+\r?\n")
#: Where a record's block really ends when its Content-Length said more.
_NEXT_RECORD: Final = re.compile(rb"\r?\n\r?\n(?=WARC/\d+\.\d+\r?\n)")
#: A header line cut short with the next record glued on: "WARC-RecoWARC/1.1".
_GLUED_START: Final = re.compile(rb"(?<=.)WARC/\d+\.\d+\r?\n\Z", re.DOTALL)
#: A header line longer than this is no header: framing is lost.
_LINE: Final = 64 * 1024
#: All header lines of a record together (FastWARC's own limit is 32 KiB).
_HEADER: Final = 256 * 1024
#: Room for the HTTP status line and headers in front of a page of `max_bytes`.
_HTTP_HEAD: Final = 64 * 1024
_CHUNK: Final = 1 << 20


class _Reader:
    """A stream read as lines and blocks, counting the bytes taken (a pipe cannot say). Bytes
    read too far (a block that swallowed the records after it) can be put back."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream, self.pos = stream, 0
        self._back = io.BytesIO()
        self._backed = 0

    def push(self, data: bytes) -> None:
        """Read `data` again next: it is the bytes just read, from some point on."""
        rest = self._back.read()
        self._back = io.BytesIO(data + rest)
        self._backed = len(data) + len(rest)
        self.pos -= len(data)

    def _take(self, size: int, *, line: bool) -> bytes:
        data = b""
        if self._backed:
            data = self._back.readline(size) if line else self._back.read(size)
            self._backed -= len(data)
        if len(data) < size and not (line and data.endswith(b"\n")):
            more = size - len(data)
            data += self._stream.readline(more) if line else self._stream.read(more)
        self.pos += len(data)
        return data

    def line(self) -> bytes:
        return self._take(_LINE, line=True)

    def read(self, size: int) -> bytes:
        return self._take(size, line=False)

    def skip(self, size: int) -> int:
        """Read `size` bytes without holding them; how many there were."""
        left = size
        while left > 0 and (chunk := self.read(min(left, _CHUNK))):
            left -= len(chunk)
        return size - left


@dataclass(frozen=True, slots=True)
class _Record:
    """One record as framed: its header, the start of its block, and how the block ended."""

    header: bytes
    block: bytes  # at most what a page may hold; `length` says how long the block is
    length: int
    short: int  # bytes the stream ended before the block did
    response: bool


class _Broken(Exception):  # noqa: N818 - a framing state, not an error that leaves this module
    """The framing is lost inside a record's header: why, and the last line read."""

    def __init__(self, why: str, line: bytes) -> None:
        super().__init__(why)
        self.line = line


def warc_pages(
    stream: IO[bytes], name: str, *, max_bytes: int, packed: Unpacked | None = None
) -> Iterator[RawPage | Reject]:
    """Pages, skips and rejects from a WARC archive's (decompressed) bytes, in order.

    `packed` is the decompressing view when the archive is compressed: it says where members
    start (for offsets) and why the bytes ended early, if they did. Never raises on bad data.
    """
    reader = _Reader(stream)
    start, line = 0, reader.line()
    last: int | None = None  # offset of the last record framed whole
    while line:
        if not line.strip():
            start, line = reader.pos, reader.line()
            continue
        if not _RECORD_START.fullmatch(line):
            lost = start
            start, line = _next_record(reader, line)
            to = "the next record" if line else "the end"
            reason = f"damaged WARC framing: no record header at offset {lost}; skipped "
            yield Reject(f"{name}#{lost}", STAGE, f"{reason}{start - lost} bytes to {to}", "")
            continue
        member = packed.member_at(start) if packed is not None else None
        offset = start if member is None else member
        where = f"{name}#{offset}"
        try:
            record = _frame(reader, line, max_bytes)
        except _Broken as broken:
            lost = start
            start, line = _resync(reader, broken.line)
            to = "the next record" if line else "the end"
            reason = f"damaged WARC record header at offset {offset}: {broken}; skipped"
            yield Reject(where, STAGE, f"{reason} {start - lost} bytes to {to}")
            continue
        closing = b"" if record is None or record.short else reader.line()
        if _swallowed(reader, record, closing):
            start, line = reader.pos, reader.line()
            reason = f"damaged WARC framing: the record at offset {offset} ends before its"
            yield Reject(where, STAGE, f"{reason} Content-Length says; read up to the next")
            continue
        if record is None or record.short:
            yield _cut(where, offset, record, packed)
            return
        start, line = reader.pos - len(closing), closing
        if line.strip():  # CRLF CRLF ends a record (wget's left a byte more or less: still blank)
            reason = f"damaged WARC framing: the record at offset {offset} does not end where its"
            yield Reject(where, STAGE, f"{reason} Content-Length says")
            continue
        last = offset
        if record.response:
            yield _page(record, where, offset, max_bytes)
    if packed is not None and packed.fault is not None:
        after = (
            "before the first WARC record"
            if last is None
            else f"after the WARC record at offset {last}"
        )
        yield Reject(name, STAGE, packed.fault.at(after))


def _resync(reader: _Reader, line: bytes) -> tuple[int, bytes]:
    """Where reading goes on after a damaged record header: at the record start the bad line is
    or holds (a marker glued to the end of a line), else at the next line that starts one."""
    glued = _GLUED_START.search(line)
    if _RECORD_START.fullmatch(line) or glued:
        marker = glued.group() if glued else line
        return reader.pos - len(marker), marker
    return _next_record(reader, line)


def _swallowed(reader: _Reader, record: _Record | None, closing: bytes) -> bool:
    """Whether a Content-Length past the record's end swallowed the records after it; if so,
    they are given back to `reader`, to be read again from where the next one starts inside
    this block."""
    if record is None or len(record.block) != record.length - record.short:
        return False
    if not (record.short or closing.strip()):
        return False
    read = record.block + closing  # the line after the block may finish the marker
    end = _NEXT_RECORD.search(read)
    if end is None:
        return False
    reader.push(read[end.end() :])
    return True


def _next_record(reader: _Reader, line: bytes) -> tuple[int, bytes]:
    """Read on to the next line that starts a record; its offset and the line (b"" at the end)."""
    whole = line.endswith(b"\n")  # the next line read starts a line
    while True:
        start, line = reader.pos, reader.line()
        if not line or (whole and _RECORD_START.fullmatch(line)):
            return start, line
        whole = line.endswith(b"\n")


def _frame(reader: _Reader, first: bytes, max_bytes: int) -> _Record | None:
    """The record whose first line was just read; None when the stream ends inside its header.

    Raises `_Broken` when the header cannot be a header; the record's block is then unread.
    """
    lines = [first]
    size = len(first)
    while (line := reader.line()) not in {b"\r\n", b"\n"}:
        if not line:
            return None
        if _RECORD_START.fullmatch(line) or _GLUED_START.search(line):
            raise _Broken("a new record starts inside the header", line)
        size += len(line)
        if not line.endswith(b"\n") or size > _HEADER:
            raise _Broken(f"header longer than {_HEADER} bytes", line)
        lines.append(line)
    fields: dict[bytes, bytes] = {}
    for header_line in lines[1:]:
        key, colon, value = header_line.partition(b":")
        if colon:
            fields.setdefault(key.strip().lower(), value.strip())
    length_field = fields.get(b"content-length", b"")
    if not length_field.isdigit():
        raise _Broken(f"no valid Content-Length ({length_field[:40]!r})", line)
    length = int(length_field)
    response = fields.get(b"warc-type", b"").lower() == b"response"
    block = reader.read(min(length, max_bytes + _HTTP_HEAD)) if response else b""
    read = len(block) + reader.skip(length - len(block))
    return _Record(b"".join(lines) + line, block, length, length - read, response)


def _cut(where: str, offset: int, record: _Record | None, packed: Unpacked | None) -> Reject:
    """The reject for a record the stream ended inside."""
    if packed is not None and packed.fault is not None:
        return Reject(where, STAGE, packed.fault.at(f"inside the WARC record at offset {offset}"))
    if record is None:
        reason = (
            f"truncated: the input ends inside the header of the WARC record at offset {offset}"
        )
        return Reject(where, STAGE, reason)
    got = record.length - record.short
    reason = f"truncated: the input ends inside the WARC record at offset {offset}"
    return Reject(where, STAGE, f"{reason} ({got} of the {record.length} bytes its header gives)")


def _page(record: _Record, where: str, offset: int, max_bytes: int) -> RawPage | Reject:
    """An HTML response with status 200 as a page; any other response is a skip."""
    from fastwarc.warc import WarcRecord

    warc = WarcRecord.from_bytes(record.header + record.block)
    warc.parse_http()
    url = warc.headers.get("WARC-Target-URI")
    http = warc.http_headers
    status = http.status_code if http is not None else None
    kind = ((http.get("Content-Type") if http is not None else None) or "").lower()
    if status is None:
        reason = "damaged WARC response record: no HTTP status line"
        return Reject(where, STAGE, reason, url or preview(record.block))
    if status != 200:
        return Reject(where, SKIPPED, f"skipped: HTTP status {status}", url or "")
    if "html" not in kind:
        return Reject(where, SKIPPED, f"skipped: not HTML ({kind or 'no type'})", url or "")
    body = warc.reader.read(max_bytes + 1)
    if len(body) > max_bytes or len(record.block) < record.length:
        return Reject(where, STAGE, f"page larger than {max_bytes} bytes", url or preview(body))
    charset = kind.partition("charset=")[2].split(";")[0].strip() or None
    fetched = warc.headers.get("WARC-Date")
    return RawPage(
        where, body, "html", url=url, fetched=fetched, charset=charset, place=str(offset)
    )
