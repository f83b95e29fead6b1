"""The views: `show`, `explain` and `stats`, over cleancli's records or raw pages."""

from typing import Annotated

import typer

from cleancli.cli import params as opt
from cleancli.cli.commands import CommandSet, examples, listed_inputs
from cleancli.cli.env import Environment
from cleancli.cli.params import make_options
from cleancli.options import DEFAULT_MAX_BYTES, Plan

commands = CommandSet()


def _view(color: bool | None, debug: bool, quiet: bool) -> Environment:
    return Environment(color_choice=color, debug=debug, quiet=quiet)


@commands.command(
    epilog=examples(
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
    listed = listed_inputs(inputs, files_from, null=null, view="show")
    status = viewing.show(
        _view(color, debug, quiet), listed, options,
        Plan(fmt=fmt, max_bytes=max_bytes), record_id=record_id, limit=limit, where=where,
    )  # fmt: skip
    raise typer.Exit(int(status))


@commands.command(
    epilog=examples(
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
    listed = listed_inputs(inputs, files_from, null=null, view="explain")
    status = viewing.explain(
        _view(color, debug, quiet), listed, options,
        Plan(fmt=fmt, max_bytes=max_bytes), record_id=record_id, limit=limit,
    )  # fmt: skip
    raise typer.Exit(int(status))


@commands.command(
    epilog=examples(
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
    listed = listed_inputs(inputs, files_from, null=null, view="stats")
    status = viewing.stats(
        _view(color, debug, quiet), listed, options,
        Plan(fmt=fmt, max_bytes=max_bytes), as_json=as_json,
    )  # fmt: skip
    raise typer.Exit(int(status))
