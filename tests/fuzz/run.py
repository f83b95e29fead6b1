"""The fuzz command: inputs spread over worker processes, a summary table, reproducers.

    python -m tests.fuzz --library 2000 --cli 100 --seed 1 [--extra DIR] [--out DIR] [--jobs 2]
    python -m tests.fuzz --replay 1:417            # one library case again, failures in full
    python -m tests.fuzz --replay 1:12 --mode cli  # one command-line case again

Cases are made from (seed, index) alone, so the inputs do not depend on the number of workers or
the order they finish in. Workers are daemonic processes: there cleancli extracts HTML in the
process (as on a Dask worker), under this harness's alarm; the command-line cases run the real
`cleancli`, whose HTML worker process has its own deadline. A worker that stops answering is
killed and the case counted as a hang.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import shlex
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ROOT
from .checks import Failure, Outcome, check_cli, check_library
from .gen import make_case

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

#: Seconds a worker may take on one case before it is killed (the alarm inside fires first).
HARD = {"library": 180.0, "cli": 600.0}
#: Every this many command-line cases also runs the four-command pipe.
PIPE_EVERY = 4
#: Reproducers written per distinct failure.
REPRO_PER_SIGNATURE = 3


def run_case(
    mode: str, seed: int, index: int, extra: str | None, work: Path, *, light: bool = False
) -> Outcome:
    case = make_case(seed, index, extra, cli=mode == "cli", light=light)
    if mode == "cli":
        return check_cli(case, work, pipe=index % PIPE_EVERY == 0)
    return check_library(case, work)


def _worker(conn: Connection, work: str, extra: str | None, light: bool) -> None:
    os.environ.setdefault("NO_COLOR", "1")
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        mode, seed, index = task
        try:
            outcome = run_case(mode, seed, index, extra, Path(work), light=light)
        except BaseException as exc:  # noqa: BLE001 - the harness's own failure, reported
            outcome = Outcome(
                f"{seed}:{index}", mode, [Failure("harness", f"{type(exc).__name__}: {exc}")]
            )
        conn.send(asdict(outcome))


class _Slot:
    def __init__(self, n: int, root: Path, extra: str | None, light: bool) -> None:
        self.work = root / f"w{n}"
        self.extra = extra
        self.light = light
        self.task: tuple[str, int, int] | None = None
        self.started = 0.0
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        # Not daemonic, so that a case may let cleancli start its own HTML worker process;
        # each case says which way it extracts (see check_library).
        self.proc = context.Process(
            target=_worker, args=(child, str(self.work), self.extra, self.light)
        )
        self.proc.start()
        child.close()

    def give(self, task: tuple[str, int, int]) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def restart(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()
        self._start()
        self.task = None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()


def _order(library: int, cli: int, first: int) -> list[tuple[str, int]]:
    """Library and command-line cases interleaved, so both kinds progress together."""
    tasks: list[tuple[str, int]] = [("library", first + i) for i in range(library)]
    if cli:
        step = max(1, len(tasks) // cli) if tasks else 1
        for k in range(cli):
            tasks.insert(min(len(tasks), k * (step + 1)), ("cli", first + k))
    return tasks


def fuzz(
    *, seed: int, library: int, cli: int, extra: str | None, jobs: int, first: int = 0,
    progress: bool = True, light: bool = False,
) -> list[dict[str, Any]]:  # fmt: skip
    """Run the cases over `jobs` workers; every outcome, in task order."""
    tasks = _order(library, cli, first)
    pending = list(reversed(tasks))
    results: dict[tuple[str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="cleancli-fuzz-") as tmp:
        slots = [_Slot(n, Path(tmp), extra, light) for n in range(max(1, min(jobs, len(tasks))))]
        began = last_note = time.monotonic()
        try:
            while pending or any(s.task for s in slots):
                for slot in slots:
                    if slot.task is None and pending:
                        mode, index = pending.pop()
                        slot.give((mode, seed, index))
                busy = [s for s in slots if s.task]
                for conn in wait([s.conn for s in busy], timeout=1.0):
                    slot = next(s for s in busy if s.conn is conn)
                    assert slot.task is not None
                    mode, _, index = slot.task
                    try:
                        results[mode, index] = slot.conn.recv()
                        slot.task = None
                    except (EOFError, OSError):
                        code = slot.proc.exitcode
                        results[mode, index] = asdict(
                            Outcome(
                                f"{seed}:{index}",
                                mode,
                                [Failure("worker-died", f"fuzz worker died (exit {code})")],
                            )
                        )
                        slot.restart()
                now = time.monotonic()
                for slot in slots:
                    if slot.task and now - slot.started > HARD[slot.task[0]]:
                        mode, _, index = slot.task
                        results[mode, index] = asdict(
                            Outcome(
                                f"{seed}:{index}",
                                mode,
                                [
                                    Failure(
                                        "hang", f"{mode}: no answer in {HARD[mode]:g} s (killed)"
                                    )
                                ],
                                seconds=now - slot.started,
                            )
                        )
                        slot.restart()
                if progress and now - last_note > 30:
                    last_note = now
                    bad = sum(bool(r["failures"]) for r in results.values())
                    print(
                        f"fuzz: {len(results)}/{len(tasks)} cases, {bad} failing, {now - began:.0f} s",
                        file=sys.stderr,
                        flush=True,
                    )
        finally:
            for slot in slots:
                slot.stop()
    return [results[t] for t in tasks if t in results]


def write_reproducers(
    outcomes: list[dict[str, Any]], seed: int, extra: str | None, out: Path, *, light: bool = False
) -> dict[str, str]:
    """A folder per failing case (a few per distinct failure): the inputs, the flags, notes."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "outcomes.json").write_text(json.dumps(outcomes))
    written: dict[str, str] = {}
    per_sig: Counter[str] = Counter()
    with (out / "failures.jsonl").open("w") as log:
        for o in outcomes:
            for f in o["failures"]:
                log.write(
                    json.dumps({"case": o["tag"], "mode": o["mode"], "steps": o["steps"], **f})
                    + "\n"
                )
    for o in outcomes:
        sigs = sorted({f"{f['kind']}: {f['signature']}" for f in o["failures"]})
        if not sigs or all(per_sig[s] >= REPRO_PER_SIGNATURE for s in sigs):
            continue
        for s in sigs:
            per_sig[s] += 1
        index = int(o["tag"].split(":")[1])
        try:
            case = make_case(seed, index, extra, cli=o["mode"] == "cli", light=light)
        except Exception:  # noqa: BLE001, S112 - a harness failure is in the table already
            continue
        kind = o["failures"][0]["kind"]
        folder = out / "repro" / kind / f"{seed}-{index}-{o['mode']}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / case.mutated.name).write_bytes(case.mutated.data)
        (folder / ("intact-" + case.intact.name)).write_bytes(case.intact.data)
        flags = [
            "out.jsonl" if f == "OUT" else "rejects.jsonl" if f == "REJECTS" else f
            for f in case.flags
        ] or [x for k, v in case.options.items() if v and k == "now" for x in ("--now", v)]
        replay = (
            f"python -m tests.fuzz --replay {seed}:{index}"
            + (" --mode cli" if o["mode"] == "cli" else "")
            + (f" --extra {extra}" if extra else "")
            + (" --light" if light else "")
        )
        notes = [
            f"case {seed}:{index} ({o['mode']})",
            f"built by: {', '.join(case.steps)}",
            f"library options: {case.options}",
            "",
            "replay (from the project root):",
            f"  {replay}",
            "or by hand, in this folder:",
            f"  cleancli run {shlex.quote(case.mutated.name)} {shlex.quote('intact-' + case.intact.name)} {shlex.join(flags)}",
            "",
            "failures:",
        ]
        for f in o["failures"]:
            notes += [
                f"- [{f['kind']}] {f['signature']}",
                *("    " + ln for ln in f["detail"].splitlines()[-40:]),
            ]
        (folder / "README.txt").write_text("\n".join(notes) + "\n")
        for s in sigs:
            written.setdefault(s, str(folder))
    return written


