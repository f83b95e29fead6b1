"""What every command does around the stages: open inputs and outputs, fold, report, exit.

Kept apart from `app.py` so the command functions stay one call long, and apart from
`engines.pipeline` so the library API has no file handling in it.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import re
import shlex
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, TypeVar

import orjson

from cleancli.cli.progress import tracked, tracked_records
from cleancli.engines.pipeline import Tally, fold, run_lines, write, write_lines
from cleancli.errors import ExitStatus, UsageError
from cleancli.inputs.jsonl import NOT_RECORDS, Held, read_items, stage_of
from cleancli.inputs.sources import buffered, input_paths, read_inputs, shown, unpacked
from cleancli.options import STAGES, Options, Plan, Sinks
from cleancli.outputs.docformats import Rendering
from cleancli.outputs.files import check_outputs, packed, safe_output
from cleancli.outputs.parquet import MAGIC as PARQUET_MAGIC
from cleancli.outputs.sinks import check_sink, check_stage_output, open_sink
from cleancli.record import SKIPPED, Record, Reject, make_id

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Generator, Iterable, Iterator

    from rich.console import RenderableType

    from cleancli.cli.env import Environment
    from cleancli.inputs.rawpage import RawPage
    from cleancli.record import Item
    from cleancli.tools.learn import Learned
    from cleancli.views.dropped import Dropped, PagesInFlight

_STDIN: Final = "-"


@contextlib.contextmanager
def _open_out(path: Path | None, fallback: IO[bytes]) -> Iterator[IO[bytes]]:
    """`path` written safely (see `outputs.files.safe_output`), or `fallback` (stdout) when None."""
    if path is None:
        yield fallback
        return
    with safe_output(path) as handle:
        yield handle


def _open_in(spec: str, env: Environment) -> contextlib.AbstractContextManager[IO[bytes]]:
    if spec == _STDIN:
        return contextlib.nullcontext(env.stdin)
    try:
        return Path(spec).open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {spec}: {exc.strerror or exc}") from exc


def serve(
    env: Environment,
    *,
    stages: tuple[str, ...],
    inputs: list[str],
    options: Options,
    sinks: Sinks,
    plan: Plan | None = None,
) -> ExitStatus:
    """Run `stages` from `inputs` to the sinks and report; the exit status to end with."""
    tally = Tally()
    plan = plan or Plan()
    try:
        if plan.engine == "dask":
            _on_dask(env, inputs, options, sinks, tally, plan)
        else:
            if "emit" not in stages:
                check_stage_output(sinks.output, stages[-1])
            if "extract" in stages:
                require_inputs(inputs)
            check_outputs(
                inputs,
                (("-o", sinks.output), ("--rejects", sinks.rejects)),
                also_read=_profile_files(options),
                stdin=env.stdin,
                stdout=env.stdout if sinks.output is None else None,
            )
            check_sink(sinks, stdout=env.stdout)
            options = with_site_lines(env, stages, inputs, options, plan)
            _pump(env, stages, inputs, options, sinks, tally, plan)
    except BrokenPipeError:
        quiet_broken_pipe(env)  # the reader has all it wants (`| head`): stop, say nothing
        return ExitStatus.OK
    env.say(tally.summary())
    for warning in tally.warnings():
        env.say(warning)
    if sinks.strict and tally.rejected:
        return ExitStatus.FAILED
    return ExitStatus.OK


class _Reading:
    """Watches what the inputs gave, so that a run that could read nothing says so and fails
    instead of writing an empty output."""

    def __init__(self) -> None:
        self.found = 0

    def watch(self, items: Iterable[RawPage | Reject]) -> Iterator[RawPage | Reject]:
        for item in items:
            self.found += isinstance(item, Reject) or bool(item.data)
            yield item

    def check(self, inputs: list[str]) -> None:
        """Raise `UsageError` when the inputs held no data at all (empty files, empty stdin)."""
        if not self.found:
            where = "standard input" if inputs == [_STDIN] else ", ".join(inputs)
            raise UsageError(f"nothing to read: {where} held no data")


def _profile_files(options: Options) -> list[str]:
    """The profile files a run reads: inputs too, never to be written over."""
    return [p.origin for p in options.profiles if not p.origin.startswith("builtin:")]


def require_inputs(inputs: list[str]) -> None:
    """Raise `UsageError`, before anything is read or written, when no input names a file."""
    if "" in inputs:
        raise UsageError("an input name is empty (an unset shell variable?)")
    if any(spec == _STDIN or next(input_paths(spec), None) for spec in inputs):
        return
    reasons = []
    for spec in inputs[:3]:
        name = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown(spec))
        if Path(spec).is_dir():
            reasons.append(f"{name}: folder holds no files")
        elif glob.has_magic(spec):
            reasons.append(f"{name}: no file matches this pattern")
        else:
            reasons.append(f"{name}: no such file or folder")
    raise UsageError("nothing could be read: " + "; ".join(reasons))


#: Rejects told one by one on stderr; past this, only counted (a damaged dump can hold millions).
_TOLD: Final = 100


def _say_reject(env: Environment) -> Callable[[Reject], None]:
    """Tell rejects on stderr, the first `_TOLD` of them."""
    told = 0

    def warn(rej: Reject) -> None:
        nonlocal told
        if rej.stage == SKIPPED:  # skipped inputs are counted in the summary, not each told
            return
        told += 1
        if told <= _TOLD:
            env.say(f"rejected {rej.source} ({rej.stage}): {rej.reason}")
        elif told == _TOLD + 1:
            env.say("more rejects are counted but not shown; --rejects FILE lists every one")

    return warn


def _on_dask(
    env: Environment, inputs: list[str], options: Options, sinks: Sinks, tally: Tally, plan: Plan
) -> None:
    """All four stages on Dask: shards and a manifest in the `-o` folder."""
    from cleancli.engines.dask_cluster import run_dask

    if sinks.output is None:
        raise UsageError("--engine dask writes shards to a folder: give it with -o DIR")
    require_inputs(inputs)
    check_outputs(inputs, (("--rejects", sinks.rejects),), also_read=_profile_files(options))
    check_sink(sinks, stdout=None, folder=True)
    options = with_site_lines(env, STAGES, inputs, options, plan)
    with contextlib.ExitStack() as stack:
        rejects = (
            stack.enter_context(_open_out(sinks.rejects, env.stdout)) if sinks.rejects else None
        )
        run_dask(
            inputs, options, tally, out_dir=sinks.output, plan=plan,
            render=Rendering(sinks.schema, sinks.keep_blocks, sinks.now),
            parquet=sinks.output_format == "parquet", on_reject=_say_reject(env), rejects=rejects,
        )  # fmt: skip


def _rereadable(spec: str) -> bool:
    """Whether an input can be read a second time: not standard input, a pipe or a device."""
    if spec == _STDIN:
        return False
    path = Path(spec)
    return not path.exists() or path.is_file() or path.is_dir()  # a name that is a glob


def with_site_lines(
    env: Environment, stages: tuple[str, ...], inputs: list[str], options: Options, plan: Plan
) -> Options:
    """`options` with the lines each site repeats, counted in a first pass over the inputs
    (`siterepeats`), when the plan asks for it, the run strips, and every input can be read
    again; `options` as they are otherwise."""
    from cleancli.cleaning.siterepeats import count_site_lines
    from cleancli.stages.extract import text_dumps

    if not plan.site_repeats or "strip" not in stages:
        return options
    once = [spec for spec in inputs if not _rereadable(spec)]
    if once:
        where = "standard input" if once == [_STDIN] else ", ".join(map(shown, once))
        env.say(f"--site-repeats: not counted: {where} can be read only once")
        return options
    if "extract" in stages:
        pages = read_inputs(inputs, stdin=env.stdin, fmt=plan.fmt, max_bytes=plan.max_bytes)
        counted = count_site_lines(text_dumps(pages, options))
    else:
        (spec,) = inputs
        with _open_in(spec, env) as handle:
            items = read_items(handle, name=spec, stage=stages[0], max_bytes=plan.max_bytes)
            counted = count_site_lines(items)
    sites = sum(n >= 2 for n in counted.articles.values())
    lines = sum(map(len, counted.lines.values()))
    env.say(f"--site-repeats: {lines} lines repeated on {sites} sites with two or more articles")
    return replace(options, site_lines=counted)


def _pump(
    env: Environment,
    stages: tuple[str, ...],
    inputs: list[str],
    options: Options,
    sinks: Sinks,
    tally: Tally,
    plan: Plan,
) -> None:
    """Open the sinks and the inputs, fold the stages between them, write everything.

    `run` with `plan.jobs` spreads the per-page work over that many processes.
    """
    final = "emit" in stages
    stream: Iterator[Item]
    warn = _say_reject(env)
    render = Rendering(sinks.schema, sinks.keep_blocks, sinks.now)

    with contextlib.ExitStack() as stack:
        out = stack.enter_context(_open_out(sinks.output, env.stdout))
        rejects = (
            stack.enter_context(_open_out(sinks.rejects, env.stdout)) if sinks.rejects else None
        )
        # Closed before `out`: a Parquet file's footer is written before the file is renamed.
        sink = stack.enter_context(open_sink(out, sinks))
        reading = _Reading()
        if "extract" in stages:
            pages = read_inputs(inputs, stdin=env.stdin, fmt=plan.fmt, max_bytes=plan.max_bytes)
            source = stack.enter_context(tracked(env, inputs, reading.watch(pages)))
            if plan.jobs is not None and stages == STAGES:
                # Closed as the run leaves, whatever ends it (`| head` going away): its worker
                # processes end then, not when the interpreter gets round to it at exit.
                lines = stack.enter_context(
                    contextlib.closing(
                        run_lines(source, options, tally, jobs=plan.jobs, render=render)
                    )
                )
                write_lines(lines, sink, rejects=rejects, on_reject=warn)
                reading.check(inputs)
                out.flush()
                return
            stream = fold(source, options, tally, stages=stages)
        else:
            (spec,) = inputs
            name = _name(spec)
            records = stack.enter_context(
                contextlib.closing(_stage_inputs(spec, env, stages[0], plan))
            )
            stream = fold(_records_only(records), options, tally, stages=stages)
        write(stream, sink, final=final, render=render, rejects=rejects, on_reject=warn)
        if "extract" in stages:
            reading.check(inputs)
        elif not tally.read:
            raise UsageError(f"nothing to read: {name} held no records")
        out.flush()


def _stage_input(spec: str, handle: IO[bytes], name: str, stage: str, plan: Plan) -> Iterator[Item]:
    """The records a stage command reads: JSONL (compressed or not), or for emit the Parquet
    run and emit write, so that emit turns it into JSONL or another `--schema`. Raises
    `UsageError` for Parquet anywhere else."""
    handle = buffered(handle)  # one wrapper: a second one would close the stream when dropped
    if handle.peek(4)[:4] == PARQUET_MAGIC:
        if spec == _STDIN:
            raise UsageError("Parquet cannot be read from stdin: name the file")
        if stage != "emit":
            raise UsageError(
                f"{name}: Parquet holds final records, which keep no lines for {stage}; "
                "emit converts them: cleancli emit FILE --schema dolma"
            )
        from cleancli.outputs.parquet import read_records

        return read_records(Path(spec), name, stage=stage)
    return read_items(handle, name=name, stage=stage, max_bytes=plan.max_bytes)


def _stage_inputs(spec: str, env: Environment, stage: str, plan: Plan) -> Generator[Item]:
    """What a stage command reads from `spec`: a file or stdin, or the record files of a folder
    or glob (a Dask run's shards), one after another. Raises `UsageError` when a folder or glob
    holds anything but cleancli's records."""
    if spec == _STDIN or not (Path(spec).is_dir() or glob.has_magic(spec)):
        files = [spec]
    else:
        held = _record_files(spec, buffered(env.stdin))
        if held is None:
            raise UsageError(f"{shown(spec)}: no file of cleancli records to {stage} here")
        files = held.files
    for file in files:
        with _open_in(file, env) as handle:
            yield from _stage_input(file, handle, _name(file), stage, plan)


def _records_only(items: Iterator[Item]) -> Iterator[Item]:
    """`items`, or a `UsageError` before anything is written when the input is not JSONL at
    all (`jsonl.NOT_RECORDS`): a raw page given to a stage that reads records."""
    first = next(items, None)
    if isinstance(first, Reject) and first.reason.startswith(NOT_RECORDS):
        raise UsageError(f"{first.source}: {first.reason}")
    if first is not None:
        yield first
        yield from items


def quiet_broken_pipe(env: Environment) -> None:
    """After the reader of stdout went away (`| head`): silence the flush at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())


# --- the views: show, explain, stats ---------------------------------------------------------

#: Rows `show --limit 0` renders as a rich table before it streams the rest as plain lines.
_TABLE_ROWS: Final = 500
#: How much of a file's first line is read to tell cleancli's records from raw pages.
_SNIFF_BYTES: Final = 1 << 20


_MIXED_STAGES: Final = "give extract's output and later stages' records to separate views"


@dataclass(frozen=True, slots=True)
class _Held:
    """The files of one view input that hold cleancli's output, and whether that is extract's
    (to be stripped first) rather than records."""

    files: list[str]
    extracted: bool
    #: every file empty (or only a Dask run's manifest named): records of none
    empty: bool = False


def _record_files(spec: str, stdin: io.BufferedReader) -> _Held | None:
    """The files `spec` names, in reading order, when every one holds cleancli's output (any
    stage's JSONL or a `--schema` document's, compressed or not, or Parquet that run or emit
    wrote; an empty file goes with either); `[spec]` for stdin that does. None when any does
    not: they are raw pages. A folder a Dask run wrote is read without its manifest. Files are
    looked into and closed; stdin is only peeked at, never consumed; a pipe or a device is taken
    for raw pages, unopened. Raises `UsageError` for Parquet on stdin, for records mixed with
    other files, and for extract's output mixed with later records."""
    from cleancli.engines.dask_cluster import is_manifest

    if spec == _STDIN:
        head = stdin.peek(_SNIFF_BYTES)
        if head.startswith(PARQUET_MAGIC):
            raise UsageError("Parquet cannot be read from stdin: name the file")
        held = stage_of(head)
        return None if held is None else _Held([spec], held == "extracted", held == "empty")
    named = list(input_paths(spec))
    files = [path for path in named if not is_manifest(path)]
    stages: set[Held] = set()
    raw = None  # the first file that holds no records
    for path in files:
        held = _file_stage(path)
        if held is None:
            raw = raw or path
        else:
            stages.add(held)
        if raw is not None and stages - {"empty"}:
            raise UsageError(
                f"{shown(spec)} holds cleancli records and other files ({shown(str(raw))}): "
                "name the record files, or give the others to a view of their own"
            )
    if raw is not None or not named:
        return None
    if len(stages - {"empty"}) > 1:
        raise UsageError(f"{shown(spec)}: {_MIXED_STAGES}")
    paths = [str(path) for path in files]
    return _Held(paths, stages == {"extracted"}, empty=stages <= {"empty"})


