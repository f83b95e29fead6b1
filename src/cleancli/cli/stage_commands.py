"""The stage commands, `extract`, `strip`, `split` and `emit`, and `run`, which does all four."""

from cleancli.cli import params as opt
from cleancli.cli.commands import CommandSet, examples, go, listed_inputs
from cleancli.cli.env import cpu_jobs
from cleancli.cli.params import make_options
from cleancli.options import (
    DEFAULT_MAX_BYTES,
    DEFAULT_PART_BYTES,
    DEFAULT_THRESHOLD,
    DEFAULT_TIMEOUT,
    STAGES,
    Plan,
    Sinks,
    parse_now,
)

commands = CommandSet()


@commands.command(
    epilog=examples(
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
    go(
        ("extract",),
        listed_inputs(inputs, files_from, null=null),
        options,
        sinks,
        quiet=quiet,
        debug=debug,
        color=color,
        plan=plan,
    )


@commands.command(
    epilog=examples(
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
    go(("strip",), [source], options, sinks, quiet=quiet, debug=debug, plan=plan)


@commands.command(
    epilog=examples(
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
    go(("split",), [source], options, sinks, quiet=quiet, debug=debug, plan=plan)


@commands.command(
    epilog=examples(
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
    go(("emit",), [source], options, sinks, quiet=quiet, debug=debug, plan=plan)


@commands.command(
    epilog=examples(
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
    listed = listed_inputs(inputs, files_from, null=null)
    go(STAGES, listed, options, sinks, quiet=quiet, debug=debug, color=color, plan=plan)
