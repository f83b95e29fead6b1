"""The world a command runs in: streams, terminal facts, colour. Tests pass in their own.

Colour and progress are decided here once: `--color` or `--no-color` when given; else never
under `NO_COLOR`, always under `FORCE_COLOR` (not 0), and otherwise only on a terminal that is
not `TERM=dumb`. Progress only when stderr is a terminal and `--quiet` is not given.
A console without colour writes no escape codes at all, so piped output stays plain text.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def _isatty(stream: IO[str] | IO[bytes]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(slots=True)
class Environment:
    #: Standard input; empty when it was closed before cleancli started.
    stdin: IO[bytes] = field(
        default_factory=lambda: sys.stdin.buffer if sys.stdin else io.BytesIO()
    )
    stdout: IO[bytes] = field(default_factory=lambda: sys.stdout.buffer)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    #: Text view of stdout for the rich views (show, explain, stats).
    stdout_text: IO[str] = field(default_factory=lambda: sys.stdout)
    quiet: bool = False
    debug: bool = False
    #: --color (True) or --no-color (False); None leaves it to the terminal and environment
    color_choice: bool | None = None
    #: Fixed console width; None lets the terminal decide (80 when not a terminal).
    width: int | None = None

    def color(self, stream: IO[str]) -> bool:
        if self.color_choice is not None:
            return self.color_choice
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
            return True
        return os.environ.get("TERM") != "dumb" and _isatty(stream)

    @property
    def progress(self) -> bool:
        return not self.quiet and _isatty(self.stderr) and os.environ.get("TERM") != "dumb"

    def console(self, *, stderr: bool = False) -> Console:
        """A rich console on stdout (views) or stderr (progress), coloured only where allowed."""
        from rich.console import Console

        stream = self.stderr if stderr else self.stdout_text
        color = self.color(stream)
        return Console(
            file=stream,
            width=self.width,
            color_system="auto" if color else None,
            force_terminal=color or None,
            highlight=False,
            soft_wrap=False,
            emoji=False,
        )

    def say(self, message: str) -> None:
        """One line for the user on stderr, unless `--quiet`."""
        if not self.quiet:
            self.stderr.write(f"cleancli: {message}\n")
            self.stderr.flush()


def cpu_jobs(asked: int | None) -> int:
    """`--jobs` as given, else the cores this process may run on."""
    if asked is not None:
        return asked
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
