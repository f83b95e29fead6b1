"""What every command does around the stages: open inputs and outputs, fold, report, exit.

Kept apart from the command modules (`stage_commands`, `tool_commands`) so each command stays
one call long, and apart from `engines.pipeline` so the library API has no file handling in it.
"""

from __future__ import annotations

import contextlib
import glob
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from cleancli.cli.progress import tracked
from cleancli.cli.recordfiles import (
    SNIFF_BYTES,
    read_record_file,
    record_files,
    refuse_own_output,
)
from cleancli.cli.streams import (
    STDIN,
    Reading,
    name_of,
    open_in,
    open_out,
    quiet_broken_pipe,
    require_inputs,
    say_reject,
)
from cleancli.engines.pipeline import Tally, fold, run_lines, write, write_lines
from cleancli.errors import ExitStatus, UsageError
from cleancli.inputs.jsonl import NOT_RECORDS, read_items
from cleancli.inputs.paths import shown
from cleancli.inputs.sources import buffered, read_ahead, read_inputs
from cleancli.options import STAGES, Options, Plan, Sinks
from cleancli.outputs.docformats import Rendering
from cleancli.outputs.files import check_outputs, packed
from cleancli.outputs.parquet import MAGIC as PARQUET_MAGIC
from cleancli.outputs.sinks import check_sink, check_stage_output, open_sink
from cleancli.record import Reject

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

    from cleancli.cli.env import Environment
    from cleancli.record import Item
    from cleancli.tools.learn import Learned


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
                _refuse_records(env, inputs, plan, "run" if stages == STAGES else "extract")
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


def _profile_files(options: Options) -> list[str]:
    """The profile files a run reads: inputs too, never to be written over."""
    return [p.origin for p in options.profiles if not p.origin.startswith("builtin:")]


def _refuse_records(env: Environment, inputs: list[str], plan: Plan, command: str) -> None:
    """`refuse_own_output` for a command that reads raw pages, unless the user named the format:
    `--format jsonl` reads any JSONL as a dump, cleancli's own included. When stdin is an
    input, its first line is read ahead, and `env.stdin` gives it again."""
    if plan.fmt != "auto":
        return
    head = b""
    if STDIN in inputs:
        head, env.stdin = read_ahead(env.stdin, SNIFF_BYTES)
    refuse_own_output(inputs, head, command)


def _on_dask(
    env: Environment, inputs: list[str], options: Options, sinks: Sinks, tally: Tally, plan: Plan
) -> None:
    """All four stages on Dask: shards and a manifest in the `-o` folder."""
    from cleancli.engines.dask_cluster import run_dask
    from cleancli.engines.shardfolder import refuse_inputs_inside

    if sinks.output is None:
        raise UsageError("--engine dask writes shards to a folder: give it with -o DIR")
    require_inputs(inputs)
    refuse_inputs_inside(inputs, sinks.output)  # said first: the inputs may be earlier shards
    _refuse_records(env, inputs, plan, "run")
    check_outputs(inputs, (("--rejects", sinks.rejects),), also_read=_profile_files(options))
    check_sink(sinks, stdout=None, folder=True)
    options = with_site_lines(env, STAGES, inputs, options, plan)
    with contextlib.ExitStack() as stack:
        rejects = (
            stack.enter_context(open_out(sinks.rejects, env.stdout)) if sinks.rejects else None
        )
        run_dask(
            inputs, options, tally, out_dir=sinks.output, plan=plan,
            render=Rendering(sinks.schema, sinks.keep_blocks, sinks.now),
            output_format=sinks.output_format, on_reject=say_reject(env), rejects=rejects,
        )  # fmt: skip


def _rereadable(spec: str) -> bool:
    """Whether an input can be read a second time: not standard input, a pipe or a device."""
    if spec == STDIN:
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
        where = "standard input" if once == [STDIN] else ", ".join(map(shown, once))
        env.say(f"--site-repeats: not counted: {where} can be read only once")
        return options
    if "extract" in stages:
        pages = read_inputs(inputs, stdin=env.stdin, fmt=plan.fmt, max_bytes=plan.max_bytes)
        counted = count_site_lines(text_dumps(pages, options))
    else:
        (spec,) = inputs
        with open_in(spec, env) as handle:
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
    warn = say_reject(env)
    render = Rendering(sinks.schema, sinks.keep_blocks, sinks.now)

    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open_out(sinks.output, env.stdout))
        rejects = (
            stack.enter_context(open_out(sinks.rejects, env.stdout)) if sinks.rejects else None
        )
        # Closed before `out`: a Parquet file's footer is written before the file is renamed.
        sink = stack.enter_context(open_sink(out, sinks))
        reading = Reading()
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
            name = name_of(spec)
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
    handle = buffered(handle)
    if handle.peek(4)[:4] == PARQUET_MAGIC:
        if spec == STDIN:
            raise UsageError("Parquet cannot be read from stdin: name the file")
        if stage != "emit":
            raise UsageError(
                f"{name}: Parquet holds final records, which keep no lines for {stage}; "
                "emit converts them: cleancli emit FILE --schema dolma"
            )
    return read_record_file(spec, handle, plan, stage=stage)


def _stage_inputs(spec: str, env: Environment, stage: str, plan: Plan) -> Generator[Item]:
    """What a stage command reads from `spec`: a file or stdin, or the record files of a folder
    or glob (a Dask run's shards), one after another. Raises `UsageError` when a folder or glob
    holds anything but cleancli's records."""
    if spec == STDIN or not (Path(spec).is_dir() or glob.has_magic(spec)):
        files = [spec]
    else:
        held = record_files(spec, buffered(env.stdin))
        if held is None:
            raise UsageError(f"{shown(spec)}: no file of cleancli records to {stage} here")
        files = held.files
    for file in files:
        with open_in(file, env) as handle:
            yield from _stage_input(file, handle, name_of(file), stage, plan)


def _records_only(items: Iterator[Item]) -> Iterator[Item]:
    """`items`, or a `UsageError` before anything is written when the input is not JSONL at
    all (`jsonl.NOT_RECORDS`): a raw page given to a stage that reads records."""
    first = next(items, None)
    if isinstance(first, Reject) and first.reason.startswith(NOT_RECORDS):
        raise UsageError(f"{first.source}: {first.reason}")
    if first is not None:
        yield first
        yield from items


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

    _check_learning(env, inputs, output, plan)
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

        warn, passes = say_reject(env), 0
        reading = Reading()

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


def _check_learning(env: Environment, inputs: list[str], output: Path | None, plan: Plan) -> None:
    """Raise `UsageError` before anything is read when learn cannot do what it is asked: no
    inputs, a compressed profile, an output that is an input, or cleancli's own output given."""
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
    _refuse_records(env, inputs, plan, "learn")


def _write_profile(env: Environment, found: Learned, name: str, output: Path | None) -> ExitStatus:
    """Write what was learned as a profile; a `UsageError`, nothing written, when no page was
    read (every input rejected)."""
    import tomllib

    if not found.pages:
        raise UsageError("nothing to learn from: no input gave a page (see the rejects above)")

    from cleancli.cleaning.profiles import parse_profile

    text = found.to_toml(name)
    parse_profile(tomllib.loads(text), "the learned profile")  # what is written loads back
    with open_out(output, env.stdout) as out:
        out.write(text.encode())
    env.say(
        f"read {found.pages} pages; {len(found.lines)} lines appear on {found.threshold} or more"
        + (f"; profile written to {output}" if output else "")
    )
    return ExitStatus.OK