def table(outcomes: list[dict[str, Any]], seconds: float, written: dict[str, str]) -> str:
    by_mode = Counter(o["mode"] for o in outcomes)
    cases_by_kind: Counter[str] = Counter()
    sig_cases: dict[str, list[str]] = defaultdict(list)
    for o in outcomes:
        for k in sorted({f["kind"] for f in o["failures"]}):
            cases_by_kind[k] += 1
        for s in sorted({f"{f['kind']}: {f['signature']}" for f in o["failures"]}):
            sig_cases[s].append(f"{o['tag']}/{o['mode']}")
    rate = len(outcomes) / max(seconds, 1e-9)
    lines = [
        f"inputs run: {by_mode['library']} library, {by_mode['cli']} cli in {seconds:.0f} s ({rate:.2f} inputs/s)"
    ]
    for mode in ("library", "cli"):
        spent = [o["seconds"] for o in outcomes if o["mode"] == mode]
        if spent:
            lines.append(f"  {mode}: {sum(spent) / len(spent):.2f} s per input (worker time)")
    slow = max(outcomes, key=lambda o: o["slowest_run"], default=None)
    if slow is not None:
        lines.append(
            f"slowest input: {slow['tag']} ({slow['mode']}), {slow['slowest_run']:.2f} s for one run; "
            f"{', '.join(slow['steps'])[:200]}"
        )
    failing = sum(bool(o["failures"]) for o in outcomes)
    lines += ["", f"failing inputs: {failing}", f"{'kind':<22}{'inputs':>8}{'distinct':>10}"]
    for kind, n in cases_by_kind.most_common():
        distinct = sum(s.startswith(kind + ":") for s in sig_cases)
        lines.append(f"{kind:<22}{n:>8}{distinct:>10}")
    if sig_cases:
        lines += ["", "distinct failures (inputs, first cases, reproducer):"]
        for s, tags in sorted(sig_cases.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  {len(tags):>5}  {s}")
            lines.append(f"         e.g. {', '.join(tags[:3])}  -> {written.get(s, '-')}")
    return "\n".join(lines)


def snapshot(into: Path, source: Path | None = None) -> Path:
    """A copy of the package as it is now, used by this run's workers and commands alike, so
    that edits to the source tree during a long run cannot make two runs of one input differ."""
    target = into / "cleancli"
    source = source or ROOT / "src" / "cleancli"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(into))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, (str(into), os.environ.get("PYTHONPATH")))
    )
    return target


