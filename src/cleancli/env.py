"""The world a command runs in: streams, terminal facts, colour. Tests pass in their own."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import IO


def _color_allowed(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


@dataclass(slots=True)
class Environment:
    stdin: IO[bytes] = field(default_factory=lambda: sys.stdin.buffer)
    stdout: IO[bytes] = field(default_factory=lambda: sys.stdout.buffer)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    quiet: bool = False
    debug: bool = False

    @property
    def color(self) -> bool:
        return _color_allowed(self.stderr)

    def say(self, message: str) -> None:
        """One line for the user on stderr, unless `--quiet`."""
        if not self.quiet:
            self.stderr.write(f"cleancli: {message}\n")
            self.stderr.flush()

    def error(self, message: str) -> None:
        """One line on stderr even under `--quiet`: errors are never hidden."""
        self.stderr.write(f"cleancli: error: {message}\n")
        self.stderr.flush()
