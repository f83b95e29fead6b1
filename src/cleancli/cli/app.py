"""The `cleancli` command: one short function per subcommand over the library.

Heavy modules (dateparser, charset-normalizer, trafilatura) are imported where they are first
used, so `cleancli --help` stays fast.
"""

import contextlib
import errno
import signal
import sys
from typing import IO, Annotated, NoReturn

import typer

from cleancli.cli import params as opt
from cleancli.cli.env import Environment, cpu_jobs
from cleancli.cli.params import make_options
from cleancli.errors import ExitStatus, Interrupted, RunFailedError, UsageError
from cleancli.options import (
    DEFAULT_MAX_BYTES,
    DEFAULT_PART_BYTES,
    DEFAULT_THRESHOLD,
    DEFAULT_TIMEOUT,
    STAGES,
    Options,
    Plan,
    Sinks,
    parse_now,
)

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


def _examples(*examples: tuple[str, str]) -> str:
    """A command's help epilog: each example a comment saying what it is for, then the command,
    kept as written (click rewraps a paragraph unless it opens with \\b)."""
    lines = "\n".join((f"  # {why}\n" if why else "") + f"  {command}" for why, command in examples)
    return f"Examples:\n\n\b\n{lines}"


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


def _go(
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


def _listed(
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
        from cleancli.inputs.sources import read_path_list

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


@app.command(
    epilog=_examples(
        (
            "a folder of dumps, compressed or not, to one record per page",
            "cleancli extract dumps/ > pages.jsonl",
        ),
        (
            "a web archive through the faster HTML engine",
            "cleancli extract crawl.warc.gz --html-engine resiliparse | gzip > pages.jsonl.gz",
        ),
        (
            "the files find lists, whatever characters their names hold",
            "find dumps -name '*.html' -print0 | cleancli extract --files-from - -0 > pages.jsonl",
        ),
    )
)
def extract(
    inputs: opt.ListedInputs = None,
    files_from: opt.FilesFrom = None,
    null: opt.NulSeparated = False,
    fmt: opt.Format = "auto",
    text_field: opt.TextField = "text",
    html_field: opt.HtmlField = None,
    html_engine: opt.HtmlEngine = "trafilatura",
    timeout: opt.Timeout = DEFAULT_TIMEOUT,
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    output: opt.Output = None,
    rejects: opt.Rejects = None,
    strict: opt.Strict = False,
    quiet: opt.Quiet = False,
    debug: opt.Debug = False,
    color: opt.Color = None,
) -> None:
    """Read pages into records: text, HTML, JSONL or WARC; files, folders, globs or -.

    Compressed inputs (.gz, .bz2, .xz, .zst) are read as streams. HTML goes through trafilatura.
    """
    options = make_options(
        text_field=text_field, html_field=html_field, html_engine=html_engine, timeout=timeout
    )
    sinks = Sinks(output=output, rejects=rejects, strict=strict)
    plan = Plan(fmt=fmt, max_bytes=max_bytes)
    _go(
        ("extract",),
        _listed(inputs, files_from, null=null),
        options,
        sinks,
        quiet=quiet,
        debug=debug,
        color=color,
        plan=plan,
    )


@app.command(
    epilog=_examples(
        (
            "mark each line's role, relative dates counted from the crawl's time",
            "cleancli extract dumps/ | cleancli strip --now 2025-07-24T12:00Z > stripped.jsonl",
        ),
        (
            "the rules that removed the most lines",
            (
                "cleancli strip pages.jsonl"
                " | jq -r '.blocks[] | select(.role==\"furniture\") | .why'"
                " | sort | uniq -c | sort -rn | head"
            ),
        ),
    )
)
def strip(
    source: opt.Input = "-",
    profile: opt.Profiles = None,
    auto_profiles: opt.AutoProfiles = True,
    now: opt.Now = None,
    line_model: opt.LineModelOpt = "builtin",
    site_repeats: opt.SiteRepeats = False,
    timeout: opt.Timeout = DEFAULT_TIMEOUT,
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    output: opt.Output = None,
    rejects: opt.Rejects = None,
    strict: opt.Strict = False,
    quiet: opt.Quiet = False,
    debug: opt.Debug = False,
) -> None:
    """Mark each line's role and rule; parse title, publisher, date.

    Prose broken across lines is rejoined and "Read more" headlines move to links.
    """
    options = make_options(
        profiles=profile, auto_profiles=auto_profiles, now=now, line_model=line_model,
        timeout=timeout,
    )  # fmt: skip
    sinks = Sinks(output=output, rejects=rejects, strict=strict)
    plan = Plan(max_bytes=max_bytes, site_repeats=site_repeats)
    _go(("strip",), [source], options, sinks, quiet=quiet, debug=debug, plan=plan)


@app.command(
    epilog=_examples(
        (
            "cut embedded related articles into records of their own",
            "cleancli extract dumps/ | cleancli strip | cleancli split > split.jsonl",
        ),
        (
            "how many related articles each page carried",
            (
                "cleancli split stripped.jsonl"
                " | jq -r 'select(.kind==\"related\") | .parent_id' | uniq -c"
            ),
        ),
    )
)
def split(
    source: opt.Input = "-",
    timeout: opt.Timeout = DEFAULT_TIMEOUT,
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    output: opt.Output = None,
    rejects: opt.Rejects = None,
    strict: opt.Strict = False,
    quiet: opt.Quiet = False,
    debug: opt.Debug = False,
) -> None:
    """Cut embedded related articles into records of their own."""
    sinks = Sinks(output=output, rejects=rejects, strict=strict)
    plan = Plan(max_bytes=max_bytes)
    options = make_options(timeout=timeout)
    _go(("split",), [source], options, sinks, quiet=quiet, debug=debug, plan=plan)


@app.command(
    epilog=_examples(
        (
            "the four stages as a pipe: the same bytes as cleancli run",
            (
                "cleancli extract dumps/ | cleancli strip | cleancli split | cleancli emit"
                " > clean.jsonl"
            ),
        ),
        (
            "keep near-duplicates, each marked with the id it repeats",
            "cleancli emit split.jsonl --dedup near --on-duplicate mark -o clean.jsonl",
        ),
    )
)
def emit(
    source: opt.Input = "-",
    dedup: opt.DedupOpt = "exact",
    dedup_threshold: opt.DedupThreshold = DEFAULT_THRESHOLD,
    on_duplicate: opt.OnDuplicate = "drop",
    keep_blocks: opt.KeepBlocks = False,
    schema: opt.Schema = "cleancli",
    now: opt.AddedNow = None,
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    output: opt.FinalOutput = None,
    output_format: opt.OutputFormat = None,
    rejects: opt.Rejects = None,
    strict: opt.Strict = False,
    quiet: opt.Quiet = False,
    debug: opt.Debug = False,
) -> None:
    """Write final records in schema v3 (or as Dolma or datatrove documents; JSONL or
    Parquet), duplicates dropped or marked."""
    from cleancli.outputs.sinks import output_format as writes

    options = make_options(dedup=dedup, on_duplicate=on_duplicate, dedup_threshold=dedup_threshold)
    sinks = Sinks(
        output=output, rejects=rejects, strict=strict, keep_blocks=keep_blocks, schema=schema,
        output_format=writes(output, output_format), now=parse_now(now),
    )  # fmt: skip
    plan = Plan(max_bytes=max_bytes)
    _go(("emit",), [source], options, sinks, quiet=quiet, debug=debug, plan=plan)


@app.command(
    epilog=_examples(
        (
            "all four stages on every core, written safely to a compressed file",
            "cleancli run dumps/ --now 2025-07-24T12:00:00Z -o clean.jsonl.gz",
        ),
        (
            "the related articles, each with the page it came from",
            "cleancli run dumps/ | jq -c 'select(.kind==\"related\") | {id, parent_id, title}'",
        ),
        (
            "into SQLite, the id as primary key (a rerun updates rows in place)",
            "cleancli run dumps/ | sqlite-utils upsert clean.db records - --nl --pk id",
        ),
        (
            "past one machine: shards and a manifest in a folder",
            "cleancli run dumps/ --engine dask --scheduler tcp://10.0.0.5:8786 -o shards/",
        ),
    )
)
def run(
    inputs: opt.ListedInputs = None,
    files_from: opt.FilesFrom = None,
    null: opt.NulSeparated = False,
    fmt: opt.Format = "auto",
    text_field: opt.TextField = "text",
    html_field: opt.HtmlField = None,
    html_engine: opt.HtmlEngine = "trafilatura",
    timeout: opt.Timeout = DEFAULT_TIMEOUT,
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    profile: opt.Profiles = None,
    auto_profiles: opt.AutoProfiles = True,
    now: opt.Now = None,
    line_model: opt.LineModelOpt = "builtin",
    site_repeats: opt.SiteRepeats = False,
    dedup: opt.DedupOpt = "exact",
    dedup_threshold: opt.DedupThreshold = DEFAULT_THRESHOLD,
    on_duplicate: opt.OnDuplicate = "drop",
    keep_blocks: opt.KeepBlocks = False,
    schema: opt.Schema = "cleancli",
    jobs: opt.Jobs = None,
    engine: opt.EngineOpt = "local",
    scheduler: opt.Scheduler = None,
    part_size: opt.PartSize = None,
    output: opt.RunOutput = None,
    output_format: opt.OutputFormat = None,
    rejects: opt.Rejects = None,
    strict: opt.Strict = False,
    quiet: opt.Quiet = False,
    debug: opt.Debug = False,
    color: opt.Color = None,
) -> None:
    """Extract, strip, split and emit, on every core.

    The output is byte for byte what the four-command pipe gives, for any --jobs. An -o file
    that is also an input is refused; it is written beside its target and renamed at the end
    (NAME.partial if interrupted), compressed as its extension says.
    """
    from cleancli.outputs.sinks import output_format as writes

    options = make_options(
        text_field=text_field, html_field=html_field, html_engine=html_engine, timeout=timeout,
        profiles=profile, auto_profiles=auto_profiles, now=now, dedup=dedup,
        on_duplicate=on_duplicate, dedup_threshold=dedup_threshold, line_model=line_model,
    )  # fmt: skip
    sinks = Sinks(
        output=output, rejects=rejects, strict=strict, keep_blocks=keep_blocks, schema=schema,
        output_format=writes(output, output_format), now=options.now,
    )  # fmt: skip
    plan = Plan(
        fmt=fmt, max_bytes=max_bytes, jobs=cpu_jobs(jobs), engine=engine, scheduler=scheduler,
        part_bytes=part_size or DEFAULT_PART_BYTES, site_repeats=site_repeats,
    )  # fmt: skip
    listed = _listed(inputs, files_from, null=null)
    _go(STAGES, listed, options, sinks, quiet=quiet, debug=debug, color=color, plan=plan)


def _view(color: bool | None, debug: bool, quiet: bool) -> Environment:
    return Environment(color_choice=color, debug=debug, quiet=quiet)


@app.command(
    epilog=_examples(
        ("a run's first records as a table", "cleancli show clean.jsonl"),
        (
            "one publisher's records, then one record in full by an id prefix",
            "cleancli show clean.jsonl --where publisher='Russia Today' --limit 5",
        ),
        ("", "cleancli show clean.jsonl --id 3f2a9c"),
        (
            "a raw JSONL dump as cleancli would write it, its text under another field",
            "cleancli show dump.jsonl --text-field content",
        ),
    )
)
def show(
    inputs: opt.ViewInputs = None,
    files_from: opt.FilesFrom = None,
    null: opt.NulSeparated = False,
    record_id: opt.RecordId = None,
    limit: opt.ShowLimit = 20,
    where: opt.Where = None,
    fmt: opt.Format = "auto",
    text_field: opt.TextField = "text",
    html_field: opt.HtmlField = None,
    html_engine: opt.HtmlEngine = "trafilatura",
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    now: opt.Now = None,
    profile: opt.Profiles = None,
    quiet: opt.Quiet = False,
    color: opt.Color = None,
    debug: opt.Debug = False,
) -> None:
    """Records as a table, or one record in full with --id.

    Reads cleancli records as they are; raw pages go through all four stages first.
    """
    from cleancli.cli import viewing

    options = make_options(
        profiles=profile, now=now, text_field=text_field, html_field=html_field,
        html_engine=html_engine,
    )  # fmt: skip
    status = viewing.show(
        _view(color, debug, quiet), _listed(inputs, files_from, null=null, view="show"), options,
        Plan(fmt=fmt, max_bytes=max_bytes), record_id=record_id, limit=limit, where=where,
    )  # fmt: skip
    raise typer.Exit(int(status))


@app.command(
    epilog=_examples(
        (
            "why each line of a page was kept or removed",
            "cleancli explain fixtures/003_ad97f0109e716dd8.txt",
        ),
        (
            "the page behind one record of a run, in colour through a pager",
            "cleancli explain dumps/ --id 3f2a9c --color | less -R",
        ),
    )
)
def explain(
    inputs: opt.ViewInputs = None,
    files_from: opt.FilesFrom = None,
    null: opt.NulSeparated = False,
    record_id: opt.RecordId = None,
    limit: opt.ExplainLimit = 10,
    fmt: opt.Format = "auto",
    text_field: opt.TextField = "text",
    html_field: opt.HtmlField = None,
    html_engine: opt.HtmlEngine = "trafilatura",
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    now: opt.Now = None,
    profile: opt.Profiles = None,
    line_model: opt.LineModelOpt = "builtin",
    quiet: opt.Quiet = False,
    color: opt.Color = None,
    debug: opt.Debug = False,
) -> None:
    """A page line by line: each line's role and the rule behind it.

    Related articles are boxed; a footer counts what was kept and removed. Lines the line
    model took out show its probability and the features that weighed most. For a page read
    from HTML, the text the HTML engine dropped follows, collapsed: its size and first lines.
    """
    from cleancli.cli import viewing

    options = make_options(
        profiles=profile, now=now, line_model=line_model, text_field=text_field,
        html_field=html_field, html_engine=html_engine,
    )  # fmt: skip
    status = viewing.explain(
        _view(color, debug, quiet), _listed(inputs, files_from, null=null, view="explain"), options,
        Plan(fmt=fmt, max_bytes=max_bytes), record_id=record_id, limit=limit,
    )  # fmt: skip
    raise typer.Exit(int(status))


@app.command(
    epilog=_examples(
        ("counts by site, publisher, kind and language", "cleancli stats clean.jsonl"),
        ("the publishers, for a script", "cleancli stats clean.jsonl --json | jq '.publishers'"),
        ("a raw dump, before writing anything", "cleancli stats dump.jsonl --text-field content"),
    )
)
def stats(
    inputs: opt.ViewInputs = None,
    files_from: opt.FilesFrom = None,
    null: opt.NulSeparated = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON.")] = False,
    fmt: opt.Format = "auto",
    text_field: opt.TextField = "text",
    html_field: opt.HtmlField = None,
    html_engine: opt.HtmlEngine = "trafilatura",
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    now: opt.Now = None,
    profile: opt.Profiles = None,
    quiet: opt.Quiet = False,
    color: opt.Color = None,
    debug: opt.Debug = False,
) -> None:
    """Counts by site, publisher, kind, language; furniture by rule.

    Also words per record (min, median, max), rejects by reason and duplicates.
    """
    from cleancli.cli import viewing

    options = make_options(
        profiles=profile, now=now, text_field=text_field, html_field=html_field,
        html_engine=html_engine,
    )  # fmt: skip
    status = viewing.stats(
        _view(color, debug, quiet), _listed(inputs, files_from, null=null, view="stats"), options,
        Plan(fmt=fmt, max_bytes=max_bytes), as_json=as_json,
    )  # fmt: skip
    raise typer.Exit(int(status))


@app.command(
    epilog=_examples(
        (
            "lines a site repeats, as a profile to review, then used",
            "cleancli learn dumps/ -o learned.toml && cleancli run dumps/ -p learned.toml",
        ),
        (
            "over a cluster, lines on at least 5% of the pages",
            "cleancli learn dumps/ --min-share 0.05 --engine dask -o learned.toml",
        ),
    )
)
def learn(
    inputs: opt.ListedInputs = None,
    files_from: opt.FilesFrom = None,
    null: opt.NulSeparated = False,
    output: opt.ProfileOutput = None,
    name: Annotated[str, typer.Option(help="The profile's name, shown in each line's why.")] = (
        "learned"
    ),
    min_pages: Annotated[
        int, typer.Option(help="A line must appear on at least this many pages.")
    ] = 3,
    min_share: Annotated[
        float, typer.Option(help="…and on at least this share of all pages (0 to 1).")
    ] = 0.2,
    auto_profiles: opt.AutoProfiles = True,
    fmt: opt.Format = "auto",
    text_field: opt.TextField = "text",
    html_field: opt.HtmlField = None,
    html_engine: opt.HtmlEngine = "trafilatura",
    max_bytes: opt.MaxBytes = DEFAULT_MAX_BYTES,
    engine: opt.EngineOpt = "local",
    scheduler: opt.Scheduler = None,
    jobs: opt.Jobs = None,
    quiet: opt.Quiet = False,
    debug: opt.Debug = False,
) -> None:
    """Find lines repeated across many pages; write them as a profile.

    The profile lists each line with the number of pages it appears on, for review; pass it
    back with --profile. Lines the built-in rules already remove are left out.
    """
    from cleancli.cli import runner

    if not 0 <= min_share <= 1:
        raise UsageError(f"--min-share must be between 0 and 1, not {min_share}")
    options = make_options(
        auto_profiles=auto_profiles, text_field=text_field, html_field=html_field,
        html_engine=html_engine,
    )  # fmt: skip
    plan = Plan(
        fmt=fmt, max_bytes=max_bytes, jobs=cpu_jobs(jobs), engine=engine, scheduler=scheduler
    )
    env = Environment(quiet=quiet, debug=debug)
    status = runner.learn(
        env, _listed(inputs, files_from, null=null), output=output, name=name,
        min_pages=min_pages, min_share=min_share, options=options, plan=plan,
    )  # fmt: skip
    raise typer.Exit(int(status))


@app.command(
    "eval",
    epilog=_examples(
        ("each labelled page's problems", "cleancli eval eval/dev/ --verbose"),
        (
            "figures for a script, the line model held out by site",
            "cleancli eval eval/dev/ --cross-validate 5 --json | jq '.totals'",
        ),
    ),
)
def evaluate(
    folder: Annotated[str, typer.Argument(help="A folder with raw/ and labels*.jsonl.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every problem.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Totals and pages as JSON.")] = False,
    profile: opt.Profiles = None,
    auto_profiles: opt.AutoProfiles = True,
    now: opt.Now = None,
    line_model: opt.LineModelOpt = "builtin",
    cross_validate: Annotated[
        int,
        typer.Option(
            help="Score with line models trained with whole sites held out: this many folds by "
            "site (needs the train extra); 0 to use --line-model.",
            min=0,
        ),
    ] = 0,
    train_on: Annotated[
        list[str] | None,
        typer.Option(help="With --cross-validate: more training folders (repeatable)."),
    ] = None,
) -> None:
    """Score cleancli on a labelled folder of dumps.

    Prints per page and in total: furniture removed, main title and prose boundaries right,
    related articles recovered and spurious, publisher and date right.
    """
    from pathlib import Path

    from cleancli.tools.evaluate import evaluate as score_folder
    from cleancli.tools.evaluate import report_lines

    options = make_options(
        profiles=profile, auto_profiles=auto_profiles, now=now, line_model=line_model
    )
    if train_on and not cross_validate:
        raise UsageError("--train-on goes with --cross-validate K")
    if cross_validate:
        from cleancli.tools.crossval import cross_validate as by_site

        if cross_validate < 2:
            raise UsageError("--cross-validate needs 2 or more folds")
        extra = [Path(f) for f in train_on or []]
        if any(f.resolve() == Path(folder).resolve() for f in extra):
            raise UsageError("--train-on names the folder being scored: no site would be held out")
        score = by_site(Path(folder), options, extra, cross_validate)
    else:
        score = score_folder(Path(folder), options)
    if as_json:
        import orjson

        pages = [{k: getattr(p, k) for k in p.__slots__} for p in score.pages]
        payload = {"totals": score.totals(), "pages": pages}
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    for line in report_lines(score, verbose=verbose):
        typer.echo(line)


@app.command(
    epilog=_examples(
        (
            "the shipped line model, from the labelled pages and an HTML benchmark",
            "cleancli train eval/dev ../benchmark -o src/cleancli/cleaning/linemodel/lines.json.gz",
        ),
        (
            "a model of your own labelled sites, then used",
            (
                "cleancli train my-labels/ -o mine.json.gz"
                " && cleancli run dumps/ --line-model mine.json.gz"
            ),
        ),
    )
)
def train(
    folders: Annotated[
        list[str],
        typer.Argument(
            help="Labelled folders of dumps (raw/ and labels*.jsonl) or HTML benchmark folders "
            "(data/html/ and data/ground-truth.json).",
            show_default=False,
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="The model file to write (.json.gz).")
    ] = "lines.json.gz",
    quiet: opt.Quiet = False,
) -> None:
    """Train the line model on labelled pages (needs the train extra).

    Deterministic: the same folders and scikit-learn give the same file. The file records
    what it was trained on; use it with --line-model FILE.
    """
    from pathlib import Path

    from cleancli.tools.train import build

    summary = build([Path(f) for f in folders], Path(output))
    if not quiet:
        typer.echo(summary, err=True)


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
            # Named outputs say their name where they fail (outputs.py); this is standard output.
            _fail(f"error: cannot write standard output: {exc.strerror}", ExitStatus.FAILED)
        _fail(
            f"error: internal error: {type(exc).__name__}: {exc} (--debug shows where)",
            ExitStatus.FAILED,
        )
    if code == ExitStatus.INTERRUPTED:  # typer turns Ctrl-C into this exit code
        _fail("interrupted: output incomplete", ExitStatus.INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
