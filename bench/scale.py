"""cleancli at corpus scale, against its peers on the same data in the same run.

    python bench/scale.py --sizes 10 100 1000 [--work DIR] [--peers-up-to 100]

For each size (MB) it builds a text corpus by resampling real pages (`corpus.py`), then times,
each as its own process on the same file:

- the floor: a plain orjson loop that reads every line, parses it and writes it back;
- datatrove's local executor: JsonlReader, C4QualityFilter, JsonlWriter (one task, one worker);
  with `--near`, its MinHash near-dedup stages too (sizes up to `--peers-up-to`, as it is slow);
- cleancli `run --dedup exact` with `--jobs 1` and `--jobs 2`, and `--engine dask --jobs 2`;
- cleancli `run --dedup near --jobs 2`, reported apart;

and, on an HTML corpus of `--html-mb` (the Zyte pages resampled into JSONL with an `html` field),
trafilatura alone with cleancli's settings against cleancli `run --html-field html`.

It checks that `--jobs 1`, `--jobs 2` and the Dask shards are the same bytes, and prints MB/s,
ratios and the peak RSS of each process (`/usr/bin/time -v`; for `--jobs 1` this is the whole
run, in one process).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from corpus import build

HERE = Path(__file__).resolve().parent
CLEANCLI = [sys.executable, "-m", "cleancli"]
NOW = "2025-07-24T12:00:00Z"

PEERS = HERE / "peers"


@dataclass
class Timed:
    seconds: float
    rss_mb: float


def timed(command: list[str]) -> Timed:
    """Run a command under /usr/bin/time -v: wall seconds and peak RSS of its largest process."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if wall is None or rss is None:
        raise SystemExit(f"no timing from /usr/bin/time for {command[0]}")
    parts = [float(x) for x in wall.group(1).split(":")]
    seconds = sum(p * 60**i for i, p in enumerate(reversed(parts)))
    return Timed(seconds, int(rss.group(1)) / 1024)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def shards_digest(folder: Path) -> str:
    data = b"".join(gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("part-*.gz")))
    return hashlib.sha256(data).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[10, 100])
    parser.add_argument("--work", type=Path, help="where corpora and outputs go (a temp dir)")
    parser.add_argument(
        "--peers-up-to", type=float, default=100, help="largest size (MB) datatrove runs on"
    )
    parser.add_argument("--near", action="store_true", help="near dedup against datatrove's")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--html-mb", type=float, default=20, help="size of the HTML corpus; 0: none"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="cleancli-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    machine = platform.processor() or platform.machine()
    print(f"# {machine}, python {platform.python_version()}, work in {work}")
    python = [sys.executable]
    if args.html_mb:
        html_rows(work, args.html_mb)
    for size in args.sizes:
        corpus = work / f"corpus-{size:g}mb.jsonl"
        if not corpus.exists():
            build(corpus, size, html=False)
        mb = corpus.stat().st_size / 1e6
        rows: dict[str, Timed] = {}
        rows["orjson floor"] = timed(
            [*python, str(PEERS / "floor.py"), str(corpus), str(work / "floor.jsonl")]
        )
        if size <= args.peers_up_to:
            shutil.rmtree(work / "dt", ignore_errors=True)
            rows["datatrove C4 filter"] = timed(
                [*python, str(PEERS / "datatrove_c4.py"), str(corpus), str(work / "dt")]
            )
        base = [*CLEANCLI, "run", str(corpus), "--now", NOW, "-q"]
        out1, out2 = work / "jobs1.jsonl", work / "jobs2.jsonl"
        rows["cleancli --jobs 1"] = timed([*base, "--jobs", "1", "-o", str(out1)])
        rows["cleancli --jobs 2"] = timed([*base, "--jobs", "2", "-o", str(out2)])
        same = digest(out1) == digest(out2)
        if not args.no_dask:
            shutil.rmtree(work / "dask", ignore_errors=True)
            rows["cleancli --engine dask --jobs 2"] = timed(
                [*base, "--engine", "dask", "--jobs", "2", "-o", str(work / "dask")]
            )
            same = same and shards_digest(work / "dask") == digest(out1)
        rows["cleancli --dedup near --jobs 2"] = timed(
            [*base, "--dedup", "near", "--jobs", "2", "-o", str(work / "near.jsonl")]
        )
        if args.near and size <= args.peers_up_to:
            shutil.rmtree(work / "dtnear", ignore_errors=True)
            rows["datatrove MinHash dedup"] = timed(
                [*python, str(PEERS / "datatrove_minhash.py"), str(corpus), str(work / "dtnear")]
            )
        floor = rows["orjson floor"].seconds
        one = rows["cleancli --jobs 1"].seconds
        print(f"\n## {mb:.0f} MB ({corpus.name}); jobs 1, 2 and dask outputs identical: {same}")
        print("| run | seconds | MB/s | vs floor | vs cleancli --jobs 1 | peak RSS MB |")
        print("|---|---|---|---|---|---|")
        for name, t in rows.items():
            print(
                f"| {name} | {t.seconds:.1f} | {mb / t.seconds:.1f} | {floor / t.seconds:.3f}x "
                f"| {one / t.seconds:.2f}x | {t.rss_mb:.0f} |"
            )


def html_rows(work: Path, size: float) -> None:
    corpus = work / f"html-{size:g}mb.jsonl"
    if not corpus.exists():
        build(corpus, size, html=True)
    mb = corpus.stat().st_size / 1e6
    rows = {
        "trafilatura alone": timed(
            [
                sys.executable,
                str(PEERS / "trafilatura_alone.py"),
                str(corpus),
                str(work / "t.jsonl"),
            ]
        )
    }
    base = [*CLEANCLI, "run", str(corpus), "--html-field", "html", "--dedup", "none", "-q"]
    for jobs in ("1", "2"):
        rows[f"cleancli --jobs {jobs}"] = timed(
            [*base, "--jobs", jobs, "-o", str(work / "h.jsonl")]
        )
    alone = rows["trafilatura alone"].seconds
    print(f"\n## HTML, {mb:.0f} MB ({corpus.name})")
    print("| run | seconds | MB/s | vs trafilatura alone | peak RSS MB (largest process) |")
    print("|---|---|---|---|---|")
    for name, t in rows.items():
        rate, ratio = mb / t.seconds, alone / t.seconds
        print(f"| {name} | {t.seconds:.1f} | {rate:.2f} | {ratio:.2f}x | {t.rss_mb:.0f} |")


if __name__ == "__main__":
    main()
