"""The literal text a regular expression cannot match without: a quick `in` test before a search.

Rules are searched through every line, and most lines match none of them. Python's `re` tries
each alternative at each position of the line (about 40 µs for a 200-character line against
the general profile's floating rules), while testing a line for the few words each rule must
contain takes about a microsecond. `needles` reads those words off the parsed pattern: for a
sequence, its most selective literal run or group; for an alternation, the union of its
branches'. The test may let through a line the pattern then fails to match, never the reverse
(`tests/test_literals.py` checks it character by character against `re.IGNORECASE`).
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any, Final

# `re`'s own parser (Python 3.11+), which typeshed does not describe.
_parser: Any = import_module("re._parser")
sre: Any = import_module("re._constants")
_REPEATS: Final = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def fold_case(text: str) -> str:
    """`text` as the needles are written: casefolded, with dotless ı as i (`re.IGNORECASE` takes
    them for one letter; `str.casefold` does not)."""
    folded = text.casefold()
    return folded if folded.isascii() else folded.replace("ı", "i")


def holds_any(folded: str, needles: frozenset[str]) -> bool:
    """Whether a `fold_case`d text holds one of `needles`."""
    return any(needle in folded for needle in needles)


def needles(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Case-folded strings (`fold_case`) of which every match of `pattern` contains one; None
    when the pattern names none (or cannot be parsed), so it must be searched."""
    try:
        parsed = _parser.parse(pattern, flags)
    except (re.error, RecursionError, ValueError):
        return None
    return _sequence(list(parsed))


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The most selective needles of a sequence: any one element must match for it to."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        best = _better(best, _run(run))
        run = []
        best = _better(best, _element(op, arg))
    return _better(best, _run(run))


def _run(chars: list[str]) -> frozenset[str] | None:
    """A run of literal characters as a needle; none if it is only spaces, which every line
    of more than one word holds."""
    text = "".join(chars)
    return frozenset({fold_case(text)}) if text.strip() else None


def _element(op: Any, arg: Any) -> frozenset[str] | None:
    if op is sre.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is sre.BRANCH:
        return _all_or_none([_sequence(list(branch)) for branch in arg[1]])
    if op in _REPEATS and arg[0] >= 1:
        return _sequence(list(arg[2]))
    return None


def _all_or_none(found: list[frozenset[str] | None]) -> frozenset[str] | None:
    """The union of an alternation's branches' sets; None if one branch's is unknown."""
    if any(one is None for one in found):
        return None
    return frozenset().union(*(one for one in found if one is not None))


def first_char(text: str) -> str:
    """The first character of `text`'s `fold_case`, as `first_chars` gives them; "" if empty."""
    return fold_case(text[:1])[:1]


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The `first_char`s a match of `pattern` (anchored at a line's start) may begin with; None
    when they cannot be told (a class such as \\S, an optional start), so it must be tried."""
    try:
        parsed = _parser.parse(pattern, flags)
    except (re.error, RecursionError, ValueError):
        return None
    return _first_of(list(parsed))


_ZERO_WIDTH: Final = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
#: A class's range is listed letter by letter up to this many characters.
_RANGE_LIMIT: Final = 512


def _first_of(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return frozenset({first_char(chr(arg))})
        if op is sre.IN:
            return _class_firsts(arg)
        if op is sre.SUBPATTERN:
            return _first_of(list(arg[-1]))
        if op is sre.BRANCH:
            return _all_or_none([_first_of(list(branch)) for branch in arg[1]])
        if op in _REPEATS and arg[0] >= 1:
            return _first_of(list(arg[2]))
        return None
    return None  # a pattern that may match nothing


def _class_firsts(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    found: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            found.add(first_char(chr(arg)))
        elif op is sre.RANGE and arg[1] - arg[0] < _RANGE_LIMIT:
            found.update(first_char(chr(c)) for c in range(arg[0], arg[1] + 1))
        else:  # a negated class, a category, a wide range
            return None
    return frozenset(found)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two needle sets: the longer shortest needle, then fewer needles."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


class Prefiltered:
    """A compiled pattern that skips its search when the text holds none of its needles.

    `search` and `sub` behave as the compiled pattern's do.
    """

    __slots__ = ("needles", "regex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        self.needles = needles(pattern, flags)

    def may_match(self, text: str, folded: str | None = None) -> bool:
        """Whether `text` holds a needle; `folded`: its `fold_case`, when already made."""
        if self.needles is None:
            return True
        return holds_any(fold_case(text) if folded is None else folded, self.needles)

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        return self.regex.search(text) if self.may_match(text, folded) else None

    def sub(self, replacement: str, text: str) -> str:
        return self.regex.sub(replacement, text) if self.may_match(text) else text
