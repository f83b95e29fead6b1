"""What the line model sees of a line: its shape and the shape of the lines around it.

Every feature is general (no word lists, no site names), so that the model carries to sites
and languages it was not trained on: how long a line is and how it ends, its case, digits and
punctuation, whether it reads as prose, repeats elsewhere on the page or carries on the line
above, where it stands on the page, and the same facts of its neighbours. Blank lines are
not lines here: neighbours are the nearest lines with text, and a blank before or after a line
is a feature of it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import accumulate
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.lines import ends_sentence, is_prose, words
from cleancli.cleaning.memo import LineMemo

if TYPE_CHECKING:
    from collections.abc import Container

    import numpy as np
    from numpy.typing import NDArray

_DOMAIN: Final = re.compile(r"\.(?:com|org|net|co|io|gov|edu|info)\b")
# A year (1800-2099), a time (9:30) or a day and month (12.05, 3/4), as whole numbers. Written
# to start with a digit, so that the regex engine skips to digits rather than trying every
# position: `\d(?<!\w\d)` is a digit with no word character before it.
_TIME_OR_YEAR: Final = re.compile(
    r"\d(?<!\w\d)(?:(?<=1)[89]\d\d|(?<=2)0\d\d|\d?:\d\d|\d?[./-]\d\d?)\b"
)
_SEPARATORS: Final = re.compile(r"[|»›·•/]")
_BULLETS: Final = frozenset("•·▪●◦‣∙*–—-|>»›#")
_LOG_CAP: Final = 6.0
_MARK: Final = re.compile(r"[^\w\s]")
_ASCII_DIGITS: Final = bytes(range(ord("0"), ord("9") + 1))
_ASCII_CAPITALS: Final = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_MARKS: Final = bytes(c for c in range(128) if _MARK.match(chr(c)) or chr(c) == "_")
#: Capitals to "A", spaces kept, all else to "x": a capitalised word starts at " A".
_CAPITAL_OR_SPACE: Final = bytes(
    ord("A") if c in _ASCII_CAPITALS else c if c == ord(" ") else ord("x") for c in range(256)
)
_DIGIT: Final = re.compile(r"\d")
_SAMPLE: Final = 200

#: Features of a line by itself.
OWN: Final = (
    "log_words",
    "log_chars",
    "ends_sentence",
    "ends_full_stop",
    "ends_colon",
    "ends_question",
    "ends_alnum",
    "starts_lower",
    "starts_upper",
    "starts_digit",
    "starts_bullet",
    "upper_share",
    "digit_share",
    "punct_share",
    "capitalised_share",
    "commas_per_word",
    "mean_word_length",
    "prose",
    "headline",
    "url",
    "time_or_year",
    "separators",
    "copyright",
    "repeats",
    "continues",
)
#: Features of the nearest lines with text above (-) and below (+).
_NEAR: Final = (-3, -2, -1, 1, 2, 3)  # unrolled in `page_features`
_NEAR_OWN: Final = ("log_words", "ends_sentence", "prose", "starts_lower", "headline")
#: Features of a line's place on the page.
PLACE: Final = (
    "position",
    "log_from_top",
    "log_from_bottom",
    "blank_before",
    "blank_after",
    "prose_share_around",
    "mean_log_words_around",
    "log_to_prose_above",
    "log_to_prose_below",
    "inside_prose_region",
    "log_prose_above",
    "log_prose_below",
    "log_short_run",
    "page_log_lines",
    "page_prose_share",
)
NAMES: Final = (
    *OWN,
    *(f"{name}@{d:+d}" for d in _NEAR for name in _NEAR_OWN),
    *PLACE,
)
_NEAR_AT: Final = [OWN.index(name) for name in _NEAR_OWN]
_ENDS: Final = OWN.index("ends_sentence")
_STARTS_LOWER: Final = OWN.index("starts_lower")
_PROSE: Final = OWN.index("prose")
_AROUND: Final = 5
_SHORT: Final = math.log1p(4)  # log_words of a line of four words


def _log(n: float) -> float:
    """log(1 + n), capped at `_LOG_CAP`; whole numbers (most of what is logged) from a table."""
    if n < len(_LOGS) and n == int(n):
        return _LOGS[int(n)]
    return min(math.log1p(n), _LOG_CAP)


_LOGS: Final = [min(math.log1p(i), _LOG_CAP) for i in range(1024)]


def _first_letter_case(line: str) -> tuple[float, float]:
    for ch in line:
        if ch.isalpha():
            return float(ch.islower()), float(ch.isupper())
    return 0.0, 0.0


def _measure(line: str) -> tuple[float, ...]:
    n = words(line)
    chars = len(line)
    head = line[:_SAMPLE]
    sampled = len(head)
    spaces = head.count(" ")
    if head.isascii():
        digits, punct, upper, capitalised = _ascii_counts(head)
    else:
        digits = len(_DIGIT.findall(head))
        punct = len(_MARK.findall(head)) + head.count("_")
        upper = sum(map(str.isupper, head))
        capitalised = sum(t[:1].isupper() for t in head.split(" "))
    letters = sampled - digits - spaces - punct
    tokens = spaces + 1
    last = line[-1]
    lower, upper_first = _first_letter_case(line)
    prose = is_prose(line)
    # `text.is_headline`, with the prose test already made
    headline = (
        0 < n <= 30
        and chars <= 250
        and not prose
        and not (last == "." and not line.endswith("..."))
    )
    return (
        _log(n),
        _log(chars),
        float(ends_sentence(line)),
        float(last == "."),
        float(last == ":"),
        float(last == "?"),
        float(last.isalnum()),
        lower,
        upper_first,
        float(line[0].isdigit()),
        float(line[0] in _BULLETS),
        upper / letters if letters else 0.0,
        digits / sampled,
        punct / sampled,
        capitalised / tokens,
        head.count(",") / tokens,
        (sampled - spaces) / tokens,
        float(prose),
        float(headline),
        float("://" in head or "www." in head or "@" in head or bool(_DOMAIN.search(head))),
        float(bool(digits and _TIME_OR_YEAR.search(head))),
        float(_separators(head)),
        float("©" in head),
    )


def _separators(head: str) -> int:
    """How many of `_SEPARATORS` a text holds (ASCII has two of them, counted in C)."""
    if head.isascii():
        return head.count("|") + head.count("/")
    return len(_SEPARATORS.findall(head))


def _ascii_counts(head: str) -> tuple[int, int, int, int]:
    """Digits, marks (with "_"), capitals and capitalised words of an ASCII text, counted by
    deleting or mapping bytes in C: the same counts as the regexes of the general case, at a
    fifth of their cost on a line of prose."""
    data = head.encode("ascii")
    n = len(data)
    shape = data.translate(_CAPITAL_OR_SPACE)
    return (
        n - len(data.translate(None, _ASCII_DIGITS)),
        n - len(data.translate(None, _ASCII_MARKS)),
        n - len(data.translate(None, _ASCII_CAPITALS)),
        shape.count(b" A") + shape.startswith(b"A"),
    )


# The features of a line's text alone; short lines (menus, chrome) recur from page to page of
# a site, so theirs are remembered.
_SHAPES: Final = LineMemo(_measure, longest=120, size=50_000)


def page_features(
    lines: list[str], only: Container[int] | None = None
) -> tuple[list[int], NDArray[np.float64]]:
    """The feature rows of a page's non-blank lines, in `NAMES` order.

    `lines` are folded (`text.fold`); `only` keeps the rows of those line indices (context is
    read from the whole page all the same). Returns the indices of the lines with text kept
    and an array of shape (those lines, len(NAMES)). Time is linear in the page.
    """
    import numpy as np

    at = [i for i, line in enumerate(lines) if line]
    if not at:
        return at, np.zeros((0, len(NAMES)))
    context = _Context(lines, at, _own_rows(lines, at))
    picked = range(len(at)) if only is None else [k for k, i in enumerate(at) if i in only]
    rows = [context.row(k) for k in picked]
    kept = at if only is None else [at[k] for k in picked]
    return kept, np.asarray(rows, dtype=np.float64).reshape(len(kept), len(NAMES))


def _own_rows(lines: list[str], at: list[int]) -> list[list[float]]:
    """What each non-blank line shows by itself: its shape, how often the page repeats it,
    and whether it carries on a line that does not end a sentence."""
    # Shares of characters and words are taken over a line's first `_SAMPLE` characters: a
    # long line is prose whatever its tail holds, and the cost of a line stays bounded.
    keys = [lines[i].casefold() for i in at]
    counts = Counter(keys)
    own_rows: list[list[float]] = []
    ends = 1.0  # the first line carries on nothing
    for i, folded in zip(at, keys, strict=True):
        shape = _SHAPES(lines[i])
        carries = 0.0 if ends or not shape[_STARTS_LOWER] else 1.0
        own_rows.append([*shape, float(min(counts[folded] - 1, 3)), carries])
        ends = shape[_ENDS]
    return own_rows


class _Context:
    """A page's lines in their context: neighbours, position, the prose around each line.

    In plain Python: pages are a few dozen lines, for which numpy's cost per call would
    outweigh its speed per element. Every count logged is a whole number under n + 1, read
    from a table.
    """

    def __init__(self, lines: list[str], at: list[int], own_rows: list[list[float]]) -> None:
        n = len(at)
        self.lines, self.at, self.own_rows, self.n = lines, at, own_rows, n
        self.logs = _LOGS if n < len(_LOGS) else [*_LOGS, *[_LOG_CAP] * (n + 1 - len(_LOGS))]
        prose = [int(row[_PROSE]) for row in own_rows]
        self.prose_sum = list(accumulate(prose, initial=0))
        self.words_sum = list(accumulate((row[0] for row in own_rows), initial=0.0))
        self.above = _nearest(prose, range(n))
        self.below = _nearest(prose, range(n - 1, -1, -1))
        self.first = prose.index(1) if 1 in prose else n
        self.last = n - 1 - prose[::-1].index(1) if 1 in prose else -1
        self.runs = _short_runs(own_rows, n)
        self.total = self.prose_sum[-1]
        self.page = (self.logs[n], self.total / n)
        padding = [-1.0] * len(_NEAR_AT)
        self.near = [padding] * 3 + [[row[f] for f in _NEAR_AT] for row in own_rows] + [padding] * 3

    def row(self, k: int) -> list[float]:
        """The feature row of the `k`th non-blank line, in `NAMES` order."""
        lines, logs, near, n = self.lines, self.logs, self.near, self.n
        prose_sum, words_sum = self.prose_sum, self.words_sum
        i = self.at[k]
        lo, hi = max(k - _AROUND, 0), min(k + _AROUND + 1, n)
        up, down = self.above[k], self.below[k]
        return [
            *self.own_rows[k],
            *near[k],
            *near[k + 1],
            *near[k + 2],
            *near[k + 4],
            *near[k + 5],
            *near[k + 6],
            k / max(n - 1, 1),
            logs[k],
            logs[n - 1 - k],
            float(i == 0 or not lines[i - 1]),
            float(i + 1 >= len(lines) or not lines[i + 1]),
            (prose_sum[hi] - prose_sum[lo]) / (hi - lo),
            (words_sum[hi] - words_sum[lo]) / (hi - lo),
            _LOG_CAP if up is None else logs[k - up],
            _LOG_CAP if down is None else logs[down - k],
            float(self.first <= k <= self.last),
            logs[prose_sum[k]],
            logs[self.total - prose_sum[k + 1]],
            logs[self.runs[k]],
            *self.page,
        ]


def _nearest(prose: list[int], order: range) -> list[int | None]:
    """For each line, the last prose line met before it walking in `order` (None if none)."""
    found: list[int | None] = [None] * len(prose)
    last: int | None = None
    for k in order:
        found[k] = last
        if prose[k]:
            last = k
    return found


def _short_runs(own: list[list[float]], n: int) -> list[int]:
    """For each line, the length of the run of short non-prose lines it stands in (0 if it is
    not one): menus, tag lists and share rows are long runs of them."""
    short = [row[0] <= _SHORT and not row[_PROSE] for row in own]
    runs = [0] * n
    k = 0
    while k < n:
        if not short[k]:
            k += 1
            continue
        end = k
        while end < n and short[end]:
            end += 1
        for j in range(k, end):
            runs[j] = end - k
        k = end
    return runs
