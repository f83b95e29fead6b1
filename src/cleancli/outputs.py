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
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, cast

from cleancli.errors import Interrupted, RunFailedError, UsageError
from cleancli.sources import input_paths

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: What an interrupted output is kept as, next to its target.
PARTIAL: Final = ".partial"
_PACKED: Final = (".gz", ".zst", ".bz2", ".xz")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _key(path: Path) -> Path:
    """A path as the file system will resolve it, whether or not it exists yet."""
    return Path(os.path.realpath(path))


def check_outputs(inputs: Iterable[str], outputs: Iterable[tuple[str, Path | None]]) -> None:
    """Refuse, before anything is read or written, an output that is an input or another output.

    `outputs` pairs each output's option name (`-o`) with its path (None when not given).
    Raises `UsageError` naming both.
    """
    given = [(option, path) for option, path in outputs if path is not None]
    seen: dict[Path, str] = {}
    for option, path in given:
        if path.is_dir():
            raise UsageError(f"{option} {path} is a folder; give a file name")
        key = _key(path)
        if key in seen:
            raise UsageError(f"{option} and {seen[key]} name the same file {path}")
        seen[key] = option
    if not given:
        return
    for spec in inputs:
        for found in input_paths(spec):
            for option, path in given:
                if _key(found) == _key(path) or _same(found, path):
                    raise UsageError(
                        f"{option} {path} is also an input; cleancli never writes over its input"
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
    return path.suffix.lower() in _PACKED


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
    if path.exists() and not path.resolve().is_file():
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
        try:
            stream = _packer(target, raw)
            yield stream
            if stream is not raw:
                stream.close()
            raw.flush()
            os.fsync(raw.fileno())
            raw.close()
            _keep_mode(target, temporary)
            Path(temporary).replace(target)
        except OSError as exc:
            raise RunFailedError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except (Interrupted, KeyboardInterrupt):
        _set_aside(raw, temporary, target)
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            raw.close()
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _direct(path: Path) -> Iterator[IO[bytes]]:
    try:
        raw = path.open("wb")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with raw:
        try:
            yield raw
            raw.flush()
        except OSError as exc:
            raise RunFailedError(f"cannot write {path}: {exc.strerror or exc}") from exc


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
        if partial.exists():
            Path(temporary).unlink()
        else:
            Path(temporary).replace(partial)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