def _holds_records(spec: str, stdin: io.BufferedReader) -> bool:
    """Whether `spec` names cleancli's output with at least one record file not empty."""
    held = _record_files(spec, stdin)
    return held is not None and not held.empty


def _file_stage(path: Path) -> Held | None:
    if not path.is_file():
        return None
    try:
        with path.open("rb") as raw:
            stream = unpacked(buffered(raw))
            if stream.peek(4)[:4] == PARQUET_MAGIC:  # type: ignore[attr-defined]
                return "records"
            head = stream.readline(_SNIFF_BYTES)
    except OSError:
        return None  # read as a raw page, whose reject says why
    whole = len(head) < _SNIFF_BYTES and not head.endswith(b"\n")  # the file is one line
    return stage_of(head + b"\n" if whole and head else head)


class _RecordFiles:
    """The records of several files read one after another, knowing how many of their bytes
    as stored (before decompression) are behind it, for a progress bar."""

    def __init__(self, files: list[str], env: Environment, stdin: IO[bytes], plan: Plan) -> None:
        self.files, self.env, self.stdin, self.plan = files, env, stdin, plan
        self.total: int | None = None
        if _STDIN not in files:
            with contextlib.suppress(OSError):
                self.total = sum(Path(f).stat().st_size for f in files)
        self._done = 0
        self._current: IO[bytes] | None = None

    def position(self) -> int:
        """Bytes read so far, of the files as stored."""
        current = self._current
        with contextlib.suppress(OSError, ValueError):
            return self._done + (current.tell() if current is not None else 0)
        return self._done

    def records(self) -> Generator[Item]:
        """The records of every file in turn."""
        for spec in self.files:
            if spec == _STDIN:
                yield from _read_records(spec, self.stdin, self.plan)
                continue
            with _open_in(spec, self.env) as raw:
                self._current = raw
                yield from _read_records(spec, raw, self.plan)
                self._current = None
                self._done += os.fstat(raw.fileno()).st_size


