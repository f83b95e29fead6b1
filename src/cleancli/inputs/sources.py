"""Where pages come from: paths, folders, globs and stdin, opened and cut into raw pages.

This is the only module of the pipeline that touches files. It decompresses by magic bytes,
sniffs JSONL against plain text, and hands `extract` one `RawPage` per page (a whole text file,
or one line of a JSONL dump). A path that cannot be read becomes a `Reject`, not an exception,
and so does damage: a compressed stream that is cut off or corrupt ends its input with a reject
that says where, after the pages that were whole (a line or page it cuts is never passed on as
whole). Decompression is incremental and bounded, so memory does not grow with the input.
"""

from __future__ import annotations

import bz2
import codecs
import glob
import io
import lzma
import os
import re
import stat
import zlib
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, cast

from cleancli.inputs.rawpage import RawPage
from cleancli.options import DEFAULT_MAX_BYTES, Format
from cleancli.record import SKIPPED, Reject, preview

if TYPE_CHECKING:
    from collections.abc import Iterator

STAGE: Final = "extract"
STDIN_NAME: Final = "<stdin>"
_SNIFF: Final = 64 * 1024
_JSONL_SUFFIXES: Final = frozenset((".jsonl", ".ndjson", ".jsonlines"))
_PACKED_SUFFIXES: Final = frozenset((".gz", ".bz2", ".xz", ".zst"))
_MAGICS: Final = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd")


def shown(name: str) -> str:
    """A path as text that can be printed and written as JSON anywhere: bytes of a file name that
    are not UTF-8 (which Python carries as lone surrogates) appear as `\\xNN`."""
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name decoding made
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _special(path: Path) -> str | None:
    """What a path is when it is neither a regular file nor a folder (`None` for those, and for
    a path that cannot be looked at: opening it then says why)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    for test, what in _SPECIAL:
        if test(mode):
            return what
    return None


_SPECIAL: Final = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


_EMPTY_FOLDER: Final = "folder holds no files"


def _expand(spec: str) -> Iterator[Path | Reject]:
    """The files one input names. Inside a folder, anything but a regular file (a pipe, a socket,
    a device) is skipped unopened: opening a pipe would wait for a writer that may never come.
    Named on its own, a pipe is read (`cleancli run <(zcat dump.gz)`) and a socket or a device is
    refused."""
    path = Path(spec)
    if path.is_dir():
        found = False  # a file, or a folder that could not be read (which says so)
        errors: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=errors.append):
            found = found or bool(errors)
            yield from _unreadable(errors, spec)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                found = True
                file = Path(root) / name
                what = _special(file)
                if what is None:
                    yield file
                else:
                    yield Reject(shown(str(file)), SKIPPED, f"skipped: {what}, not a file")
        found = found or bool(errors)
        yield from _unreadable(errors, spec)
        if not found:
            yield Reject(shown(spec), STAGE, _EMPTY_FOLDER)
    elif os.path.lexists(path):  # a broken link or a link loop too: opening it says which
        what = _special(path)
        if what is None or what == "a named pipe":
            yield path
        else:
            yield Reject(shown(spec), STAGE, f"cannot read: {what}, not a file")
    elif glob.has_magic(spec):
        # A folder the pattern matches is read as a folder is, whole (`dumps/*` reaches the
        # files of its subfolders too). `**` follows links to folders, so a link loop reaches
        # the same file many times: once is enough (the shortest path, which sorts first).
        seen: set[tuple[int, int]] = set()
        matches: list[Path | Reject] = []
        for match in sorted(glob.glob(spec, recursive=True)):  # noqa: PTH207 - a user's pattern may be absolute
            named = _expand(match) if Path(match).is_dir() else iter([Path(match)])
            for hit in named:
                if isinstance(hit, Reject):
                    if hit.reason != _EMPTY_FOLDER:  # said once for the pattern, below
                        matches.append(hit)
                elif hit.is_file() and (key := _identity(hit)) not in seen:
                    seen.add(key)
                    matches.append(hit)
        yield from matches
        if not any(isinstance(m, Path) for m in matches):
            yield Reject(shown(spec), STAGE, "no file matches this pattern")
    else:
        yield Reject(shown(spec), STAGE, "no such file or folder")


def _unreadable(errors: list[OSError], spec: str) -> Iterator[Reject]:
    """Rejects for the folders a walk could not read (it reports them as it goes), once each."""
    yield from (Reject(shown(e.filename or spec), STAGE, _cannot("read", e)) for e in errors)
    errors.clear()


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _cannot(verb: str, exc: OSError) -> str:
    return f"cannot {verb}: {exc.strerror or exc}"


def _open(path: Path) -> IO[bytes]:
    """A file opened for reading; a named pipe without a writer reads as empty instead of making
    `open` wait for one."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        os.set_blocking(fd, True)
        return open(fd, "rb")  # noqa: PTH123 - a descriptor, closed by the caller
    except BaseException:
        os.close(fd)
        raise


