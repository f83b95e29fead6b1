"""The files an input names: a path, a folder walked in sorted order, a glob, or a list of paths;
what cannot be read becomes a `Reject` that says why, never an exception.
"""

from __future__ import annotations

import glob
import os
import stat
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from cleancli.record import SKIPPED, Reject

if TYPE_CHECKING:
    from collections.abc import Iterator


STAGE: Final = "extract"


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


def expand(spec: str) -> Iterator[Path | Reject]:
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
            named = expand(match) if Path(match).is_dir() else iter([Path(match)])
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
    yield from (Reject(shown(e.filename or spec), STAGE, cannot("read", e)) for e in errors)
    errors.clear()


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def cannot(verb: str, exc: OSError) -> str:
    return f"cannot {verb}: {exc.strerror or exc}"


def open_path(path: Path) -> IO[bytes]:
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
        yield from (p for p in expand(spec) if isinstance(p, Path))


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
