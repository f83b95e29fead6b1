"""The views around the stages: their input read as records or run through the pipeline
(`open_view`), then `show`, `explain` and `stats`.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import shlex
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

import orjson

from cleancli.cli.progress import tracked, tracked_records
from cleancli.cli.recordfiles import MIXED_STAGES, SNIFF_BYTES, RecordFiles, record_files
from cleancli.cli.streams import (
    STDIN,
    Reading,
    name_of,
    print_view,
    quiet_broken_pipe,
    require_inputs,
    say_reject,
)
from cleancli.engines.pipeline import Tally, fold
from cleancli.errors import ExitStatus, UsageError
from cleancli.inputs.sources import buffered, read_ahead, read_inputs
from cleancli.options import STAGES, Options, Plan
from cleancli.outputs.files import check_outputs
from cleancli.record import Record, Reject, make_id

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cleancli.cli.env import Environment
    from cleancli.inputs.rawpage import RawPage
    from cleancli.record import Item
    from cleancli.views.dropped import Dropped, PagesInFlight

#: Rows `show --limit 0` renders as a rich table before it streams the rest as plain lines.
_TABLE_ROWS: Final = 500


@contextlib.contextmanager
def open_view(
    env: Environment,
    specs: list[str],
    options: Options,
    plan: Plan,
    *,
    stages: tuple[str, ...],
    progress: bool = True,
    window: PagesInFlight | None = None,
) -> Iterator[Iterator[Item]]:
    """Items to look at: cleancli records as they are, raw pages (read with `plan`'s format and
    `options`' fields, as `run` reads them) through `stages` first. Rejects are told on stderr as
    `run` tells them, and inputs that hold nothing are a `UsageError`, once the view has read
    them all. `progress`: a bar on a terminal stderr, for views that read whole inputs.
    `window` holds the raw pages on their way through the stages."""
    check_outputs(specs, (), stdin=env.stdin, stdout=env.stdout)  # `>> input.jsonl`
    warn = say_reject(env)
    shown_env = env if progress else replace(env, quiet=True)
    seen = 0

    def told(items: Iterable[Item]) -> Iterator[Item]:
        nonlocal seen
        for item in items:
            seen += 1
            if isinstance(item, Reject):
                warn(item)
            yield item

    # stdin's first line read ahead: records are told from pages whatever the pipe's pace
    stdin = read_ahead(env.stdin, SNIFF_BYTES)[1] if STDIN in specs else buffered(env.stdin)
    found = [record_files(spec, stdin) if plan.fmt == "auto" else None for spec in specs]
    with contextlib.ExitStack() as stack:
        if all(held is not None for held in found):
            files = RecordFiles([f for h in found if h for f in h.files], env, stdin, plan)
            records: Iterable[Item] = stack.enter_context(
                tracked_records(
                    shown_env,
                    stack.enter_context(contextlib.closing(files.records())),
                    files.total,
                    files.position,
                )
            )
            if any(h.extracted for h in found if h):
                if not all(h.extracted for h in found if h):
                    raise UsageError(MIXED_STAGES)
                records = fold(records, options, Tally(), stages=stages[1:])  # after extract
            yield told(records)
            if not seen:
                raise UsageError(f"nothing to read: {', '.join(specs)} held no records")
            return
        if any(held is not None for held in found):
            raise UsageError("give cleancli records and raw pages to separate views, not one")
        require_inputs(specs)
        reading = Reading()
        pages = read_inputs(specs, stdin=stdin, fmt=plan.fmt, max_bytes=plan.max_bytes)
        if window is not None:
            pages = window.watch(pages)
        source = stack.enter_context(tracked(shown_env, specs, reading.watch(pages)))
        yield told(fold(source, options, Tally(), stages=stages))
        reading.check(specs)


_T = TypeVar("_T")


#: How many of the records an ambiguous --id prefix matches are named in the error.
_MATCHES_SHOWN: Final = 10


def show(
    env: Environment,
    specs: list[str],
    options: Options,
    plan: Plan,
    *,
    record_id: str | None,
    limit: int,
    where: list[str] | None,
) -> ExitStatus:
    """A table of the first `limit` records that pass the filters, or one record in full."""
    from cleancli.views.show import matches, parse_where, record_lines, record_view, records_table

    filters = parse_where(where)
    marking = replace(options, on_duplicate="mark")
    width = env.console().width
    streams = limit == 0 and record_id is None
    # A bar only while nothing is printed: the table comes once the view is read, and
    # `--limit 0` prints its lines as it reads.
    with open_view(env, specs, marking, plan, stages=STAGES, progress=not streams) as items:
        records = (i for i in items if isinstance(i, Record) and matches(i, filters))
        if record_id is not None:
            found = [r for r in records if r.id.startswith(record_id.lower())]
        else:
            chosen = list(itertools.islice(records, limit or _TABLE_ROWS))
            more = next(records, None)
            if streams and more is not None:
                # --limit 0 on a long input: the first rows in a table, the rest streamed in
                # its layout.
                print_view(env, records_table(chosen, width=width))
                try:
                    for line in record_lines(itertools.chain([more], records), width=width):
                        env.stdout_text.write(line + "\n")
                    env.stdout_text.flush()
                except BrokenPipeError:
                    quiet_broken_pipe(env)
                return ExitStatus.OK
    if record_id is not None:
        return print_view(env, record_view(_one(record_id, [(r.id, r) for r in found], specs)))
    if not chosen and filters:
        env.say(f"no record matches {' and '.join(where or ())}")
    if more is not None:
        env.say("more records not shown: raise --limit (0 shows all)")
    return print_view(env, records_table(chosen, width=width))


def _one(prefix: str, found: list[tuple[str, _T]], specs: list[str]) -> _T:
    """What the one id an --id prefix names holds, of `found`'s `(id, what)`; a usage error,
    naming the matching ids, when the prefix names none or several."""
    if not found:
        where = ", ".join(map(name_of, specs))
        raise UsageError(f"no record with an id starting {prefix!r} in {where}")
    ids = list(dict.fromkeys(i for i, _ in found))
    if len(ids) > 1:
        shown = ", ".join(ids[:_MATCHES_SHOWN])
        more = f" and {len(ids) - _MATCHES_SHOWN} more" if len(ids) > _MATCHES_SHOWN else ""
        raise UsageError(f"--id {prefix!r} matches {len(ids)} records: {shown}{more}")
    return found[0][1]


def _ids_of(rec: Record) -> Iterator[str]:
    """A record's id, and for a stripped page the ids split will give its related articles."""
    yield rec.id
    if rec.kind == "article":
        for part in range(1, len(rec.sections) + 1):
            yield make_id(rec.id, "related", str(part))


def explain(
    env: Environment,
    specs: list[str],
    options: Options,
    plan: Plan,
    *,
    record_id: str | None,
    limit: int,
) -> ExitStatus:
    """Pages line by line, each line's role and the rule that decided it; for a page read from
    HTML, the text the HTML engine dropped too. A page strip rejects as all furniture is shown
    with every line marked. Records that keep no lines (emit's) are a usage error that names the
    page to explain instead."""
    from cleancli.views.dropped import PagesInFlight
    from cleancli.views.show import explain_view

    window = PagesInFlight()
    stages = ("extract", "strip")
    with open_view(
        env, specs, options, plan, stages=stages, progress=False, window=window
    ) as items:
        pages = _pages(items, window, options)
        if record_id is not None:
            # a related article's id explains the page that carried it
            found = [
                (i, pair)
                for pair in pages
                for i in _ids_of(pair[0])
                if i.startswith(record_id.lower())
            ]
            page, raw = _one(record_id, found, specs)
            chosen = [(page, _dropped(raw, page, options))]
        else:
            articles = (pair for pair in pages if pair[0].kind == "article")
            chosen = [
                (p, _dropped(raw, p, options))
                for p, raw in itertools.islice(articles, limit or None)
            ]
    if not chosen:
        raise UsageError(f"no page to explain in {', '.join(specs)}")
    bare = next((p for p, _ in chosen if not p.blocks), None)
    if bare is not None:
        raise UsageError(_keeps_no_lines(bare))
    from rich.console import Group

    from cleancli.cleaning.linemodel import choose, notes
    from cleancli.cleaning.lines import fold
    from cleancli.stages.strip import cut_crawler_header

    model = choose(options.line_model)
    views = []
    for page, dropped in chosen:
        said = None
        if model is not None and any(b.why == "line-model" for b in page.blocks):
            said = notes(cut_crawler_header([fold(b.text) for b in page.blocks]), model)
        views.append(explain_view(page, said, dropped))
    return print_view(env, Group(*views))


def _keeps_no_lines(rec: Record) -> str:
    """Why a record cannot be explained (emit keeps no lines), and the command that can."""
    source = rec.source if Path(rec.source).exists() else re.sub(r"[:#]\d+$", "", rec.source)
    where = "" if Path(source).exists() else " (the path as the run was given it)"
    if source != rec.source and not source.endswith((".warc", ".warc.gz")):
        where += ", with the --text-field or --html-field the run had"
    return (
        f"record {rec.id} keeps no lines to explain (emit drops them); explain the page it came "
        f"from: cleancli explain {shlex.quote(source)} --id {rec.id[:8]}{where}"
    )


def _pages(
    items: Iterable[Item], window: PagesInFlight, options: Options
) -> Iterator[tuple[Record, RawPage | None]]:
    """The records of `items`, each with the raw page it came from when `window` holds it (not
    for records read as records). A page strip rejected as all furniture is stripped again,
    kept with every line marked. Every item lets its page go from the window."""
    from cleancli.stages.strip import NOTHING_LEFT

    for item in items:
        raw = window.take(item.source)
        if isinstance(item, Record):
            yield item, raw
        elif raw is not None and item.stage == "strip" and item.reason == NOTHING_LEFT:
            page = _all_furniture(raw, options)
            if page is not None:
                yield page, raw


def _all_furniture(raw: RawPage, options: Options) -> Record | None:
    """A page strip rejects as all furniture, stripped again and kept, its lines all marked."""
    from cleancli.stages.extract import extract_with
    from cleancli.stages.strip import strip_record

    for rec in extract_with([raw], options):
        if isinstance(rec, Record):
            kept = strip_record(
                rec, profiles=options.profiles, auto_profiles=options.auto_profiles,
                now=options.now, line_model=options.line_model, site_lines=options.site_lines,
                keep_empty=True,
            )  # fmt: skip
            return kept if isinstance(kept, Record) else None
    return None


def _dropped(raw: RawPage | None, page: Record, options: Options) -> Dropped | None:
    """What the HTML engine dropped from `raw`, when there is a raw page."""
    from cleancli.views.dropped import dropped_from

    return None if raw is None else dropped_from(raw, page, options)


def stats(
    env: Environment, specs: list[str], options: Options, plan: Plan, *, as_json: bool
) -> ExitStatus:
    """Counts by site, publisher, kind and language; words; furniture by rule; rejects."""
    from cleancli.views.stats import collect, stats_view

    marking = replace(options, on_duplicate="mark")
    with open_view(env, specs, marking, plan, stages=STAGES) as items:
        result = collect(items)
    if as_json:
        env.stdout.write(orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2) + b"\n")
        env.stdout.flush()
        return ExitStatus.OK
    return print_view(env, stats_view(result))
