"""Exit codes and the errors a user can fix."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Every exit code cleancli uses; documented in the README and tested in one file."""

    OK = 0
    #: Some input was rejected and `--strict` was given, or cleancli itself failed.
    FAILED = 1
    #: The command line, a profile or an option value is wrong.
    USAGE = 2
    #: Interrupted by the user (Ctrl-C).
    INTERRUPTED = 130
    #: Ended by SIGTERM.
    TERMINATED = 143


class UsageError(Exception):
    """A mistake in how cleancli was called: one line on stderr, exit 2, no traceback."""


class Interrupted(BaseException):
    """SIGTERM arrived: outputs are set aside as partial and the run ends with 143.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it.
    """


class RunFailedError(Exception):
    """The run could not go on for a reason outside the input (a worker process died, an
    output could not be written): one line naming it, exit 1."""
