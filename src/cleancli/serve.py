"""What every command does around the stages: open inputs and outputs, fold, report, exit.

Kept apart from `cli.py` so the command functions stay one call long, and apart from
`pipeline.py` so the library API has no file handling in it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from cleancli.errors import ExitStatus, UsageError
from cleancli.jsonl import read_items
from cleancli.pipeline import Tally, fold, write
from cleancli.progress import tracked
from cleancli.settings import DEFAULT_MAX_BYTES, Format, Options, Sinks
from cleancli.sources import read_inputs

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cleancli.env import Environment
    from cleancli.record import Item, Reject

_STDIN: Final = "-"


@contextlib.contextmanager
def _open_out(path: Path | None, fallback: IO[bytes]) -> Iterator[IO[bytes]]:
    if path is None:
        yield fallback
        return
    try:
        handle = path.open("wb")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def _open_in(spec: str, env: Environment) -> contextlib.AbstractContextManager[IO[bytes]]:
    if spec == _STDIN:
        return contextlib.nullcontext(env.stdin)
    try:
        return Path(spec).open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {spec}: {exc.strerror or exc}") from exc


def serve(
    env: Environment,
    *,
    stages: tuple[str, ...],
    inputs: list[str],
    options: Options,
    sinks: Sinks,
    fmt: Format = "auto",
    max_bytes: int | None = None,
) -> ExitStatus:
    """Run `stages` from `inputs` to the sinks and report; the exit status to end with."""
    tally = Tally()
    try:
        _pump(env, stages, inputs, options, sinks, tally, fmt, max_bytes)
    except BrokenPipeError:
        quiet_broken_pipe(env)  # the reader has all it wants (`| head`): stop, say nothing
        return ExitStatus.OK
    env.say(tally.summary())
    if sinks.strict and tally.rejected:
        return ExitStatus.REJECTED
    return ExitStatus.OK


def _pump(
    env: Environment,
    stages: tuple[str, ...],
    inputs: list[str],
    options: Options,
    sinks: Sinks,
    tally: Tally,
    fmt: Format,
    max_bytes: int | None,
) -> None:
    """Open the sinks and the inputs, fold the stages between them, write everything."""
    final = "emit" in stages
    stream: Iterator[Item]

    def warn(rej: Reject) -> None:
        env.say(f"rejected {rej.source} ({rej.stage}): {rej.reason}")

    with contextlib.ExitStack() as stack:
        out = stack.enter_context(_open_out(sinks.output, env.stdout))
        rejects = (
            stack.enter_context(_open_out(sinks.rejects, env.stdout)) if sinks.rejects else None
        )
        if "extract" in stages:
            pages = read_inputs(
                inputs, stdin=env.stdin, fmt=fmt, max_bytes=max_bytes or DEFAULT_MAX_BYTES
            )
            source = stack.enter_context(tracked(env, inputs, pages))
            stream = fold(source, options, tally, stages=stages)
        else:
            (spec,) = inputs
            handle = stack.enter_context(_open_in(spec, env))
            name = "<stdin>" if spec == _STDIN else spec
            items = read_items(handle, name=name, stage=stages[0])
            stream = fold(items, options, tally, stages=stages)
        write(
            stream, out, final=final, keep_blocks=sinks.keep_blocks, rejects=rejects, on_reject=warn
        )
        out.flush()


def quiet_broken_pipe(env: Environment) -> None:
    """After the reader of stdout went away (`| head`): silence the flush at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())
