"""The `cleancli` command: the typer app, with the commands `stage_commands`, `view_commands`
and `tool_commands` declare (one short function each over the library), and `main`, which
turns every way a run can end into one line on stderr and a documented exit code.

Heavy modules (dateparser, charset-normalizer, trafilatura) are imported where they are first
used, so `cleancli --help` stays fast.
"""

import contextlib
import errno
import signal
import sys
from typing import Annotated, NoReturn

import typer

from cleancli.cli import stage_commands, tool_commands, view_commands
from cleancli.cli.env import Environment
from cleancli.errors import ExitStatus, Interrupted, RunFailedError, UsageError

EPILOG = (
    "Exit codes: 0 ok, 1 rejects under --strict or a failure, 2 usage error or nothing to read, "
    "130 interrupted, 143 terminated."
)

app = typer.Typer(
    name="cleancli",
    help="Turn messy scraped web dumps into clean, structured JSONL.\n\n"
    "Pipeline: cleancli extract DUMPS | cleancli strip | cleancli split | cleancli emit\n\n"
    "or all four at once: cleancli run DUMPS > clean.jsonl",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"cleancli {version('cleancli')}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Turn messy scraped web dumps into clean, structured JSONL."""


for commands in (stage_commands.commands, view_commands.commands, tool_commands.commands):
    commands.register(app)


def _fail(message: str, status: ExitStatus) -> NoReturn:
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"cleancli: {message}\n")
    sys.exit(int(status))


def _on_sigterm(signum: int, frame: object) -> None:  # noqa: ARG001 - a signal handler's shape
    raise Interrupted


def _closed(exc: BaseException) -> bool:
    """Whether `exc` says standard output or input was closed under us."""
    if isinstance(exc, ValueError):
        return "closed file" in str(exc)
    return isinstance(exc, OSError) and exc.errno == errno.EBADF


def main(argv: list[str] | None = None) -> None:
    """Entry point: usage errors become one line and exit 2; `| head` ends quietly; SIGTERM and
    Ctrl-C end the run with its outputs set aside as partial (exit 143, 130)."""
    debug = "--debug" in (argv if argv is not None else sys.argv)
    if sys.stdout is None:
        _fail("error: standard output is closed", ExitStatus.FAILED)
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = app(args=argv, prog_name="cleancli", standalone_mode=False)
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare `cleancli`: the help, as asked
            sys.stdout.write(exc.format_message() + "\n")
            sys.exit(int(ExitStatus.OK))
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        _fail(f"error: {exc.format_message()}{hint}", ExitStatus(min(exc.exit_code, 2) or 2))
    except UsageError as exc:
        if debug:
            raise
        _fail(f"error: {exc}", ExitStatus.USAGE)
    except RunFailedError as exc:
        if debug:
            raise
        _fail(f"error: {exc}", ExitStatus.FAILED)
    except BrokenPipeError:
        from cleancli.cli.streams import quiet_broken_pipe

        quiet_broken_pipe(Environment())
        sys.exit(int(ExitStatus.OK))
    except Interrupted:
        _fail("terminated: output incomplete", ExitStatus.TERMINATED)
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted: output incomplete", ExitStatus.INTERRUPTED)
    except Exception as exc:
        if debug:
            raise
        if _closed(exc):
            _fail("error: standard input or output is closed", ExitStatus.FAILED)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            # Named outputs say their name where they fail (outputs/files.py); this is stdout.
            _fail(f"error: cannot write standard output: {exc.strerror}", ExitStatus.FAILED)
        _fail(
            f"error: internal error: {type(exc).__name__}: {exc} (--debug shows where)",
            ExitStatus.FAILED,
        )
    if code == ExitStatus.INTERRUPTED:  # typer turns Ctrl-C into this exit code
        _fail("interrupted: output incomplete", ExitStatus.INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
