"""The command line's options: shared ones declared once, and `make_options`, which turns
their strings into the library's `Options`, each checked with a one-line error."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Final, get_args

import typer

from cleancli import options as settings
from cleancli.errors import UsageError
from cleancli.options import DEFAULT_THRESHOLD, DEFAULT_TIMEOUT, Options, parse_now

Input = Annotated[str, typer.Argument(help="A JSONL file of records, or - for stdin.")]
ListedInputs = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files, folders, glob patterns, or - for stdin; more may come from --files-from.",
        show_default=False,
    ),
]
FilesFrom = Annotated[
    str | None,
    typer.Option(
        "--files-from",
        help="Read more inputs from this file, one path per line (- for stdin), as "
        "find dumps -name '*.warc.gz' lists them.",
        show_default=False,
    ),
]
NulSeparated = Annotated[
    bool,
    typer.Option("--null", "-0", help="With --files-from: paths end in NUL bytes (find -print0)."),
]
_OUTPUT_HELP: Final = (
    "Write here instead of stdout, compressed by its extension (.gz .zst .bz2 .xz); replaced "
    "only when the run ends well."
)
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=_OUTPUT_HELP + " JSONL, for the next stage.",
                 show_default=False),
]  # fmt: skip
FinalOutput = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=_OUTPUT_HELP + " Parquet for a name ending .parquet.",
                 show_default=False),
]  # fmt: skip
RunOutput = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o",
        help=_OUTPUT_HELP + " Parquet for a name ending .parquet. With --engine dask: a folder "
        "for the shards and their manifest.",
        show_default=False,
    ),
]  # fmt: skip
ProfileOutput = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o",
        help="Write the profile here (plain TOML, as --profile reads it) instead of stdout; "
        "replaced only when learning ends well.",
        show_default=False,
    ),
]  # fmt: skip
OutputFormat = Annotated[
    settings.OutputFormat | None,
    typer.Option(
        "--output-format",
        help="jsonl: one JSON object per line; parquet: a Parquet file of typed columns "
        "(needs pyarrow: pip install -e '.[parquet]'). "
        "[default: parquet for an -o name ending .parquet, else jsonl]",
        show_default=False,
    ),
]
Schema = Annotated[
    settings.Schema,
    typer.Option(
        "--schema",
        help="Each record as cleancli's schema v3, or as a Dolma or datatrove document with "
        "cleancli's fields under metadata.",
    ),
]
Rejects = Annotated[
    Path | None,
    typer.Option(
        help="Write rejected inputs here as JSONL, each with its reason.", show_default=False
    ),
]
Strict = Annotated[bool, typer.Option("--strict", help="Exit 1 if any input was rejected.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No summary or warnings on stderr.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
Format = Annotated[settings.Format, typer.Option("--format", help="How to read the inputs.")]
TextField = Annotated[str, typer.Option(help="JSONL field that holds the page text.")]
HtmlField = Annotated[
    str | None,
    typer.Option(
        help="JSONL field that holds raw HTML to extract (instead of --text-field).",
        show_default=False,
    ),
]
HtmlEngine = Annotated[
    settings.HtmlEngine,
    typer.Option(help="HTML extractor: trafilatura (precise) or resiliparse (about 6x faster)."),
]
Timeout = Annotated[
    float,
    typer.Option(
        help="Seconds one page may take in each stage (HTML extraction, strip, split) before "
        "it is rejected.",
        min=0.01,
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        help="Worker processes for the per-page stages (with --engine dask and no --scheduler: "
        "workers of the local cluster); output is the same for any number. "
        "[default: the number of cores]",
        min=1,
        show_default=False,
    ),
]
EngineOpt = Annotated[
    settings.Engine,
    typer.Option(
        "--engine",
        help="local: processes on this machine (--jobs); dask: a Dask cluster (--scheduler).",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="With --engine dask: the scheduler's address; without it a local cluster is started.",
        show_default=False,
    ),
]
PartSize = Annotated[
    int | None,
    typer.Option(
        help="With --engine dask: cut plain JSONL files into parts of about this many bytes "
        "(one task each). [default: 16 MiB]",
        min=1024,
        show_default=False,
    ),
]
MaxBytes = Annotated[
    int, typer.Option(min=1, help="Refuse a page, or a JSONL line, larger than this many bytes.")
]
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
AddedNow = Annotated[
    str | None,
    typer.Option(
        "--now",
        help="With --schema dolma: the added time (ISO 8601) of records whose input gave no "
        "fetch time; without it their added is null.",
        show_default=False,
    ),
]
LineModelOpt = Annotated[
    str,
    typer.Option(
        "--line-model",
        help="The learned line model strip consults on sites no profile knows: builtin, off, "
        "or a model file made by cleancli train.",
    ),
]
SiteRepeats = Annotated[
    bool,
    typer.Option(
        "--site-repeats/--no-site-repeats",
        help="First count the short lines each site's text dumps repeat (pages of one host), "
        "then strip them as that site's furniture. Reads the inputs twice: files and folders "
        "only, never standard input.",
    ),
]
DedupOpt = Annotated[settings.Dedup, typer.Option("--dedup", help="How to find duplicate records.")]
DedupThreshold = Annotated[
    float,
    typer.Option(
        help="With --dedup near: the estimated word 5-gram Jaccard from which two records are "
        "one story.",
        min=0.01,
        max=1.0,
    ),
]
OnDuplicate = Annotated[
    settings.OnDuplicate, typer.Option(help="Drop duplicates, or keep them with duplicate_of set.")
]
KeepBlocks = Annotated[
    bool, typer.Option("--keep-blocks", help="Keep each line's role and rule in the output.")
]
ViewInputs = Annotated[
    list[str] | None,
    typer.Argument(
        help="cleancli's output (JSONL from any stage, compressed or not, Dolma or datatrove "
        "documents, Parquet) or raw pages: files, folders, globs, or - for stdin (the default); "
        "more may come from --files-from.",
        show_default=False,
    ),
]
RecordId = Annotated[
    str | None, typer.Option("--id", help="Only the record whose id starts so.", show_default=False)
]
Where = Annotated[
    list[str] | None,
    typer.Option(
        help="Keep records whose FIELD equals VALUE (case ignored): kind, site, publisher, lang, "
        "title, source, url; published, id and parent_id start with VALUE (2025-07 for a "
        "month). Repeatable.",
        metavar="FIELD=VALUE",
        show_default=False,
    ),
]
Color = Annotated[
    bool | None,
    typer.Option(
        "--color/--no-color",
        help="Colour even through a pipe (less -R), or none even on a terminal. "
        "[default: on a terminal, unless NO_COLOR; FORCE_COLOR turns it on]",
        show_default=False,
    ),
]

#: The most `--limit` takes: past it, 0 ("all") is the way to ask for everything.
_MAX_LIMIT: Final = 1_000_000_000
ShowLimit = Annotated[
    int,
    typer.Option(min=0, max=_MAX_LIMIT, help="Show at most this many records; 0 for all."),
]
ExplainLimit = Annotated[
    int,
    typer.Option(min=0, max=_MAX_LIMIT, help="Explain at most this many pages; 0 for all."),
]


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise UsageError(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def make_options(
    *,
    profiles: list[str] | None = None,
    auto_profiles: bool = True,
    now: str | None = None,
    text_field: str = "text",
    html_field: str | None = None,
    html_engine: str = "trafilatura",
    timeout: float = DEFAULT_TIMEOUT,
    dedup: str = "exact",
    on_duplicate: str = "drop",
    dedup_threshold: float = DEFAULT_THRESHOLD,
    line_model: str = "builtin",
) -> Options:
    """Options from command-line strings, each checked with a one-line error naming the option."""
    from cleancli.cleaning.profiles import resolve_profiles

    when = parse_now(now)
    if not 0 < dedup_threshold <= 1:
        raise UsageError(
            f"--dedup-threshold must be above 0 and at most 1, not {dedup_threshold:g}"
        )
    if not timeout > 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    if line_model not in ("builtin", "off"):
        from cleancli.cleaning.linemodel import choose

        choose(line_model)  # a file that is not a model: one line now, not one per page
    return Options(
        profiles=resolve_profiles(profiles or []),
        auto_profiles=auto_profiles,
        now=when,
        text_field=text_field,
        html_field=html_field or None,
        html_engine=choice(html_engine, get_args(settings.HtmlEngine), "--html-engine"),  # type: ignore[arg-type]
        timeout=timeout,
        dedup=choice(dedup, get_args(settings.Dedup), "--dedup"),  # type: ignore[arg-type]
        on_duplicate=choice(on_duplicate, get_args(settings.OnDuplicate), "--on-duplicate"),  # type: ignore[arg-type]
        dedup_threshold=dedup_threshold,
        line_model=line_model,
    )