def input_paths(spec: str) -> Iterator[Path]:
    """The files one input names, in reading order (none for `-` or a path that is missing)."""
    if spec != "-":
        yield from (p for p in _expand(spec) if isinstance(p, Path))


class _Plain(io.BufferedReader):
    """A stream `_unpack` leaves alone: a range of lines inside a JSONL file."""


# --- decompression that reports damage instead of raising --------------------------------------


@dataclass(frozen=True, slots=True)
class Fault:
    """What went wrong in a compressed stream: it is cut off, damaged, or followed by bytes that
    are not part of it."""

    kind: Literal["truncated", "corrupt", "trailing garbage"]
    codec: str
    detail: str = ""

    def at(self, where: str) -> str:
        """The reason for a reject, `where` saying what the fault hit ("inside line 3")."""
        if self.kind == "truncated":
            # The lines before the cut are kept, but their checksum was never reached.
            return f"truncated: {self.codec} stream ends {where}, before its last checksum"
        if self.kind == "corrupt":
            return f"corrupt {self.codec} stream {where}: {self.detail}"
        return f"trailing garbage {where}: {self.detail}"


class Unpacked(io.RawIOBase):
    """The decompressed bytes of a stream. Damage ends the bytes instead of raising (every codec
    library raises its own errors, or none: zstandard's reader stops silently at a cut), and
    `fault` then says what happened, so a reader can tell a whole last line from a cut one."""

    codec: str = ""
    fault: Fault | None = None

    def readable(self) -> bool:
        return True

    def member_at(self, pos: int) -> int | None:  # noqa: ARG002 - overridden where members exist
        """Where in the compressed file a member (gzip member, zstd frame) starts that begins at
        `pos` of the decompressed bytes, if one does. Asked in increasing `pos` order."""
        return None


#: Decompressed bytes held back until the checksum that covers them is checked (gzip and zstd
#: at a member's end, bzip2 and xz at a block's or the stream's): bytes a failed checksum covers
#: are dropped, not passed on as text. A longer member is passed on in pieces of this size, and
#: only its last piece is checked before it goes.
HOLD: Final = 16 * 1024 * 1024


class _Wrapped(Unpacked):
    """bzip2 and xz through the standard library, its errors turned into a `fault`."""

    def __init__(self, inner: IO[bytes], codec: str) -> None:
        self._inner, self.codec = inner, codec
        # One decompression step at a time: a whole `read` would drop what a step before a
        # cut or a bad block gave.
        self._read = getattr(inner, "read1", inner.read)
        self._held = bytearray()
        self._out = memoryview(b"")

    def readinto(self, buffer: Any) -> int:
        while not self._out and self.fault is None:
            try:
                data = self._read(_READ)
            except EOFError:  # cut: what was decoded before the cut is sound
                self.fault = Fault("truncated", self.codec)
                data = b""
            except (OSError, lzma.LZMAError) as exc:  # a failed check: the held bytes are not
                self.fault = Fault("corrupt", self.codec, str(exc))
                self._held.clear()
                break
            self._held += data
            if not data or len(self._held) >= HOLD:
                self._out = memoryview(bytes(self._held))
                self._held.clear()
                if not data:
                    break
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        return size


_GZIP: Final = b"\x1f\x8b"
_ZSTD: Final = b"\x28\xb5\x2f\xfd"
#: zstd has no cap on what one call may return, so input goes in a KiB at a time: a bomb then
#: yields at most about 32 MiB at once (a 4-byte block can stand for 128 KiB).
_ZSTD_PIECE: Final = 1024
_READ: Final = 64 * 1024
#: Member starts kept for `member_at`: far more than can sit decompressed ahead of the reader.
_STARTS_KEPT: Final = 4096


