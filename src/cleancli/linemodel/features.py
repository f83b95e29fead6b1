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
from typing import TYPE_CHECKING, Any, Final

from cleancli.text import ends_sentence, is_prose, words

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_DOMAIN: Final = re.compile(r"\.(?:com|org|net|co|io|gov|edu|info)\b")
_TIME_OR_YEAR: Final = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b|\b\d{1,2}[./-]\d{1,2}\b")
_SEPARATORS: Final = re.compile(r"[|»›·•/]")
_BULLETS: Final = frozenset("•·▪●◦‣∙*–—-|>»›#")
_LOG_CAP: Final = 6.0
_MARK: Final = re.compile(r"[^\w\s]")
_ASCII_CAPITALISED: Final = re.compile("(?:^| )[A-Z]")
_ASCII_UPPER: Final = re.compile("[A-Z]")
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
_NEAR: Final = (-3, -2, -1, 1, 2, 3)
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
_PROSE: Final = OWN.index("prose")
_AROUND: Final = 5


def _log(n: float) -> float:
    return min(math.log1p(n), _LOG_CAP)


def _first_letter_case(line: str) -> tuple[float, float]:
    for ch in line:
        if ch.isalpha():
            return float(ch.islower()), float(ch.isupper())
    return 0.0, 0.0


def own_features(line: str, repeats: int, continues: bool) -> list[float]:
    """The `OWN` features of one folded, non-blank line. Shares of characters and words are
    taken over its first `_SAMPLE` characters: a long line is prose whatever its tail holds,
    and the cost of a line stays bounded."""
    n = words(line)
    chars = len(line)
    head = line[:_SAMPLE]
    sampled = len(head)
    # Counted by what is rare in a line (digits, marks, capitals), so prose costs little.
    digits = len(_DIGIT.findall(head))
    spaces = head.count(" ")
    punct = len(_MARK.findall(head)) + head.count("_")
    letters = sampled - digits - spaces - punct
    tokens = head.count(" ") + 1
    if head.isascii():
        upper = len(_ASCII_UPPER.findall(head))
        capitalised = len(_ASCII_CAPITALISED.findall(head))
    else:
        upper = sum(map(str.isupper, head))
        capitalised = sum(t[:1].isupper() for t in head.split(" "))
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
    return [
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
        float(len(_SEPARATORS.findall(head))),
        float("©" in head),
        float(min(repeats, 3)),
        float(continues),
    ]


def page_features(lines: list[str]) -> tuple[list[int], NDArray[np.float64]]:
    """The feature rows of a page's non-blank lines, in `NAMES` order.

    `lines` are folded (`text.fold`); returns the indices of the lines with text and an array
    of shape (those lines, len(NAMES)). A line's own features are read in Python, the context
    with numpy; time is linear in the page.
    """
    import numpy as np

    at = [i for i, line in enumerate(lines) if line]
    texts = [lines[i] for i in at]
    n = len(texts)
    if not n:
        return at, np.zeros((0, len(NAMES)))
    counts = Counter(t.casefold() for t in texts)
    own_rows = []
    previous = ""
    for text in texts:
        carries = bool(previous) and not ends_sentence(previous) and _starts_lower(text)
        own_rows.append(own_features(text, counts[text.casefold()] - 1, carries))
        previous = text
    own = np.asarray(own_rows, dtype=np.float64)
    near = own[:, _NEAR_AT]
    shifted = []
    for d in _NEAR:
        moved = np.full_like(near, -1.0)
        if d < 0 and n > -d:
            moved[-d:] = near[:d]
        elif d > 0 and n > d:
            moved[:-d] = near[d:]
        shifted.append(moved)
    k = np.arange(n, dtype=np.float64)
    prose = own[:, _PROSE]
    prose_sum = np.concatenate(([0.0], np.cumsum(prose)))
    words_sum = np.concatenate(([0.0], np.cumsum(own[:, 0])))
    lo = np.maximum(np.arange(n) - _AROUND, 0)
    hi = np.minimum(np.arange(n) + _AROUND + 1, n)
    width = hi - lo
    is_prose_at = np.flatnonzero(prose)
    # The nearest prose line above (strictly) and below each line, as a distance in lines.
    if is_prose_at.size:
        pos = np.searchsorted(is_prose_at, np.arange(n), side="left")
        above = np.where(pos > 0, k - is_prose_at[np.maximum(pos - 1, 0)], np.inf)
        after = np.searchsorted(is_prose_at, np.arange(n), side="right")
        nearest_below = is_prose_at[np.minimum(after, is_prose_at.size - 1)]
        below = np.where(after < is_prose_at.size, nearest_below - k, np.inf)
        inside = (k >= is_prose_at[0]) & (k <= is_prose_at[-1])
    else:
        above = below = np.full(n, np.inf)
        inside = np.zeros(n, dtype=bool)
    blank_before = np.array([i == 0 or not lines[i - 1] for i in at], dtype=np.float64)
    blank_after = np.array([i + 1 >= len(lines) or not lines[i + 1] for i in at], dtype=np.float64)
    place = np.column_stack(
        [
            k / max(n - 1, 1),
            _logs(k),
            _logs(n - 1 - k),
            blank_before,
            blank_after,
            (prose_sum[hi] - prose_sum[lo]) / width,
            (words_sum[hi] - words_sum[lo]) / width,
            _logs(above),
            _logs(below),
            inside.astype(np.float64),
            _logs(prose_sum[:-1]),
            _logs(prose_sum[-1] - prose_sum[1:]),
            _logs(_short_runs(own, n)),
            np.full(n, _log(n)),
            np.full(n, prose_sum[-1] / n),
        ]
    )
    return at, np.hstack([own, *shifted, place])


def _logs(values: Any) -> NDArray[np.float64]:
    """`_log` of each value (infinite ones capped too)."""
    import numpy as np

    result: NDArray[np.float64] = np.minimum(np.log1p(np.minimum(values, 1e9)), _LOG_CAP)
    return result


def _short_runs(own: NDArray[np.float64], n: int) -> list[int]:
    """For each line, the length of the run of short non-prose lines it stands in (0 if it is
    not one): menus, tag lists and share rows are long runs of them."""
    short = ((own[:, 0] <= math.log1p(4)) & (own[:, _PROSE] == 0)).tolist()
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


def _starts_lower(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.islower()
    return False
