"""Build benchmark corpora at run time by resampling real pages; nothing large is committed.

    python bench/corpus.py OUT.jsonl --mb 100 [--html]

Text corpora draw on the bundled fixtures, the dev set (`eval/dev/raw`) and, when present beside
the project, `../shared/eval/textdev/raw`; `--html` draws on the Zyte pages in
`../shared/eval/zyte/data/html` and writes an `html` field instead of `text`. Each copy of a page
gets one word of its longest line replaced, so copies are distinct texts (a corpus of exact
copies would let deduplication skip the writing) while their layout stays the page's own.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
_WORD = re.compile(r"\b[a-z]{4,}\b")


def text_pages() -> list[str]:
    folders = [ROOT / "fixtures", ROOT / "eval" / "dev" / "raw", SHARED / "textdev" / "raw"]
    return [
        path.read_text(encoding="utf-8")
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.glob("*.txt"))
    ]


def html_pages() -> list[str]:
    folder = SHARED / "zyte" / "data" / "html"
    return [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted(folder.glob("*.html.gz"))
    ]


def vary(text: str, n: int, rng: random.Random) -> str:
    """The page with one word of its longest line replaced by a word made for copy `n`."""
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    words = list(_WORD.finditer(lines[longest]))
    if not words:
        return text
    word = words[rng.randrange(len(words))]
    line = lines[longest]
    lines[longest] = f"{line[: word.start()]}w{n:x}{line[word.end() :]}"
    return "\n".join(lines)


def build(out: Path, megabytes: float, *, html: bool, seed: int = 11) -> int:
    pages = html_pages() if html else text_pages()
    field = "html" if html else "text"
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    target, written, n = int(megabytes * 1024 * 1024), 0, 0
    with out.open("wb") as handle:
        while written < target:
            page = pages[rng.randrange(len(pages))]
            row = {"url": f"https://corpus.example/{n}", field: vary(page, n, rng)}
            line = orjson.dumps(row) + b"\n"
            handle.write(line)
            written += len(line)
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--html", action="store_true", help="HTML pages in an `html` field")
    args = parser.parse_args()
    n = build(args.out, args.mb, html=args.html)
    print(f"{args.out}: {n} pages, {args.out.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