def replay(seed: int, index: int, extra: str | None, *, cli: bool, light: bool = False) -> int:
    case = make_case(seed, index, extra, cli=cli, light=light)
    print(f"case {case.tag}: {', '.join(case.steps)}")
    print(f"files: {case.mutated.name} ({len(case.mutated.data)} bytes), intact-{case.intact.name}")
    print(f"options: {case.options}  flags: {case.flags}")
    with tempfile.TemporaryDirectory(prefix="cleancli-replay-") as tmp:
        outcome = check_cli(case, Path(tmp), pipe=True) if cli else check_library(case, Path(tmp))
    for f in outcome.failures:
        print(f"\n[{f.kind}] {f.signature}\n{f.detail}")
    print(f"\n{len(outcome.failures)} failures, {outcome.seconds:.2f} s")
    return 1 if outcome.failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--library", type=int, default=200, help="library inputs to run")
    parser.add_argument("--cli", type=int, default=10, help="command-line inputs to run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--first", type=int, default=0, help="index of the first case")
    parser.add_argument("--extra", help="a folder of more seed files, read at run time")
    parser.add_argument(
        "--out",
        default=str(Path(tempfile.gettempdir()) / "cleancli-fuzz"),
        help="where reproducers go",
    )
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)) or 1)
    parser.add_argument("--replay", metavar="SEED:INDEX", help="run one case again, in full")
    parser.add_argument(
        "--light", action="store_true", help="cap the heaviest damage, as the smoke test does"
    )
    parser.add_argument(
        "--live", action="store_true", help="use src/ as it changes, not a copy taken at the start"
    )
    parser.add_argument(
        "--src", help="test this copy of the cleancli package instead of src/cleancli"
    )
    parser.add_argument(
        "--mode",
        choices=("library", "cli"),
        default="library",
        help="with --replay: which kind of case",
    )
    args = parser.parse_args(argv)
    if args.replay:
        seed, index = (int(x) for x in args.replay.split(":"))
        if args.src:
            sys.path.insert(0, str(Path(args.src).resolve().parent))
            os.environ["PYTHONPATH"] = str(Path(args.src).resolve().parent)
        return replay(seed, index, args.extra, cli=args.mode == "cli", light=args.light)
    os.chdir(ROOT)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cleancli-src-") as src:
        if not args.live:
            snapshot(Path(src), Path(args.src) if args.src else None)
        outcomes = fuzz(
            seed=args.seed,
            library=args.library,
            cli=args.cli,
            extra=args.extra,
            jobs=args.jobs,
            first=args.first,
            light=args.light,
        )
    seconds = time.monotonic() - start
    written = write_reproducers(outcomes, args.seed, args.extra, Path(args.out), light=args.light)
    print(table(outcomes, seconds, written))
    print(f"\nreproducers and failures.jsonl in {args.out}")
    return 1 if any(o["failures"] for o in outcomes) else 0
