"""The properties every input must keep, through the library and through the command line.

A check returns `Failure`s, never raises: an exception that escapes cleancli is itself a failure
(kind `crash`), with the frame inside cleancli it came from.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cleancli.record import Item

    from .gen import Case

#: Seconds one run of one input may take before it counts as slow.
DEADLINE = 10.0
#: Rejects cleancli tells one by one on stderr before it only counts them (serve._TOLD).
TOLD = 100
#: A reason that names a Python exception is an error leaking out as a reject.
_LEAK = re.compile(
    r"internal error|Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b(?::|$)|"
    r"\b(?:OverflowError|ValueError|TypeError|KeyError|IndexError|AttributeError|RecursionError|"
    r"UnicodeError|LookupError|AssertionError|ZeroDivisionError|MemoryError|RuntimeError)\b"
)
_SUMMARY = re.compile(
    r"cleancli: read (?P<read>\d+), wrote (?P<wrote>\d+) \((?P<articles>\d+) articles?, "
    r"(?P<related>\d+) related\), rejected (?P<rejected>\d+), duplicates (?P<dups>\d+)"
    r"(?P<marked> \(marked, not dropped\))?(?:, skipped (?P<skipped>\d+) \([^)]*\))?"
    r"(?:; split found (?P<split>\d+) related)?$"
)


@dataclass(slots=True)
class Failure:
    kind: str
    #: A short, stable description: failures with the same signature are one bug.
    signature: str
    detail: str = ""


@dataclass(slots=True)
class Outcome:
    tag: str
    mode: str
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    slowest_run: float = 0.0
    steps: list[str] = field(default_factory=list)


class FuzzTimeoutError(BaseException):
    """Raised by the alarm in a run that overran; a BaseException so no stage turns it into a
    reject."""


def _on_alarm(signum: int, frame: Any) -> None:  # noqa: ARG001
    raise FuzzTimeoutError


def _where(exc: BaseException) -> str:
    """The innermost frame inside cleancli, else the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/cleancli/" in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


def _name(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _leak(reason: str) -> str | None:
    m = _LEAK.search(reason)
    return m.group(0).rstrip(":") if m else None


# --- the library ---------------------------------------------------------------------------------


def _options(case: Case, **over: Any) -> Any:
    from cleancli import Options
    from cleancli.options import parse_when

    kw = dict(case.options) | over
    kw["now"] = parse_when(kw.get("now"))
    return Options(**kw)


class _Timed:
    """Runs with a CPU-time limit each, and the slowest time seen.

    The limit is a SIGPROF timer (process CPU time), so it leaves SIGALRM and the real-time
    timer to cleancli, which uses them for its own per-record deadlines. A run blocked on a
    child process is not CPU-bound: the harness's parent kills the whole case after `HARD`."""

    def __init__(self, failures: list[Failure], hard: float) -> None:
        self.failures = failures
        self.hard = hard
        self.slowest = 0.0

    def __call__(self, label: str, fn: Any, *args: Any) -> Any:
        old = signal.signal(signal.SIGPROF, _on_alarm)
        signal.setitimer(signal.ITIMER_PROF, self.hard)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args)
        except FuzzTimeoutError as exc:
            self.failures.append(
                Failure("hang", f"{label}: over {self.hard:g} s of CPU at {_where(exc)}", _tb(exc))
            )
            raise
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, old)
            took, used = time.perf_counter() - start, time.process_time() - cpu
            self.slowest = max(self.slowest, took)
            if used > DEADLINE or took > 3 * DEADLINE:
                self.failures.append(
                    Failure(
                        "slow", f"{label}: {took:.0f} s (CPU {used:.0f} s) > {DEADLINE:g} s", ""
                    )
                )


def _tb(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc))[-4000:]


def fold_all(paths: list[str], options: Any) -> tuple[list[Item], Any, bytes]:
    """`run` as the library composes it: read_inputs, then fold of all four stages; and the
    bytes a final writer gives for it."""
    from cleancli.engines.pipeline import Tally, fold, write
    from cleancli.inputs.sources import read_inputs
    from cleancli.options import STAGES

    tally = Tally()
    items = list(fold(read_inputs(paths, stdin=io.BytesIO()), options, tally, stages=STAGES))
    out = io.BytesIO()
    write(items, out, final=True)
    return items, tally, out.getvalue()


