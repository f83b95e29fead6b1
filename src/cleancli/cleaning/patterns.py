"""The regular expressions of profiles, bounded and fast: RE2 where it can, line length and
pattern count capped, alternations split by first character, literal needles tested first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, Protocol

from cleancli.cleaning.literals import first_char, first_chars

if TYPE_CHECKING:
    from cleancli.cleaning.profiles import Rule

#: Patterns are tried on lines up to this long: furniture is never a long paragraph, and a long
#: line costs most to search.
MAX_PATTERN_LINE: Final = 400


MEMO_LINE: Final = 120


MEMO_SIZE: Final = 1 << 16


#: Regular expressions (patterns, inline, signatures) one profile file may hold, and a run's
#: profile files together: every line of every page is tried against them.
MAX_PATTERNS: Final = 1000


# Patterns RE2 tells apart in one call: reporting which matched costs RE2 time per group.
BLOCK: Final = 32


class Searcher(Protocol):
    def search(self, text: str) -> object: ...


def re2(pattern: str) -> Any:
    """A pattern compiled for RE2, ignoring case as profiles do. Raises `re2.error`."""
    import re2  # type: ignore[import-untyped]  # imported only when a user's profile is read

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    return re2.compile(pattern, options)


def re2_error() -> type[Exception]:
    import re2

    error: type[Exception] = re2.error
    return error


class Alternation:
    """Patterns on RE2 answering as the alternation `p0|p1|…` would: where its leftmost match
    starts and which pattern matched there (the first that does), in time linear in the text."""

    def __init__(self, patterns: list[tuple[int, str]]) -> None:
        """`patterns`: (its index in the profile, the pattern), in profile order."""
        self.patterns = patterns
        self._any = re2("|".join(f"(?:{p})" for _, p in patterns))
        # Asking one regex with a group per pattern which one matched costs RE2 time per group
        # and per match: blocks of a few, tried in order where the match starts, cost less.
        self._blocks = [
            re2("|".join(f"(?P<p{k}>{p})" for k, (_, p) in enumerate(patterns[i : i + BLOCK])))
            for i in range(0, len(patterns), BLOCK)
        ]

    def __reduce__(self) -> tuple[type[Alternation], tuple[list[tuple[int, str]]]]:
        return Alternation, (self.patterns,)  # compiled again where it is unpickled

    def first(self, text: str, *, anchored: bool) -> tuple[int, int] | None:
        """(start, index in the profile) of the leftmost match, or None."""
        m = self._any.match(text) if anchored else self._any.search(text)
        if m is None:
            return None
        start: int = m.start()
        for block, regex in enumerate(self._blocks):
            hit = regex.match(text, start)
            if hit is not None:
                return start, self.patterns[block * BLOCK + int(hit.lastgroup[1:])][0]
        raise AssertionError(text)  # the pattern that matched as one is in a block


class BoundedPatterns:
    """A user's profile's patterns on RE2, whose time is linear in the line: Python's `re`
    backtracks, and a pattern such as `(a+)+$` takes minutes on a 41-character line."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        """Raises `re2.error` when the patterns together are too large for RE2."""
        patterns = list(enumerate(p for rule in rules for p in rule.patterns))
        anchored = [(k, p) for k, p in patterns if p.startswith("^")]
        floating = [(k, p) for k, p in patterns if not p.startswith("^")]
        self._anchored = Alternation(anchored) if anchored else None
        self._floating = Alternation(floating) if floating else None
        inline = [p for rule in rules for p in rule.inline]
        self._inline = re2("|".join(f"(?:{p})" for p in inline)) if inline else None

    def first_anchored(self, text: str) -> int | None:
        """The index (in profile order) of the first pattern anchored with ^ that matches."""
        hit = self._anchored.first(text, anchored=True) if self._anchored else None
        return None if hit is None else hit[1]

    def leftmost(self, text: str) -> tuple[int, int] | None:
        """(start, index) of the leftmost match of the other patterns, the first there."""
        return self._floating.first(text, anchored=False) if self._floating else None

    def clean_inline(self, line: str) -> str:
        if self._inline is None:
            return line
        cleaned: str = self._inline.sub("", line)
        return cleaned.strip()


class FirstCharDispatch:
    """Patterns anchored at the line's start, answering as their alternation `p0|p1|…` would
    (the first in order that matches) but trying only those whose match may begin with the
    line's first character (`literals.first_chars`): a line starting "w" never tries "^share".
    One alternation is kept per first character met, up to `DISPATCH_CHARS` of them."""

    def __init__(self, patterns: list[tuple[int, str]]) -> None:
        """`patterns`: (its verdict's index, the pattern), in profile order."""
        self._patterns = [
            (f"(?P<r{k}>{pattern})", first_chars(pattern, re.IGNORECASE)) for k, pattern in patterns
        ]
        self._every = combine([grouped for grouped, _ in self._patterns])
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        # Most characters open no pattern's set: they share one alternation, compiled once.
        self._by_subset: dict[tuple[str, ...], re.Pattern[str] | None] = {}

    def match(self, text: str) -> re.Match[str] | None:
        char = first_char(text)
        regex = self._by_char.get(char, self._every)
        if char not in self._by_char and len(self._by_char) < DISPATCH_CHARS:
            subset = tuple(
                grouped for grouped, firsts in self._patterns if firsts is None or char in firsts
            )
            if subset not in self._by_subset:
                self._by_subset[subset] = combine(list(subset))
            regex = self._by_char[char] = self._by_subset[subset]
        return regex.match(text) if regex is not None else None


#: First characters given an alternation of their own; lines starting with others try all.
DISPATCH_CHARS: Final = 256


def group(m: re.Match[str]) -> int:
    """The index of the rule whose group `(?P<rN>…)` matched."""
    return int((m.lastgroup or "r")[1:])


class NeedleIndex:
    """The needles (`literals.needles`) of several patterns, tested on a line in one pass.

    A needle holding another ("photograph", "photo") is left to the shorter: a line holding it
    holds the shorter one too. Each pattern is then searched when the line holds one of the
    shorter needles standing for its own: never less often than its own needles would let it.
    """

    def __init__(self, needle_sets: list[frozenset[str] | None]) -> None:
        self.needles: frozenset[str] | None = None
        self._wants: list[frozenset[str] | None] = [None] * len(needle_sets)
        if any(found is None for found in needle_sets):
            return  # some pattern names no needle: every line is searched
        union = frozenset(n for found in needle_sets if found for n in found)
        shortest = sorted(n for n in union if not any(m != n and m in n for m in union))
        self.needles = frozenset(shortest)
        self._wants = [
            frozenset(next(m for m in shortest if m in n) for n in found or ())
            for found in needle_sets
        ]

    def held(self, folded: str) -> set[str] | None:
        """The needles a `fold_case`d line holds; None when every pattern must be searched."""
        return None if self.needles is None else {n for n in self.needles if n in folded}

    def wanted(self, k: int, held: set[str] | None) -> bool:
        """Whether pattern `k` is to be searched in a line that holds `held`."""
        wants = self._wants[k]
        return held is None or wants is None or not held.isdisjoint(wants)


def combine(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex for many, so a line is scanned once rather than once per rule."""
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