def _read_records(spec: str, raw: IO[bytes], plan: Plan) -> Iterator[Item]:
    name = _name(spec)
    if spec != _STDIN and raw.peek(4)[:4] == PARQUET_MAGIC:  # type: ignore[attr-defined]
        from cleancli.outputs.parquet import read_records

        return read_records(Path(spec), name, stage="view")
    return read_items(raw, name=name, stage="view", max_bytes=plan.max_bytes)


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
    warn = _say_reject(env)
    shown_env = env if progress else replace(env, quiet=True)
    seen = 0

    def told(items: Iterable[Item]) -> Iterator[Item]:
        nonlocal seen
        for item in items:
            seen += 1
            if isinstance(item, Reject):
                warn(item)
            yield item

    stdin = buffered(env.stdin)
    found = [_record_files(spec, stdin) if plan.fmt == "auto" else None for spec in specs]
    with contextlib.ExitStack() as stack:
        if all(held is not None for held in found):
            files = _RecordFiles([f for h in found if h for f in h.files], env, stdin, plan)
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
                    raise UsageError(_MIXED_STAGES)
                records = fold(records, options, Tally(), stages=stages[1:])  # after extract
            yield told(records)
            if not seen:
                raise UsageError(f"nothing to read: {', '.join(specs)} held no records")
            return
        if any(held is not None for held in found):
            raise UsageError("give cleancli records and raw pages to separate views, not one")
        require_inputs(specs)
        reading = _Reading()
        pages = read_inputs(specs, stdin=stdin, fmt=plan.fmt, max_bytes=plan.max_bytes)
        if window is not None:
            pages = window.watch(pages)
        source = stack.enter_context(tracked(shown_env, specs, reading.watch(pages)))
        yield told(fold(source, options, Tally(), stages=stages))
        reading.check(specs)


