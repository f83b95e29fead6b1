"""What the command modules share: a set of commands to register on the app, the examples in
their help, the inputs a command names, and the run of the stages behind the stage commands.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import typer

from cleancli.cli.env import Environment
from cleancli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from cleancli.options import Options, Plan, Sinks


@dataclass
class CommandSet:
    """Commands declared in one module, each with the settings `typer.Typer.command` takes,
    registered on the app by `register` (so that no command module imports the app)."""

    declared: list[tuple[Callable[..., None], dict[str, Any]]] = field(default_factory=list)

    def command(
        self, name: str | None = None, *, epilog: str
    ) -> Callable[[Callable[..., None]], Callable[..., None]]:
        """Declare a command (named after its function unless `name` says otherwise)."""

        def declare(function: Callable[..., None]) -> Callable[..., None]:
            self.declared.append((function, {"name": name, "epilog": epilog}))
            return function

        return declare

    def register(self, app: typer.Typer) -> None:
        for function, settings in self.declared:
            app.command(**settings)(function)


def examples(*pairs: tuple[str, str]) -> str:
    """A command's help epilog: each example a comment saying what it is for, then the command,
    kept as written (click rewraps a paragraph unless it opens with \\b)."""
    lines = "\n".join((f"  # {why}\n" if why else "") + f"  {command}" for why, command in pairs)
    return f"Examples:\n\n\b\n{lines}"


def go(
    stages: tuple[str, ...],
    inputs: list[str],
    options: Options,
    sinks: Sinks,
    *,
    quiet: bool,
    debug: bool,
    color: bool | None = None,
    plan: Plan | None = None,
) -> None:
    from cleancli.cli.runner import serve

    env = Environment(quiet=quiet, debug=debug, color_choice=color)
    status = serve(env, stages=stages, inputs=inputs, options=options, sinks=sinks, plan=plan)
    raise typer.Exit(int(status))


def listed_inputs(
    inputs: list[str] | None, files_from: str | None, *, null: bool, view: str | None = None
) -> list[str]:
    """The inputs named on the command line, then those --files-from lists; a view with neither
    reads stdin."""
    paths = list(inputs or [])
    if files_from is None:
        if null:
            raise UsageError("--null (-0) goes with --files-from")
    else:
        if files_from == "-" and "-" in paths:
            raise UsageError("--files-from - and the input - cannot both read stdin")
        from cleancli.inputs.paths import read_path_list

        paths += read_path_list(files_from, nul=null)
    if paths.count("-") > 1:
        raise UsageError("- is named twice: standard input can be read only once")
    if not paths and view:
        if _isatty(sys.stdin):
            raise UsageError(
                "no inputs: name files, folders or globs, or pipe records in "
                f"(cleancli run dumps/ | cleancli {view})"
            )
        return ["-"]
    if not paths:
        raise UsageError("no inputs: name files, folders, globs or -, or give --files-from")
    return paths


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False