def stage_by_stage(paths: list[str], options: Any) -> tuple[list[Item], Any, bytes]:
    """`cleancli extract | cleancli strip | cleancli split | cleancli emit`, in one process:
    each stage reads the JSONL the one before wrote."""
    from cleancli.engines.pipeline import Tally, fold, write
    from cleancli.inputs.jsonl import read_items
    from cleancli.inputs.sources import read_inputs

    tally = Tally()
    stream: Iterator[Any] = fold(
        read_inputs(paths, stdin=io.BytesIO()), options, tally, stages=("extract",)
    )
    for stage in ("strip", "split", "emit"):
        buf = io.BytesIO()
        write(stream, buf, final=False)
        buf.seek(0)
        tally = Tally()
        stream = fold(read_items(buf, name="<stdin>", stage=stage), options, tally, stages=(stage,))
    items = list(stream)
    out = io.BytesIO()
    write(items, out, final=True)
    return items, tally, out.getvalue()


def _rejects(items: list[Item]) -> list[tuple[str, str, str]]:
    from cleancli.record import Reject

    return [(i.source, i.stage, i.reason) for i in items if isinstance(i, Reject)]


def _check_items(label: str, items: list[Item], tally: Any, failures: list[Failure]) -> None:
    from cleancli.record import SKIPPED, Record, Reject

    for item in items:
        if isinstance(item, Reject) and (leak := _leak(item.reason)):
            sig = re.sub(r"\d+", "N", item.reason)[:160]
            failures.append(Failure("internal-error", f"{item.stage}: {sig}", item.reason[:2000]))
            del leak
    if not tally.balanced():
        failures.append(Failure("unbalanced", f"{label}: tally does not add up", repr(tally)))
    records = sum(isinstance(i, Record) for i in items)
    rejected = sum(isinstance(i, Reject) and i.stage != SKIPPED for i in items)
    skipped = sum(isinstance(i, Reject) and i.stage == SKIPPED for i in items)
    if (records, rejected, skipped) != (tally.wrote, tally.rejected, tally.skipped):
        failures.append(
            Failure(
                "unbalanced",
                f"{label}: tally differs from what was yielded",
                f"yielded {records} records, {rejected} rejects, {skipped} skipped; {tally!r}",
            )
        )


_ALONE: dict[tuple[str, str], list[bytes]] = {}


def _lines_of(out: bytes, source: str) -> list[bytes]:
    """The records of one input, ids left out: a run gives each id once, so a page whose
    content another input repeats may get a suffixed id; its records must not change."""
    found = []
    for line in out.splitlines():
        record = orjson.loads(line)
        if record.get("source") == source:
            for key in ("id", "parent_id", "duplicate_of"):
                record.pop(key, None)
            found.append(orjson.dumps(record) + b"\n")
    return found


def check_library(case: Case, work: Path, hard: float = 30.0) -> Outcome:
    """Every property of one case through the library, in this process."""
    outcome = Outcome(case.tag, "library", steps=case.steps)
    failures = outcome.failures
    timed = _Timed(failures, hard)
    start = time.perf_counter()
    folder = work / "in"
    folder.mkdir(parents=True, exist_ok=True)
    mutated = folder / case.mutated.name
    intact = folder / ("intact-" + case.intact.name)
    mutated.write_bytes(case.mutated.data)
    intact.write_bytes(case.intact.data)
    before = hashlib.sha256(case.mutated.data).digest()
    # A daemonic process extracts HTML itself (cleancli's rule for Dask workers); otherwise
    # cleancli starts its HTML worker process, with its per-page deadline.
    me = multiprocessing.current_process()
    daemon = me.daemon
    me.daemon = not case.real_worker
    try:
        options = _options(case)
        fold_out = _guarded(timed, failures, "fold", fold_all, [str(mutated)], options)
        if fold_out is not None:
            items, tally, out = fold_out
            _check_items("fold", items, tally, failures)
            staged = _guarded(timed, failures, "stages", stage_by_stage, [str(mutated)], options)
            if staged is not None:
                s_items, _, s_out = staged
                _compare_paths(items, out, s_items, s_out, failures)
        _check_isolation(case, timed, failures, mutated, intact)
    except FuzzTimeoutError:
        pass
    finally:
        me.daemon = daemon
        mutated.unlink(missing_ok=True)
        intact.unlink(missing_ok=True)
    if hashlib.sha256(case.mutated.data).digest() != before:
        failures.append(Failure("input-modified", "input bytes changed"))
    outcome.seconds = time.perf_counter() - start
    outcome.slowest_run = timed.slowest
    outcome.failures = _unique(failures)
    return outcome