def _name(spec: str) -> str:
    return "<stdin>" if spec == _STDIN else spec


def _print(env: Environment, renderable: RenderableType) -> ExitStatus:
    """Print a view; into a pipe or a file, without the spaces that pad its lines to the
    console's width."""
    console = env.console()
    try:
        if console.is_terminal or console.color_system:
            console.print(renderable)
        else:
            with console.capture() as captured:
                console.print(renderable)
            plain = "\n".join(line.rstrip() for line in captured.get().split("\n"))
            env.stdout_text.write(plain)
            env.stdout_text.flush()
    except BrokenPipeError:
        quiet_broken_pipe(env)
    return ExitStatus.OK


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
                _print(env, records_table(chosen, width=width))
                try:
                    for line in record_lines(itertools.chain([more], records), width=width):
                        env.stdout_text.write(line + "\n")
                    env.stdout_text.flush()
                except BrokenPipeError:
                    quiet_broken_pipe(env)
                return ExitStatus.OK
    if record_id is not None:
        return _print(env, record_view(_one(record_id, [(r.id, r) for r in found], specs)))
    if not chosen and filters:
        env.say(f"no record matches {' and '.join(where or ())}")
    if more is not None:
        env.say("more records not shown: raise --limit (0 shows all)")
    return _print(env, records_table(chosen, width=width))


