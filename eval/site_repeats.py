"""What counting a site's repeated lines adds, on HTML pages with a known body saved as text dumps.

    python eval/site_repeats.py ../shared/eval/zyte

Each page of the benchmark becomes the dump a scraper saves (all visible text, one block per
line) under its URL's host, every line labelled from the benchmark's body (`linemodel.corpus`).
Strip runs on all of them with and without `--site-repeats`; the figures are over the pages of
hosts with two or more pages, the only ones the counting can change: the share of furniture
lines removed and of body lines kept.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from cleancli.linemodel.corpus import html_benchmark
from cleancli.record import Record
from cleancli.siterepeats import count_site_lines
from cleancli.strip import strip_record

_KEPT = frozenset({"body", "title"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    pages = list(html_benchmark(args.folder))
    hosts = Counter(page.site for page in pages)
    records = [
        Record(
            id=f"{k:x}",
            source=page.name,
            url=f"https://{page.site}/{k}",
            text="\n".join(page.lines),
        )
        for k, page in enumerate(pages)
    ]
    site_lines = count_site_lines(records)
    shared = [k for k, page in enumerate(pages) if hosts[page.site] >= 2]
    many = sum(n >= 2 for n in hosts.values())
    print(f"{len(pages)} pages, {len(hosts)} hosts; {len(shared)} pages on {many} with two or more")
    for name, lines in (("without", None), ("with", site_lines)):
        tally = Counter()
        for k in shared:
            item = strip_record(records[k], site_lines=lines)
            if not isinstance(item, Record):
                continue
            labels = [
                label
                for label, line in zip(pages[k].labels, pages[k].lines, strict=True)
                if line.strip()
            ]
            texts = [b for b in item.blocks if b.text]
            if len(texts) != len(labels):
                tally["unaligned"] += 1
                continue
            for label, block in zip(labels, texts, strict=True):
                if label is None:
                    continue
                gone = block.role not in _KEPT
                tally[(label, gone)] += 1
                tally["site-repeated"] += block.why == "site-repeated"
        furniture = tally[(1, True)] / max(tally[(1, True)] + tally[(1, False)], 1)
        body = tally[(0, False)] / max(tally[(0, False)] + tally[(0, True)], 1)
        taken = tally["site-repeated"]
        print(f"{name:8} site repeats: furniture removed {furniture:.1%}, body kept {body:.1%}")
        print(f"         lines taken as repeated on their site: {taken}")


if __name__ == "__main__":
    main()
