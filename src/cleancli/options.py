"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Inputs = Annotated[
    list[str],
    typer.Argument(help="Files, folders, glob patterns, or - for stdin.", show_default=False),
]
Input = Annotated[str, typer.Argument(help="A JSONL file of records, or - for stdin.")]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False),
]
Rejects = Annotated[
    Path | None,
    typer.Option(
        help="Write rejected inputs here as JSONL, each with its reason.", show_default=False
    ),
]
Strict = Annotated[bool, typer.Option(help="Exit 1 if any input was rejected.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No summary or warnings on stderr.")]
Debug = Annotated[bool, typer.Option(help="Show tracebacks for errors.")]
Format = Annotated[
    str, typer.Option("--format", help="Input format: auto, text or jsonl.", show_default=True)
]
TextField = Annotated[str, typer.Option(help="JSONL field that holds the page text.")]
MaxBytes = Annotated[int, typer.Option(help="Refuse a page larger than this many bytes.")]
Profiles = Annotated[
    list[str] | None,
    typer.Option(
        "--profile",
        "-p",
        help="Apply a site profile: a built-in name or a TOML file. Repeatable.",
        show_default=False,
    ),
]
AutoProfiles = Annotated[
    bool, typer.Option(help="Apply built-in site profiles whose host or signature matches a page.")
]
Now = Annotated[
    str | None,
    typer.Option(
        help="Reference time (ISO 8601) for relative dates such as '2 days ago' when the input "
        "has no fetch time; without it they stay null.",
        show_default=False,
    ),
]
DedupOpt = Annotated[str, typer.Option("--dedup", help="Duplicate detection: exact or none.")]
OnDuplicate = Annotated[
    str, typer.Option(help="drop duplicates, or mark them with duplicate_of and keep them.")
]
KeepBlocks = Annotated[bool, typer.Option(help="Keep each line's role and rule in the output.")]
