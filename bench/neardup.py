"""Precision and recall of `--dedup near` on labelled pairs, at several thresholds.

    python bench/neardup.py PATH/TO/zyte

Pairs are built at run time from the Zyte benchmark's real pages (nothing of them is copied into
the project) and from the bundled fixtures:

- duplicates, "cut apart": a page's hand-labelled article body against what trafilatura alone
  extracts from the same HTML, with its own cuts and leftover furniture (181 pairs);
- duplicates, "reposted": the labelled body with its last paragraph trimmed, a headline and a
  share line added (181 pairs);
- duplicates, "other chrome" (reported apart, hard): the body against resiliparse's extraction,
  which keeps much of the page around the article;
- different, "rewritten": the pairs in `eval/neardup/rewrites.jsonl`, one story written by two
  outlets, or two posts of one site (13), and the seeds' daily8 and MENAFN copies of one story;
- different, "unrelated": 500 random pairs of different pages.

Each pair goes through a fresh `NearDeduper`, so LSH banding and the Jaccard check both count.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

import trafilatura

from cleancli import Options, RawPage, Record, run
from cleancli.inputs.webpage import extract_html
from cleancli.stages.dedup import NearDeduper, shingles, signature

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def reposted(text: str) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    kept = paragraphs[:-1] if len(paragraphs) > 2 else paragraphs
    headline = " ".join(" ".join(kept).split()[:8])
    return "\n".join([f"Update: {headline}", *kept, "Share this article"])


def judged(a: str, b: str, threshold: float) -> bool:
    seen = NearDeduper(threshold)
    seen.first_of(signature(a), "a")
    return seen.first_of(signature(b), "b") is not None


def jaccard(a: str, b: str) -> float:
    x, y = set(shingles(a)), set(shingles(b))
    return len(x & y) / len(x | y) if x | y else 0.0


def fixture_records() -> dict[str, str]:
    folder = ROOT / "fixtures"  # ids hash the source as `cleancli run fixtures/` names it
    pages = [
        RawPage(f"fixtures/{p.name}", p.read_bytes(), "text") for p in sorted(folder.iterdir())
    ]
    return {r.id: r.text for r in run(pages, Options(dedup="none")) if isinstance(r, Record)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zyte", type=Path)
    args = parser.parse_args()
    truth = json.loads((args.zyte / "data" / "ground-truth.json").read_text())
    html = {
        p.name.removesuffix(".html.gz"): gzip.decompress(p.read_bytes())
        for p in sorted((args.zyte / "data" / "html").glob("*.html.gz"))
    }
    body = {k: v["articleBody"] for k, v in truth.items() if v["articleBody"].strip()}
    pairs: dict[str, list[tuple[str, str, bool]]] = {}
    pairs["cut apart"] = [
        (body[k], trafilatura.extract(html[k], favor_precision=True, deduplicate=False) or "", True)
        for k in body
    ]
    pairs["reposted"] = [(body[k], reposted(body[k]), True) for k in body]
    pairs["other chrome (hard)"] = [
        (body[k], extract_html(html[k], None, "resiliparse").text, True) for k in body
    ]
    fixtures = fixture_records()
    rewrites = []
    for line in (ROOT / "eval" / "neardup" / "rewrites.jsonl").read_text().splitlines():
        row = json.loads(line)
        texts = body if row["set"] == "zyte" else fixtures
        rewrites.append((texts[row["a"]], texts[row["b"]], row["label"] == "same"))
    pairs["rewritten"] = rewrites
    rng = random.Random(5)  # noqa: S311 - a reproducible sample
    keys = sorted(body)
    unrelated = []
    while len(unrelated) < 500:
        a, b = rng.sample(keys, 2)
        unrelated.append((body[a], body[b], False))
    pairs["unrelated"] = unrelated

    print(
        f"{'pairs':22} {'n':>4} {'true J (median)':>16}  " + "  ".join(f"t={t}" for t in THRESHOLDS)
    )
    verdicts: dict[float, list[tuple[bool, bool, str]]] = {t: [] for t in THRESHOLDS}
    for name, group in pairs.items():
        js = sorted(jaccard(a, b) for a, b, _ in group)
        cells = []
        for t in THRESHOLDS:
            said = [(judged(a, b, t), label, name) for a, b, label in group]
            verdicts[t] += said
            cells.append(f"{sum(s for s, _, _ in said) / len(said):5.2f}")
        print(f"{name:22} {len(group):4} {js[len(js) // 2]:16.3f}  " + "  ".join(cells))
    print("share of pairs called duplicates, by threshold; P and R without the hard set:")
    for t in THRESHOLDS:
        scored = [(s, label) for s, label, name in verdicts[t] if "hard" not in name]
        tp = sum(s and label for s, label in scored)
        fp = sum(s and not label for s, label in scored)
        fn = sum(not s and label for s, label in scored)
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"t={t}: precision {precision:.3f} recall {tp / (tp + fn):.3f}")


if __name__ == "__main__":
    main()
