"""Decompression by magic bytes (gzip, zstd, bzip2, xz) that reports damage instead of raising:
a stream that is cut off or corrupt ends early, and its `fault` says where. Decompression is
incremental and bounded, so memory does not grow with the input.
"""

from __future__ import annotations

import bz2
import io
import lzma
import zlib
from collections import deque
from dataclasses import dataclass
from typing import IO, Any, Final, Literal, cast

_GZIP: Final = b"\x1f\x8b"
_ZSTD: Final = b"\x28\xb5\x2f\xfd"
_BZIP2: Final = b"BZh"
_XZ: Final = b"\xfd7zXZ\x00"
#: The codecs cleancli reads (`unpack`) and writes (`outputs.files`): each file name ending
#: and the magic bytes a stream of it starts with. A new codec goes here and in both.
CODECS: Final = {".gz": _GZIP, ".zst": _ZSTD, ".bz2": _BZIP2, ".xz": _XZ}
PACKED_SUFFIXES: Final = frozenset(CODECS)
PACKED_MAGICS: Final = tuple(CODECS.values())


class PlainLines(io.BufferedReader):
    """A stream `unpack` leaves alone: a range of lines inside a JSONL file."""


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
    if isinstance(stream, PlainLines):
        return stream, None
    head = stream.peek(8)[:8] if hasattr(stream, "peek") else b""
    unpacked: Unpacked
    if head.startswith(_GZIP):
        unpacked = _Members(stream, "gzip")
    elif head.startswith(_ZSTD):
        unpacked = _Members(stream, "zstd")
    elif head.startswith(_BZIP2):
        unpacked = _Wrapped(cast("IO[bytes]", bz2.BZ2File(stream)), "bzip2")
    elif head.startswith(_XZ):
        unpacked = _Wrapped(cast("IO[bytes]", lzma.LZMAFile(stream)), "xz")  # noqa: SIM115 - lives as long as `stream`
    else:
        return stream, None
    return io.BufferedReader(unpacked, _READ), unpacked


def unpacked(stream: IO[bytes]) -> IO[bytes]:
    """`stream` (one that can peek) decompressed when its first bytes say it is gzip, zstd,
    bzip2 or xz, else as it is; either way able to peek. Damage ends the bytes early."""
    return unpack(stream)[0]
