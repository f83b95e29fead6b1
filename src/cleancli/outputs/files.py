"""Where results go, written so that a user's files are never lost to a run.

Every file output (`-o`, `--rejects`, `learn -o`) is checked before anything is read: a path that
is also an input, or the same as another output, is a usage error and nothing is opened for
writing. A checked output is written into a hidden temporary file beside its target and renamed
into place only when the run ends well; a failed run leaves the target as it was, an interrupted
one leaves `NAME.partial` (never a file that looks whole). The target's extension picks a
compressed form (`.gz`, `.zst`, `.bz2`, `.xz`), streamed, with fixed headers so that the same
records always give the same bytes.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, cast

from cleancli.errors import Interrupted, RunFailedError, UsageError
from cleancli.inputs.packed import PACKED_SUFFIXES
from cleancli.inputs.paths import input_paths

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: What an interrupted output is kept as, next to its target.
PARTIAL: Final = ".partial"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _key(path: Path) -> Path:
    """A path as the file system will resolve it, whether or not it exists yet."""
    return Path(os.path.realpath(path))


def _file_stat(stream: IO[bytes] | None) -> os.stat_result | None:
    """The stat of the regular file behind an open stream (a shell redirection), else None."""
    try:
        info = os.fstat(stream.fileno()) if stream is not None else None
    except (AttributeError, OSError, ValueError):
        return None
    return info if info is not None and stat.S_ISREG(info.st_mode) else None


def _same_stat(path: Path, info: os.stat_result) -> bool:
    try:
        mine = path.stat()
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_outputs(
    inputs: Iterable[str],
    outputs: Iterable[tuple[str, Path | None]],
    *,
    also_read: Iterable[str] = (),
    stdin: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
) -> None:
    """Refuse, before anything is read or written, an output that is an input or another output.

    `outputs` pairs each output's option name (`-o`) with its path (None when not given);
    `also_read` names other files the run reads (profiles). `stdin` counts as an input when `-`
    is one, and `stdout` as an output when given: a shell redirection from or to an input file
    (`< pages.jsonl -o pages.jsonl`, `>> pages.jsonl`) is caught by the file it opened.
    Raises `UsageError` naming both.
    """
    inputs = list(inputs)
    given = [(option, path) for option, path in outputs if path is not None]
    seen: dict[Path, str] = {}
    for option, path in given:
        if path.is_dir():
            raise UsageError(f"{option} {path} is a folder; give a file name")
        key = _key(path)
        if key in seen:
            raise UsageError(f"{option} and {seen[key]} name the same file {path}")
        seen[key] = option
    read_from = _file_stat(stdin) if "-" in inputs else None
    written_to = _file_stat(stdout)
    files = [*(found for spec in inputs for found in input_paths(spec)), *map(Path, also_read)]
    for found in files:
        if written_to is not None and _same_stat(found, written_to):
            raise UsageError(
                f"standard output is {found}, an input; cleancli never writes over its input"
            )
        for option, path in given:
            if _key(found) == _key(path) or _same(found, path):
                raise UsageError(
                    f"{option} {path} is also an input; cleancli never writes over its input"
                )
    for option, path in given:
        if read_from is not None and _same_stat(path, read_from):
            raise UsageError(
                f"{option} {path} is standard input, an input; cleancli never writes over its input"
            )
    if read_from is not None and written_to is not None and _same_file(read_from, written_to):
        raise UsageError(
            "standard output is the file standard input reads (`< FILE >> FILE`); "
            "cleancli never writes over its input"
        )


def _packer(path: Path, raw: IO[bytes]) -> IO[bytes]:
    """A stream that compresses into `raw` as the target's extension says, else `raw` itself."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        packer = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)
        return cast("IO[bytes]", packer)
    if suffix == ".bz2":
        return bz2.BZ2File(raw, "wb")
    if suffix == ".xz":
        return lzma.LZMAFile(raw, "wb")
    if suffix == ".zst":
        import zstandard

        writer = zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False)
        return cast("IO[bytes]", writer)
    return raw


def packed(path: Path) -> bool:
    """Whether output to `path` is compressed."""
    return path.suffix.lower() in PACKED_SUFFIXES


@contextlib.contextmanager
def safe_output(path: Path) -> Iterator[IO[bytes]]:
    """A stream for `path` that becomes `path` only if the block ends without an error.

    Written to a hidden temporary file in the same folder (so the rename is atomic and input
    folders skip it). On an interrupt the temporary file is kept as `NAME.partial`; on any other
    error it is removed. A path that is not a regular file (`/dev/null`, a FIFO) is written
    directly, and a symbolic link's target is replaced, not the link. Raises `UsageError` when
    the file cannot be opened at all, and `RunFailedError` when writing or finishing fails (a
    full disk), naming the file.
    """
    if _special(path):
        with _direct(path) as stream:
            yield stream
        return
    target = path.resolve() if path.is_symlink() else path
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    raw = os.fdopen(fd, "wb")
    try:
        stream = _packer(target, raw)
        yield cast("IO[bytes]", _Named(stream, path))
        with _naming(path):
            if stream is not raw:
                stream.close()
            raw.flush()
            os.fsync(raw.fileno())
            raw.close()
            _keep_mode(target, temporary)
            Path(temporary).replace(target)
    except (Interrupted, KeyboardInterrupt):
        _set_aside(raw, temporary, target)
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            raw.close()
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """An OSError while writing `path` as one line that names it (a full disk: exit 1)."""
    try:
        yield
    except OSError as exc:
        raise RunFailedError(f"cannot write {path}: {exc.strerror or exc}") from exc


class _Named:
    """An output stream whose write errors name its file, whichever output failed."""

    def __init__(self, stream: IO[bytes], path: Path) -> None:
        self._stream, self._path = stream, path

    def write(self, data: bytes) -> int:
        with _naming(self._path):
            return self._stream.write(data)

    def flush(self) -> None:
        with _naming(self._path):
            self._stream.flush()


def _special(path: Path) -> bool:
    """Whether `path` is written in place: not a regular file (`/dev/null`, a FIFO), or a name
    for an open stream (`/dev/stdout`, `/proc/self/fd/1`), where a rename would replace the
    file the shell opened (and lose what `>>` was appending to)."""
    if str(path.absolute()).startswith(("/dev/", "/proc/")):
        return True
    return path.exists() and not path.resolve().is_file()


@contextlib.contextmanager
def _direct(path: Path) -> Iterator[IO[bytes]]:
    try:
        raw = path.open("ab")  # no truncation: a stream the shell opened (>>) keeps its start
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        yield cast("IO[bytes]", _Named(raw, path))
        with _naming(path):
            raw.flush()
    finally:
        with contextlib.suppress(OSError):  # a failed flush is told once, by name, above
            raw.close()


def _keep_mode(path: Path, temporary: str) -> None:
    """A replaced file keeps its permissions; a new one gets the umask's, as `open` would."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)  # noqa: PTH101 - the temporary file is a str from mkstemp


def _set_aside(raw: IO[bytes], temporary: str, path: Path) -> None:
    """What an interrupted run wrote, kept under a name that cannot pass for a whole output."""
    with contextlib.suppress(OSError, ValueError):
        raw.close()
    partial = path.with_name(path.name + PARTIAL)
    try:
        _keep_mode(path, temporary)
        Path(temporary).replace(partial)  # an older .partial is an earlier interrupted run's
    except OSError:
        Path(temporary).unlink(missing_ok=True)
