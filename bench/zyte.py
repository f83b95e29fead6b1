"""cleancli's HTML path against the HTML engines alone, on the Zyte article-extraction benchmark.

    python bench/zyte.py PATH/TO/zyte [--out DIR] [--repeat N]

PATH/TO/zyte holds `data/html/<id>.html.gz`, `data/ground-truth.json` and `score.py` (the
benchmark's token-shingle precision/recall/F1). Every system reads the same pages, preloaded into
memory, in one run: trafilatura alone with the settings cleancli gives it, cleancli's whole path
(extract through trafilatura in its worker process, then strip, split and emit), and the same pair
with resiliparse. Predictions are scored by the benchmark's own script; throughput is pages per
second of wall time, the best of `--repeat` runs, worker start-up included. `--rounds N` feeds
each system the pages N times in one stream, as a longer run would, so start-up weighs less.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from cleancli import Options, RawPage, Record, run
from cleancli.inputs.webpage import extract_html

Pages = list[tuple[str, bytes]]
Predict = Callable[[Pages, dict[str, str]], dict[str, str]]


def trafilatura_alone(pages: Pages, urls: dict[str, str]) -> dict[str, str]:
    """trafilatura with the settings cleancli gives it: precise, no comments, no dedup cache,
    and metadata (title, author, date, site), which costs about a third of its time."""
    texts = {}
    for key, html in pages:
        doc = trafilatura.bare_extraction(
            html,
            url=urls[key],
            favor_precision=True,
            include_comments=False,
            deduplicate=False,
            with_metadata=True,
        )
        texts[key] = (doc.text if doc is not None and not isinstance(doc, dict) else "") or ""
    return texts


def trafilatura_text_only(pages: Pages, urls: dict[str, str]) -> dict[str, str]:
    """trafilatura's text alone, no metadata: the fastest way to the same body text."""
    return {
        key: trafilatura.extract(
            html, url=urls[key], favor_precision=True, include_comments=False, deduplicate=False
        )
        or ""
        for key, html in pages
    }


def resiliparse_alone(pages: Pages, urls: dict[str, str]) -> dict[str, str]:
    return {key: extract_html(html, urls[key], "resiliparse").text for key, html in pages}


def cleancli_path(engine: str) -> Predict:
    """cleancli's whole path in one call, as `cleancli run` does it: the extractor's worker
    process is started inside the timed call, so its start-up counts."""

    def predict(pages: Pages, urls: dict[str, str]) -> dict[str, str]:
        raw = (RawPage(key, html, "html", url=urls[key]) for key, html in pages)
        texts = {key: "" for key, _ in pages}
        for item in run(raw, Options(html_engine=engine, dedup="none")):  # type: ignore[arg-type]
            if isinstance(item, Record) and item.kind == "article":
                texts[item.source] = item.text
        return texts

    return predict


SYSTEMS: dict[str, Predict] = {
    "trafilatura alone (favor_precision)": trafilatura_alone,
    "trafilatura alone, text only": trafilatura_text_only,
    "cleancli (trafilatura engine)": cleancli_path("trafilatura"),
    "resiliparse alone (main_content)": resiliparse_alone,
    "cleancli --html-engine resiliparse": cleancli_path("resiliparse"),
}


def score(scorer: Path, pred: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(scorer), str(pred)], capture_output=True, text=True, check=True
    ).stdout
    last = out.strip().splitlines()[-1]
    return {k.lower(): float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", last)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the benchmark's folder")
    parser.add_argument("--out", type=Path, help="keep predictions here")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per system")
    parser.add_argument(
        "--rounds", type=int, default=1, help="feed the pages this many times in one run"
    )
    args = parser.parse_args()
    truth = json.loads((args.folder / "data" / "ground-truth.json").read_text())
    pages = {
        path.name.removesuffix(".html.gz"): gzip.decompress(path.read_bytes())
        for path in sorted((args.folder / "data" / "html").glob("*.html.gz"))
    }
    urls = {key: truth.get(key, {}).get("url", "") for key in pages}
    out = args.out or Path(tempfile.mkdtemp(prefix="zyte-"))
    out.mkdir(parents=True, exist_ok=True)
    stream = list(pages.items()) * args.rounds
    best = dict.fromkeys(SYSTEMS, float("inf"))
    for _ in range(args.repeat):  # systems take turns, so a slow spell of the machine hits all
        for n, (name, predict) in enumerate(SYSTEMS.items()):
            start = time.perf_counter()
            texts = predict(stream, urls)
            best[name] = min(best[name], time.perf_counter() - start)
            pred = out / f"system{n}.jsonl"
            pred.write_text(
                "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items())
            )
    scorer = args.folder / "score.py"
    version = trafilatura.__version__
    print(f"{len(pages)} pages x {args.rounds} in one stream, trafilatura {version}")
    print(f"predictions in {out}; times are the best of {args.repeat}")
    print(f"{'system':38} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8} {'speed':>6}")
    peers = [0, 0, 0, 3, 3]  # each line's speed is against the engine alone
    rates = [len(stream) / best[name] for name in SYSTEMS]
    for n, name in enumerate(SYSTEMS):
        s = score(scorer, out / f"system{n}.jsonl")
        print(
            f"{name:38} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {rates[n]:8.1f} "
            f"{rates[n] / rates[peers[n]]:5.2f}x"
        )
    compare = subprocess.run(
        [sys.executable, str(scorer), str(out / "system0.jsonl"), str(out / "system2.jsonl"),
         "--compare"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    print(next(line for line in compare.splitlines() if line.startswith("# system2 - system0")))


if __name__ == "__main__":
    main()
