"""datasketch against rensa for near-duplicate signatures: speed, and how far each one's
Jaccard estimate strays from the true Jaccard of word 5-gram sets.

    python bench/minhash.py [--pages N]

Texts are the bundled fixtures and dev set pages (and `../shared/eval/textdev` when present),
each paired with edited copies (a paragraph dropped, a headline changed, furniture added) and
with the other pages, so estimates cover the whole range from unrelated to identical.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from corpus import text_pages
from datasketch import MinHash
from rensa import RMinHash

from cleancli.stages.dedup import shingles

PERMS = 128


def datasketch_sig(grams: list[str]) -> MinHash:
    m = MinHash(num_perm=PERMS, seed=1)
    m.update_batch([g.encode() for g in grams])
    return m


def rensa_sig(grams: list[str]) -> RMinHash:
    m = RMinHash(num_perm=PERMS, seed=1)
    m.update(grams)
    return m


def edits(text: str, rng: random.Random) -> list[str]:
    lines = [x for x in text.split("\n") if x.strip()]
    out = []
    if len(lines) > 3:
        out.append("\n".join(lines[:-1]))  # last paragraph trimmed
        out.append("\n".join(["A different headline for the same story", *lines[1:]]))
        out.append("\n".join([*lines, "Share this article", "Comments", "Download the app"]))
        cut = rng.randrange(1, len(lines))
        out.append("\n".join(lines[:cut] + lines[cut + 1 :]))  # one paragraph dropped
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400, help="texts to sign for the timing")
    args = parser.parse_args()
    rng = random.Random(3)  # noqa: S311 - a reproducible sample
    pages = text_pages()
    texts = [p for p in pages for p in [p, *edits(p, rng)]]
    grams = [shingles(t) for t in texts]
    sample = [grams[rng.randrange(len(grams))] for _ in range(args.pages)]
    for name, sign in (("datasketch", datasketch_sig), ("rensa", rensa_sig)):
        start = time.perf_counter()
        for g in sample:
            sign(g)
        per = (time.perf_counter() - start) / len(sample) * 1e3
        sigs = [sign(g) for g in grams]
        errors, pairs = [], 0
        for i in range(len(grams)):
            for j in range(i + 1, min(len(grams), i + 8)):
                a, b = set(grams[i]), set(grams[j])
                if not a or not b:
                    continue
                true = len(a & b) / len(a | b)
                errors.append(abs(sigs[i].jaccard(sigs[j]) - true))
                pairs += 1
        mean, p99 = statistics.fmean(errors), sorted(errors)[int(0.99 * len(errors))]
        print(
            f"{name:10} {per:6.3f} ms a text  |estimate - true| mean {mean:.4f} "
            f"p99 {p99:.4f} over {pairs} pairs"
        )


if __name__ == "__main__":
    main()
