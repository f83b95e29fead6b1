"""What every command needs of the process's streams and files: stdin as `-`, inputs opened
with a one-line error, outputs written safely, rejects told on stderr, `| head` ended quietly,
a view printed without padding in a pipe.
"""

from __future__ import annotations

import contextlib
import glob
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from cleancli.errors import ExitStatus, UsageError
from cleancli.inputs.paths import input_paths, shown
from cleancli.outputs.files import safe_output
from cleancli.record import SKIPPED, Reject

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from rich.console import RenderableType

    from cleancli.cli.env import Environment
    from cleancli.inputs.rawpage import RawPage


STDIN: Final = "-"


@contextlib.contextmanager
def open_out(path: Path | None, fallback: IO[bytes]) -> Iterator[IO[bytes]]:
    """`path` written safely (see `outputs.files.safe_output`), or `fallback` (stdout) when None."""
    if path is None:
        yield fallback
        return
    with safe_output(path) as handle:
        yield handle


def open_in(spec: str, env: Environment) -> contextlib.AbstractContextManager[IO[bytes]]:
    if spec == STDIN:
        return contextlib.nullcontext(env.stdin)
    try:
        return Path(spec).open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {spec}: {exc.strerror or exc}") from exc


class Reading:
    """Watches what the inputs gave, so that a run that could read nothing says so and fails
    instead of writing an empty output."""

    def __init__(self) -> None:
        self.found = 0

    def watch(self, items: Iterable[RawPage | Reject]) -> Iterator[RawPage | Reject]:
        for item in items:
            self.found += isinstance(item, Reject) or bool(item.data)
            yield item

    def check(self, inputs: list[str]) -> None:
        """Raise `UsageError` when the inputs held no data at all (empty files, empty stdin)."""
        if not self.found:
            where = "standard input" if inputs == [STDIN] else ", ".join(inputs)
            raise UsageError(f"nothing to read: {where} held no data")


def require_inputs(inputs: list[str]) -> None:
    """Raise `UsageError`, before anything is read or written, when no input names a file."""
    if "" in inputs:
        raise UsageError("an input name is empty (an unset shell variable?)")
    if any(spec == STDIN or next(input_paths(spec), None) for spec in inputs):
        return
    reasons = []
    for spec in inputs[:3]:
        name = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown(spec))
        if Path(spec).is_dir():
            reasons.append(f"{name}: folder holds no files")
        elif glob.has_magic(spec):
            reasons.append(f"{name}: no file matches this pattern")
        else:
            reasons.append(f"{name}: no such file or folder")
    raise UsageError("nothing could be read: " + "; ".join(reasons))


#: Rejects told one by one on stderr; past this, only counted (a damaged dump can hold millions).
_TOLD: Final = 100


def say_reject(env: Environment) -> Callable[[Reject], None]:
    """Tell rejects on stderr, the first `_TOLD` of them."""
    told = 0

    def warn(rej: Reject) -> None:
        nonlocal told
        if rej.stage == SKIPPED:  # skipped inputs are counted in the summary, not each told
            return
        told += 1
        if told <= _TOLD:
            env.say(f"rejected {rej.source} ({rej.stage}): {rej.reason}")
        elif told == _TOLD + 1:
            env.say("more rejects are counted but not shown; --rejects FILE lists every one")

    return warn


def quiet_broken_pipe(env: Environment) -> None:
    """After the reader of stdout went away (`| head`): silence the flush at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())


def name_of(spec: str) -> str:
    return "<stdin>" if spec == STDIN else spec


def print_view(env: Environment, renderable: RenderableType) -> ExitStatus:
    """Print a view; into a pipe or a file, without the spaces that pad its lines to the
    console's width."""
    console = env.console()
    try:
        if console.is_terminal or console.color_system:
            console.print(renderable)
        else:
            with console.capture() as captured:
                console.print(renderable)
            plain = "\n".join(line.rstrip() for line in captured.get().split("\n"))
            env.stdout_text.write(plain)
            env.stdout_text.flush()
    except BrokenPipeError:
        quiet_broken_pipe(env)
    return ExitStatus.OK