def _unique(failures: list[Failure]) -> list[Failure]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in failures:
        if (f.kind, f.signature) not in seen:
            seen.add((f.kind, f.signature))
            out.append(f)
    return out


def _guarded(timed: _Timed, failures: list[Failure], label: str, fn: Any, *args: Any) -> Any:
    try:
        return timed(label, fn, *args)
    except FuzzTimeoutError:
        raise
    except Exception as exc:  # noqa: BLE001 - an escaping exception is what we look for
        failures.append(Failure("crash", f"{label}: {_name(exc)} at {_where(exc)}", _tb(exc)))
        return None


def _count(items: list[Item]) -> str:
    from cleancli.record import Record, Reject

    records = [i for i in items if isinstance(i, Record)]
    related = sum(r.kind == "related" for r in records)
    rejects = sum(isinstance(i, Reject) for i in items)
    return f"{len(records)} records ({related} related), {rejects} rejects"


def _compare_paths(
    items: list[Item], out: bytes, s_items: list[Item], s_out: bytes, failures: list[Failure]
) -> None:
    if out != s_out:
        a, b = out.splitlines(), s_out.splitlines()
        first = next(
            (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )
        what = "record count" if len(a) != len(b) else "record bytes"
        detail = (
            f"fold: {_count(items)}; stages: {_count(s_items)}; first difference at line {first}\n"
            f"fold : {a[first][:600] if first < len(a) else b'<none>'!r}\n"
            f"stage: {b[first][:600] if first < len(b) else b'<none>'!r}"
        )
        failures.append(Failure("fold-vs-stages", f"{what} differs", detail))
    if _rejects(items) != _rejects(s_items):
        failures.append(
            Failure(
                "fold-vs-stages",
                "rejects differ",
                f"fold: {_rejects(items)[:5]}\nstages: {_rejects(s_items)[:5]}",
            )
        )


def _check_isolation(
    case: Case, timed: _Timed, failures: list[Failure], mutated: Path, intact: Path
) -> None:
    """The intact page's records are the same whether a damaged input runs beside it or not."""
    options = _options(case, dedup="none", on_duplicate="drop")
    key = (str(intact), repr(options))
    if key not in _ALONE:
        alone = _guarded(timed, failures, "intact alone", fold_all, [str(intact)], options)
        if alone is None:
            return
        _ALONE[key] = _lines_of(alone[2], str(intact))
    expected = _ALONE[key]
    orders = ((mutated, intact), (intact, mutated))
    for order in orders if case.index % 8 == 0 else orders[case.index % 2 : case.index % 2 + 1]:
        both = _guarded(timed, failures, "beside", fold_all, [str(p) for p in order], options)
        if both is None:
            continue
        items, tally, out = both
        _check_items("beside", items, tally, failures)
        got = _lines_of(out, str(intact))
        if got != expected:
            where = "after" if order[0] == mutated else "before"
            failures.append(
                Failure(
                    "isolation",
                    f"intact page's records change when it runs {where} a damaged input",
                    _first_diff(b"".join(expected), b"".join(got)),
                )
            )


# --- the command line ----------------------------------------------------------------------------


def cleancli_command() -> list[str]:
    exe = Path(sys.executable).with_name("cleancli")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cleancli"]


@dataclass(slots=True)
class _Ran:
    code: int
    stdout: bytes
    stderr: str
    out: bytes
    rejects: bytes | None
    seconds: float


def _run_cli(args: list[str], flags: list[str], folder: Path, hard: float) -> _Ran | str:
    out_path, rej_path = folder / "out.jsonl", folder / "rejects.jsonl"
    for p in (out_path, rej_path):
        p.unlink(missing_ok=True)
    real = [str(out_path) if f == "OUT" else str(rej_path) if f == "REJECTS" else f for f in flags]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [*cleancli_command(), "run", *args, *real],
            capture_output=True,
            timeout=hard,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
            cwd=folder,
        )
    except subprocess.TimeoutExpired:
        return f"no answer within {hard:g} s"
    took = time.perf_counter() - start
    out = (out_path.read_bytes() if out_path.exists() else b"") if "OUT" in flags else proc.stdout
    rejects = rej_path.read_bytes() if "REJECTS" in flags and rej_path.exists() else None
    return _Ran(
        proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace"), out, rejects, took
    )


