"""The tools around the pipeline: `learn` (a profile of repeated lines), `eval` (scores on
labelled pages) and `train` (the line model).
"""

from typing import Annotated

import typer

from cleancli.cli import params as opt
from cleancli.cli.commands import CommandSet, examples, listed_inputs
from cleancli.cli.env import Environment, cpu_jobs
from cleancli.cli.params import make_options
from cleancli.errors import UsageError
from cleancli.options import DEFAULT_MAX_BYTES, Plan

commands = CommandSet()


@commands.command(
    epilog=examples(
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
        env, listed_inputs(inputs, files_from, null=null), output=output, name=name,
        min_pages=min_pages, min_share=min_share, options=options, plan=plan,
    )  # fmt: skip
    raise typer.Exit(int(status))


@commands.command(
    "eval",
    epilog=examples(
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


@commands.command(
    epilog=examples(
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
