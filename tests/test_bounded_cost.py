"""No page costs far more than its size: strip and split grow linearly with a page's lines.

Each shape below once made strip or split quadratic. A page of 20,000 lines must take well under
64 times (quadratic) what one of 2,500 lines takes. Linear is 8, and up to 16 here: the small
page's lines all fit the dateline cache, which the large page's outgrow. The bound leaves room
for a loaded machine, and the best of a few runs is taken.
"""

from __future__ import annotations

import time
from itertools import count
from string import ascii_lowercase

import pytest

from cleancli.record import Record
from cleancli.stages.split import split_record
from cleancli.stages.strip import strip_record

SMALL, LARGE = 2_500, 20_000
RUNS = 3
#: Quadratic growth would be 64; linear, with the large page missing the cache, 16.
MAX_RATIO = 32
PROSE = "The council met on Tuesday and agreed the budget for the coming year, officials said."
_fresh = count()


def _word(i: int) -> str:
    """A word of letters naming `i`: lines stay unique without digits (which dates read)."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += ascii_lowercase[r]
        if not i:
            return letters


def _long_then_short(n: int, w: str) -> list[str]:
    # Prose first, so the short lines are body without being read as a late byline or date;
    # the long line has no full stop, so they carry on its sentence, to the one that ends it.
    long_line = f"{PROSE} {w} " * 20
    return [PROSE, PROSE, long_line, *(f"Short {_word(i)}" for i in range(n)), "The end."]


def _dated_header_then_short(n: int, w: str) -> list[str]:
    return [f"Port plans {w} approved", "2 days ago", *(f"menu {w} {_word(i)}" for i in range(n))]


def _broken_sentence(n: int, w: str) -> list[str]:
    # Lines too long to be read as dates, too few words to be prose, each carrying on the last.
    tail = " ".join(["harbourside"] * 14)
    return [f"The council {w} met and", *(f"Then {_word(i)} {tail} and" for i in range(n))]


def _headings_after_related(n: int, w: str) -> list[str]:
    headings = [f"Plain heading {w} {_word(i)} here" for i in range(n)]
    return [PROSE, "Related Articles", PROSE, *headings, PROSE]


def _teaser_boxes(n: int, w: str) -> list[str]:
    lines = [PROSE]
    for i in range(n // 3):
        lines += ["Related Articles", f"Teaser {w} {_word(i)} one", f"Teaser {w} {_word(i)} two"]
    return [*lines, PROSE]


def _related_articles(n: int, w: str) -> list[str]:
    lines = [f"Main story {w}", "2 days ago", PROSE, "Related Articles"]
    for i in range(n // 4):
        title = f"Related story {w} {_word(i)}"
        lines += [title, title, f"{PROSE} {_word(i)}", ""]
    return lines


SHAPES = [
    _long_then_short,
    _dated_header_then_short,
    _broken_sentence,
    _headings_after_related,
    _teaser_boxes,
    _related_articles,
]


def _seconds(shape, n: int) -> float:
    """The best time to strip and split the shape at `n` lines, each run on unseen lines (more
    runs for the small page, whose few hundredths of a second a busy machine disturbs most)."""
    best = float("inf")
    for _ in range(RUNS if n > SMALL else 3 * RUNS):
        text = "\n".join(shape(n, _word(next(_fresh) + 1000)))
        record = Record(id="x", source="page.txt", text=text)
        start = time.perf_counter()
        stripped = strip_record(record)
        if isinstance(stripped, Record):  # a page of menus only is rejected, at its own cost
            split_record(stripped)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", SHAPES, ids=[s.__name__.strip("_") for s in SHAPES])
def test_strip_grows_linearly(shape):
    small, large = _seconds(shape, SMALL), _seconds(shape, LARGE)
    assert large / small < MAX_RATIO, f"{LARGE} lines: {large:.3f} s, {SMALL}: {small:.3f} s"