def _pipe(args: list[str], flags: list[str], folder: Path, hard: float) -> bytes | str:
    """The four stage commands chained as a shell pipe would."""
    cmd = cleancli_command()
    keep = {
        "--now",
        "--dedup",
        "--on-duplicate",
        "--html-field",
        "--html-engine",
        "--format",
        "--max-bytes",
        "--timeout",
    }
    pairs = dict(itertools.pairwise(flags))
    by_stage = {
        "extract": ["--html-field", "--html-engine", "--format", "--max-bytes", "--timeout"],
        "strip": ["--now"],
        "split": [],
        "emit": ["--dedup", "--on-duplicate"],
    }
    procs: list[subprocess.Popen[bytes]] = []
    prev = None
    for stage, names in by_stage.items():
        extra = [x for n in names if n in keep and n in pairs for x in (n, pairs[n])]
        argv = [*cmd, stage, *(args if stage == "extract" else []), *extra]
        proc = subprocess.Popen(
            argv, stdin=prev, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=folder,
            env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
        if prev is not None:
            prev.close()
        prev = proc.stdout
        procs.append(proc)
    try:
        out, _ = procs[-1].communicate(timeout=hard)
    except subprocess.TimeoutExpired:
        for p in procs:
            p.kill()
        return f"pipe gave no answer within {hard:g} s"
    finally:
        for p in procs:
            p.wait()
    return out


def _check_run(label: str, ran: _Ran, flags: list[str], failures: list[Failure]) -> None:
    if "Traceback" in ran.stderr:
        last = [ln for ln in ran.stderr.splitlines() if ln.strip()][-1:]
        failures.append(
            Failure(
                "cli-traceback", f"{label}: {last[0][:160] if last else ''}", ran.stderr[-3000:]
            )
        )
    for line in ran.stderr.splitlines():
        if "internal error" in line or _leak(
            line.split(": ", 2)[-1] if line.startswith("cleancli: rejected") else line
        ):
            sig = re.sub(r"\d+", "N", re.sub(r"/\S+", "PATH", line))[:160]
            failures.append(Failure("cli-internal-error", sig, line[:2000]))
    summary = [m for ln in ran.stderr.splitlines() if (m := _SUMMARY.match(ln))]
    if (
        not summary
        and ran.code == 2
        and re.search(r"error: nothing (could be|to) read", ran.stderr)
    ):
        return  # every input was refused: a usage error, said in one line
    if not summary:
        failures.append(
            Failure("cli-exit", f"{label}: exit {ran.code}, no summary line", ran.stderr[-2000:])
        )
        return
    s = {k: int(v) if v and v.isdigit() else v for k, v in summary[-1].groupdict().items()}
    skipped = s["skipped"] or 0
    split_out = s["split"] or 0
    dropped = 0 if s["marked"] else s["dups"]
    rejected = s["rejected"]
    if s["read"] + split_out != s["wrote"] + rejected + skipped + dropped:
        failures.append(
            Failure("cli-summary", f"{label}: summary does not add up", summary[-1].group(0))
        )
    if s["wrote"] != s["articles"] + s["related"]:
        failures.append(
            Failure("cli-summary", f"{label}: wrote != articles + related", summary[-1].group(0))
        )
    lines = [ln for ln in ran.out.splitlines() if ln.strip()]
    if len(lines) != s["wrote"]:
        failures.append(
            Failure(
                "cli-summary",
                f"{label}: {len(lines)} output lines, summary says wrote {s['wrote']}",
                summary[-1].group(0),
            )
        )
    try:
        kinds = [orjson.loads(ln)["kind"] for ln in lines]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        failures.append(Failure("cli-output", f"{label}: output is not schema JSONL", str(exc)))
    else:
        if kinds.count("related") != s["related"]:
            failures.append(
                Failure(
                    "cli-summary",
                    f"{label}: related lines differ from summary",
                    summary[-1].group(0),
                )
            )
    if ran.rejects is not None:
        n = len([ln for ln in ran.rejects.splitlines() if ln.strip()])
        if n != rejected + skipped:
            failures.append(
                Failure(
                    "cli-summary",
                    f"{label}: {n} rejects lines, summary says {rejected} + {skipped} skipped",
                    summary[-1].group(0),
                )
            )
    warned = sum(ln.startswith("cleancli: rejected ") for ln in ran.stderr.splitlines())
    # Past TOLD rejects, cleancli counts the rest and says so once instead of telling each.
    capped = "more rejects are counted but not shown" in ran.stderr
    expected = min(rejected, TOLD) if capped else rejected
    if warned != expected and "--quiet" not in flags:
        failures.append(
            Failure(
                "cli-summary",
                f"{label}: {warned} reject warnings, summary says {rejected}",
                summary[-1].group(0),
            )
        )
    want = 1 if ("--strict" in flags and rejected) else 0
    if ran.code != want:
        failures.append(
            Failure("cli-exit", f"{label}: exit {ran.code}, expected {want}", ran.stderr[-2000:])
        )


def check_cli(case: Case, work: Path, hard: float = 120.0, *, pipe: bool = False) -> Outcome:
    """Every property of one case through `cleancli run`, and the same again with the other
    `--jobs`; with `pipe`, the four stage commands chained too."""
    outcome = Outcome(case.tag, "cli", steps=case.steps)
    failures = outcome.failures
    start = time.perf_counter()
    folder = work / "cli"
    folder.mkdir(parents=True, exist_ok=True)
    mutated = folder / case.mutated.name
    intact = folder / ("intact-" + case.intact.name)
    mutated.write_bytes(case.mutated.data)
    intact.write_bytes(case.intact.data)
    args = [mutated.name, intact.name]
    digests = {p: hashlib.sha256(p.read_bytes()).digest() for p in (mutated, intact)}
    try:
        first = _run_cli(args, case.flags, folder, hard)
        if isinstance(first, str):
            failures.append(Failure("cli-hang", first))
            return outcome
        outcome.slowest_run = first.seconds
        _check_run("run", first, case.flags, failures)
        jobs = case.flags[case.flags.index("--jobs") + 1]
        other = [*case.flags]
        other[other.index("--jobs") + 1] = "2" if jobs == "1" else "1"
        second = _run_cli(args, other, folder, hard)
        if isinstance(second, str):
            failures.append(Failure("cli-hang", second))
        else:
            outcome.slowest_run = max(outcome.slowest_run, second.seconds)
            _check_run("run (other --jobs)", second, other, failures)
            if second.out != first.out:
                failures.append(
                    Failure(
                        "cli-jobs",
                        "--jobs 1 and --jobs 2 write different bytes",
                        _first_diff(first.out, second.out),
                    )
                )
            if (second.rejects or b"") != (first.rejects or b""):
                failures.append(
                    Failure("cli-jobs", "--jobs 1 and --jobs 2 write different rejects")
                )
        if (
            "--max-bytes" not in case.flags
            and "--timeout" not in case.flags
            and "--format" not in case.flags
        ):
            lib = _library_bytes(case, folder, args)
            if isinstance(lib, bytes) and lib != first.out:
                failures.append(
                    Failure(
                        "cli-vs-library",
                        "`cleancli run` and the library's run write different bytes",
                        _first_diff(first.out, lib),
                    )
                )
        if pipe:
            piped = _pipe(args, case.flags, folder, hard)
            if isinstance(piped, str):
                failures.append(Failure("cli-hang", piped))
            elif piped != first.out:
                failures.append(
                    Failure(
                        "cli-pipe",
                        "extract | strip | split | emit differs from run",
                        _first_diff(first.out, piped),
                    )
                )
        if outcome.slowest_run > DEADLINE:
            failures.append(Failure("slow", f"cli: {outcome.slowest_run:.1f} s > {DEADLINE:g} s"))
    finally:
        for p, digest in digests.items():
            if hashlib.sha256(p.read_bytes()).digest() != digest:
                failures.append(Failure("input-modified", f"{p.name} changed"))
            p.unlink(missing_ok=True)
    outcome.seconds = time.perf_counter() - start
    outcome.failures = _unique(failures)
    return outcome


def _first_diff(a: bytes, b: bytes) -> str:
    x, y = a.splitlines(), b.splitlines()
    at = next(
        (i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y))
    )
    head = f"{len(x)} vs {len(y)} lines; first difference at line {at}"
    one = x[at][:800] if at < len(x) else b"<none>"
    two = y[at][:800] if at < len(y) else b"<none>"
    return f"{head}\n  {one!r}\n  {two!r}"


def _library_bytes(case: Case, folder: Path, args: list[str]) -> bytes | None:
    """The library's run over the same inputs, from the same folder (sources are the names)."""
    cwd = Path.cwd()
    try:
        os.chdir(folder)
        return fold_all(args, _options(case))[2]
    except Exception:  # noqa: BLE001 - the library side is checked on its own
        return None
    finally:
        os.chdir(cwd)