class _Members(Unpacked):
    """gzip or zstd, member after member (or frame after frame), knowing where each starts in the
    file: WARC offsets are those of the member a record starts (what CDX indexes count). zlib
    and zstandard decompress; this class only chains members and notes their offsets."""

    def __init__(self, raw: IO[bytes], codec: Literal["gzip", "zstd"]) -> None:
        self._read = getattr(raw, "read1", raw.read)  # what a pipe has, without waiting for more
        self.codec = codec
        self._feed = b""  # compressed bytes read and not yet decompressed
        self._taken = 0  # offset in the file of `_feed`'s first byte
        self._made = 0  # decompressed bytes made so far
        self._left = memoryview(b"")  # made but not yet handed out
        self._member: Any = None  # the decompressor of the member being read
        self._ended = False
        self._starts: deque[tuple[int, int]] = deque(maxlen=_STARTS_KEPT)
        self._held = bytearray()  # the member's bytes until its checksum is checked (`HOLD`)
        if codec == "zstd":
            import zstandard

            self._zstd = zstandard.ZstdDecompressor()
            self._errors: tuple[type[Exception], ...] = (zstandard.ZstdError,)
        else:
            self._errors = (zlib.error,)

    def member_at(self, pos: int) -> int | None:
        while self._starts and self._starts[0][0] < pos:
            self._starts.popleft()
        return self._starts[0][1] if self._starts and self._starts[0][0] == pos else None

    def readinto(self, buffer: Any) -> int:
        want = max(1, len(buffer))
        while not self._left and not self._ended:
            self._left = memoryview(self._step(want))
        size = min(want, len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size

    def _fill(self) -> bool:
        more = self._read(_READ)
        self._feed += more
        return bool(more)

    def _end(self, fault: Fault | None) -> bytes:
        self.fault, self._ended = fault, True
        return b""

    def _step(self, want: int) -> bytes:
        """Some decompressed bytes, or none when more input is needed or the stream ended."""
        if not self._feed and not self._fill():
            cut = self._member is not None
            return self._release() + self._end(Fault("truncated", self.codec) if cut else None)
        if self._member is None:
            if self.codec == "gzip":  # zero padding after a member, as tar and gzip(1) allow
                rest = self._feed.lstrip(b"\0")
                self._taken += len(self._feed) - len(rest)
                self._feed = rest
                if not rest:
                    return b""
            if len(self._feed) < len(_ZSTD) and self._fill():
                return b""
            if not self._starts_member():
                detail = f"the bytes from offset {self._taken} on are not {self.codec} data"
                return self._end(Fault("trailing garbage", self.codec, detail))
            self._member = (
                zlib.decompressobj(wbits=31) if self.codec == "gzip" else self._zstd.decompressobj()
            )
            self._starts.append((self._made, self._taken))
        try:
            out, rest, done = self._inflate(want)
        except self._errors as exc:
            self._held.clear()  # covered by the checksum that failed: not text to pass on
            return self._end(Fault("corrupt", self.codec, str(exc)))
        self._taken += len(self._feed) - len(rest)
        self._feed = rest
        self._made += len(out)
        self._held += out
        if done:
            self._member = None
        return self._release() if done or len(self._held) >= HOLD else b""

    def _release(self) -> bytes:
        out = bytes(self._held)
        self._held.clear()
        return out

    def _starts_member(self) -> bool:
        if self.codec == "gzip":
            return self._feed.startswith(_GZIP)
        # a zstd frame, or a skippable frame (pzstd and seekable zstd write them)
        return self._feed.startswith(_ZSTD) or (
            self._feed[1:4] == b"\x2a\x4d\x18" and self._feed[0] & 0xF0 == 0x50
        )

    def _inflate(self, want: int) -> tuple[bytes, bytes, bool]:
        """Decompressed bytes, the input left over, and whether the member ended."""
        member = self._member
        if self.codec == "gzip":
            out = member.decompress(self._feed, want)
            return out, member.unused_data if member.eof else member.unconsumed_tail, member.eof
        piece, later = self._feed[:_ZSTD_PIECE], self._feed[_ZSTD_PIECE:]
        out = member.decompress(piece)
        return out, (member.unused_data + later) if member.eof else later, member.eof


def unpack(stream: IO[bytes]) -> tuple[IO[bytes], Unpacked | None]:
    """The stream itself (one that can peek), or a decompressing view of it when its first bytes
    say it is gzip, zstd, bzip2 or xz, with the view's `Unpacked` (which knows why it stopped)."""
    if isinstance(stream, _Plain):
        return stream, None
    head = stream.peek(8)[:8] if hasattr(stream, "peek") else b""
    unpacked: Unpacked
    if head.startswith(_GZIP):
        unpacked = _Members(stream, "gzip")
    elif head.startswith(_ZSTD):
        unpacked = _Members(stream, "zstd")
    elif head.startswith(b"BZh"):
        unpacked = _Wrapped(cast("IO[bytes]", bz2.BZ2File(stream)), "bzip2")
    elif head.startswith(b"\xfd7zXZ\x00"):
        unpacked = _Wrapped(cast("IO[bytes]", lzma.LZMAFile(stream)), "xz")  # noqa: SIM115 - lives as long as `stream`
    else:
        return stream, None
    return io.BufferedReader(unpacked, _READ), unpacked


def unpacked(stream: IO[bytes]) -> IO[bytes]:
    """`stream` (one that can peek) decompressed when its first bytes say it is gzip, zstd,
    bzip2 or xz, else as it is; either way able to peek. Damage ends the bytes early."""
    return unpack(stream)[0]


def _sniff(name: str, head: bytes) -> Literal["text", "jsonl", "html", "warc"]:
    """What a stream holds, by its name's ending and then by its first bytes (after a byte-order
    mark: a UTF-16 page is looked at as text)."""
    suffixes = [s.lower() for s in Path(name).suffixes if s.lower() not in _PACKED_SUFFIXES]
    last = suffixes[-1] if suffixes else ""
    wide = next((c for bom, c in _WIDE_BOMS if head.startswith(bom)), None)
    if wide is not None:
        head = head.decode(wide, "ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8)
    start = head.lstrip()[:512].lower()
    if last == ".warc" or head.startswith(b"WARC/"):
        return "warc"
    if wide is None and _is_jsonl(name, head):
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
        _skip_line(stream)
        yield Overlong(head)


def _skip_line(stream: IO[bytes]) -> None:
    """Read on to the start of the next line, a piece at a time."""
    while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
        pass


_JSON_OBJECT_START: Final = re.compile(rb'\{\s*"[^"\\\n]{1,200}"\s*:')


def _is_jsonl(name: str, head: bytes) -> bool:
    suffixes = [s for s in Path(name).suffixes if s not in _PACKED_SUFFIXES]
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
        yield Reject(name, STAGE, _cannot("read", exc))


def _pages(
    stream: IO[bytes], name: str, *, fmt: Format, max_bytes: int, first_line: int = 1
) -> Iterator[RawPage | Reject]:
    data, packed = unpack(stream)
    head = data.peek(_SNIFF)[:_SNIFF] if hasattr(data, "peek") else b""
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
    name = shown(str(path))
    try:
        handle = _open(path)
    except OSError as exc:
        yield Reject(name, STAGE, _cannot("open", exc))
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
                yield Reject(shown(str(path)), STAGE, _cannot("open", exc))


def _cut(path: Path, part_bytes: int, fmt: Format) -> Iterator[Part]:
    size = path.stat().st_size
    with _open(path) as handle:
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


def read_path_list(source: str, *, nul: bool) -> list[str]:
    """Input paths listed one per line in a file, or on stdin for "-" (`find … | cleancli run
    --files-from -`); with `nul`, ended by NUL bytes instead (`find -print0`), so that a name
    may hold a newline. Empty entries are skipped; bytes that are not UTF-8 are kept as the
    operating system's file names carry them. Raises UsageError when the file cannot be read.
    """
    import sys

    from cleancli.errors import UsageError

    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"--files-from {source}: {exc.strerror or exc}") from exc
    entries = data.split(b"\0") if nul else data.replace(b"\r\n", b"\n").split(b"\n")
    return [os.fsdecode(entry) for entry in entries if entry]