def _one(prefix: str, found: list[tuple[str, _T]], specs: list[str]) -> _T:
    """What the one id an --id prefix names holds, of `found`'s `(id, what)`; a usage error,
    naming the matching ids, when the prefix names none or several."""
    if not found:
        where = ", ".join(map(_name, specs))
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
    return _print(env, Group(*views))


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
    return _print(env, stats_view(result))


def learn(
    env: Environment,
    inputs: list[str],
    *,
    output: Path | None,
    name: str,
    min_pages: int,
    min_share: float,
    options: Options,
    plan: Plan,
) -> ExitStatus:
    """Write the lines repeated across many pages as a profile; stdin is spooled to read twice."""
    from cleancli.stages.extract import extract_with
    from cleancli.tools.learn import learn as learn_lines

    require_inputs(inputs)
    if output is not None and packed(output):
        raise UsageError(
            f"-o {output}: a profile is written as plain TOML, which --profile reads; give a "
            f"name without {output.suffix}"
        )
    check_outputs(
        inputs,
        (("-o", output),),
        stdin=env.stdin,
        stdout=env.stdout if output is None else None,
    )
    if plan.fmt == "auto":
        stdin = buffered(env.stdin)
        held = next((spec for spec in inputs if _holds_records(spec, stdin)), None)
        if held is not None:
            raise UsageError(
                f"{_name(held)} holds cleancli's output; learn reads raw pages, the inputs of run"
            )
    found: Learned
    if plan.engine == "dask":
        from cleancli.tools.learn import learn_dask

        found = learn_dask(inputs, options, plan, min_pages=min_pages, min_share=min_share)
        return _write_profile(env, found, name, output)
    shown_inputs = list(inputs)
    with contextlib.ExitStack() as stack:
        if "-" in inputs:
            spool = stack.enter_context(tempfile.NamedTemporaryFile(suffix=".spool"))
            shutil.copyfileobj(env.stdin, spool)
            spool.flush()
            inputs = [spool.name if spec == "-" else spec for spec in inputs]

        warn, passes = _say_reject(env), 0
        reading = _Reading()

        def read() -> Iterator[Item]:
            nonlocal passes
            passes += 1
            pages = read_inputs(inputs, stdin=env.stdin, fmt=plan.fmt, max_bytes=plan.max_bytes)
            if passes == 1:
                pages = reading.watch(pages)
            with tracked(env, inputs, pages) as tracked_pages:
                for item in extract_with(tracked_pages, options):
                    if isinstance(item, Reject) and passes == 1:
                        warn(item)  # told once: the second pass reads the same inputs again
                    yield item

        found = learn_lines(
            read, min_pages=min_pages, min_share=min_share, auto_profiles=options.auto_profiles
        )
        reading.check(shown_inputs)
    return _write_profile(env, found, name, output)


def _write_profile(env: Environment, found: Learned, name: str, output: Path | None) -> ExitStatus:
    """Write what was learned as a profile; a `UsageError`, nothing written, when no page was
    read (every input rejected)."""
    import tomllib

    if not found.pages:
        raise UsageError("nothing to learn from: no input gave a page (see the rejects above)")

    from cleancli.cleaning.profiles import parse_profile

    text = found.to_toml(name)
    parse_profile(tomllib.loads(text), "the learned profile")  # what is written loads back
    with _open_out(output, env.stdout) as out:
        out.write(text.encode())
    env.say(
        f"read {found.pages} pages; {len(found.lines)} lines appear on {found.threshold} or more"
        + (f"; profile written to {output}" if output else "")
    )
    return ExitStatus.OK
