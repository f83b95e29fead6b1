"""Profiles compiled into the `RuleSet` strip asks of every line, and the choice of rule set for
a page (`select`): the built-in general profile, site profiles recognised by host or
signature lines, and the user's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.lines import key
from cleancli.cleaning.literals import fold_case, needles
from cleancli.cleaning.memo import LineMemo
from cleancli.cleaning.patterns import (
    MAX_PATTERN_LINE,
    MEMO_LINE,
    MEMO_SIZE,
    BoundedPatterns,
    FirstCharDispatch,
    NeedleIndex,
    group,
)
from cleancli.cleaning.profiles import GENERAL, Profile, RuleRole, builtin_profiles

if TYPE_CHECKING:
    from cleancli.cleaning.published import DateOrder


@dataclass(frozen=True, slots=True)
class Verdict:
    role: RuleRole
    why: str


#: What may trail a "Read more" link: "Read more »", "Continue reading…".
LINK_TAIL: Final = " .…»›→>"


class RuleSet:
    """The rules of several profiles compiled once: an exact-line table, one combined regex for
    the built-ins' patterns and the RE2 patterns of each user's profile.

    A line gets the verdict one alternation of every pattern would give it: a pattern anchored
    with ^ first, the earliest in profile order; else the leftmost match, the earliest there.
    """

    def __init__(self, profiles: tuple[Profile, ...]) -> None:
        self.profiles = profiles
        self.date_order: DateOrder | None = None
        self.site: str | None = None
        for profile in profiles:
            if profile.name != GENERAL:
                self.date_order = profile.date_order
                self.site = self.site or profile.site
        self._exact: dict[str, Verdict] = {}
        #: A user's profiles' whole lines: they and the user's patterns are tried first.
        self._user_exact: dict[str, Verdict] = {}
        self._verdicts: list[Verdict] = []
        #: (index of its first verdict, its patterns) for each user's profile.
        self._bounded: list[tuple[int, BoundedPatterns]] = []
        anchored: list[tuple[int, str]] = []  # tried at the line's start only: most rules
        # Searched through the line, each on its own: a quick test of the words it needs (most
        # lines hold none) decides which are searched at all.
        floating: list[tuple[int, str]] = []
        inline: list[str] = []
        disabled = {rule_id for profile in profiles for rule_id in profile.disable}
        link_words: set[str] | None = set()
        # A user's profiles come first, so their rules override the built-ins' on the same line.
        for profile in sorted(profiles, key=lambda p: p.bounded is None):
            if profile.bounded is not None:
                self._bounded.append((len(self._verdicts), profile.bounded))
            for rule in profile.rules:
                verdict = Verdict(rule.role, f"{profile.name}:{rule.name}")
                if verdict.why in disabled:
                    verdict = Verdict("keep", verdict.why + " (disabled)")
                for line in rule.lines:
                    exact = self._exact if profile.bounded is None else self._user_exact
                    exact.setdefault(key(line), verdict)
                if rule.role == "link-marker" and link_words is not None:
                    ends = [key(line).rsplit(" ", 1)[-1].rstrip(LINK_TAIL) for line in rule.lines]
                    known = not rule.patterns and all(ends)
                    link_words = link_words | set(ends) if known else None
                for pattern in rule.patterns:
                    if profile.bounded is None and pattern.startswith("^"):
                        anchored.append((len(self._verdicts), pattern))
                    elif profile.bounded is None:
                        floating.append((len(self._verdicts), pattern))
                    self._verdicts.append(verdict)
                if profile.bounded is None and verdict.role != "keep":
                    inline.extend(rule.inline)
        #: The last words of every "Read more" line the rules know (ignoring case and a trailing
        #: ". … » ›"); None when a link-marker rule has patterns, so any word may end one.
        self.link_words = None if link_words is None else frozenset(link_words)
        self._anchored = FirstCharDispatch(anchored) if anchored else None
        self._floating = [(k, re.compile(p, re.IGNORECASE)) for k, p in floating]
        # Every floating pattern's needles at once: most lines hold none, and are done.
        self._floating_needles = NeedleIndex([needles(p, re.IGNORECASE) for _, p in floating])
        # Each searched on its own behind its words: one alternation of them all would try
        # every pattern at every place of every line that holds one pattern's word.
        self._inline = [re.compile(p, re.IGNORECASE) for p in inline]
        self._inline_needles = NeedleIndex([needles(p, re.IGNORECASE) for p in inline])
        self._memo = LineMemo(self._verdict, longest=MEMO_LINE, size=MEMO_SIZE)

    def line_verdict(self, folded: str) -> Verdict | None:
        """What the rules' whole lines (`lines = [...]`) say of a line, patterns aside."""
        folded_key = folded.casefold()
        return self._user_exact.get(folded_key) or self._exact.get(folded_key)

    def verdict(self, folded: str) -> Verdict | None:
        """What the rules say of a whitespace-folded line, or None if no rule knows it.

        Short lines (menus, labels, furniture) repeat from page to page, so their verdicts are
        remembered; long ones are prose, seen once.
        """
        return self._memo(folded)

    def _verdict(self, folded: str) -> Verdict | None:
        """A user's rules decide first (lines, then patterns), then the built-ins'."""
        folded_key = folded.casefold()
        hit = self._user_exact.get(folded_key)
        if hit is not None:
            return hit
        patterns = len(folded) <= MAX_PATTERN_LINE
        if patterns and self._bounded:
            found = self._user_pattern(folded)
            if found is not None:
                return self._verdicts[found]
        hit = self._exact.get(folded_key)
        if hit is not None or not patterns:
            return hit
        found = self._pattern(folded)
        return None if found is None else self._verdicts[found]

    def _user_pattern(self, text: str) -> int | None:
        """The index of the user's pattern that decides a line: anchored first, then leftmost."""
        anchored = [
            offset + k
            for offset, bounded in self._bounded
            if (k := bounded.first_anchored(text)) is not None
        ]
        if anchored:
            return min(anchored)
        floating = [
            (hit[0], offset + hit[1])
            for offset, bounded in self._bounded
            if (hit := bounded.leftmost(text)) is not None
        ]
        return min(floating)[1] if floating else None

    def _pattern(self, text: str) -> int | None:
        """The index of the pattern that decides a line, if one matches."""
        m = self._anchored.match(text) if self._anchored else None
        first = None if m is None else group(m)
        for offset, bounded in self._bounded:
            k = bounded.first_anchored(text)
            if k is not None and (first is None or offset + k < first):
                first = offset + k
        if first is not None:
            return first
        # The leftmost match, the earliest rule at that place: what one alternation would give.
        leftmost: tuple[int, int] | None = None
        index = self._floating_needles
        held = index.held(fold_case(text)) if self._floating else set()
        for n, (k, pattern) in enumerate(self._floating if held is None or held else ()):
            if not index.wanted(n, held):
                continue
            found = pattern.search(text)
            if found is not None and (leftmost is None or (found.start(), k) < leftmost):
                leftmost = found.start(), k
        for offset, bounded in self._bounded:
            hit = bounded.leftmost(text)
            if hit is not None and (leftmost is None or (hit[0], offset + hit[1]) < leftmost):
                leftmost = hit[0], offset + hit[1]
        return None if leftmost is None else leftmost[1]

    def clean_inline(self, line: str) -> str:
        """A body line with what inline patterns match cut out: the built-ins', then each user
        profile's in turn."""
        if self._inline:
            index = self._inline_needles
            held = index.held(fold_case(line))
            for n, pattern in enumerate(self._inline if held is None or held else ()):
                if index.wanted(n, held):
                    line = pattern.sub("", line)
            line = line.strip()
        for _, bounded in self._bounded:
            line = bounded.clean_inline(line)
        return line


_RULESETS: dict[tuple[int, ...], RuleSet] = {}


def ruleset_for(profiles: tuple[Profile, ...]) -> RuleSet:
    """The rule set of these profiles, made once: kept by the profiles' identity, which costs
    nothing to hash, where their value would be hashed rule by rule for every page. The rule
    set holds its profiles, so no identity is reused while it is kept."""
    key = tuple(map(id, profiles))
    found = _RULESETS.get(key)
    if found is None:
        found = _RULESETS[key] = RuleSet(profiles)
    return found


def select(
    text: str, host: str | None, *, extra: tuple[Profile, ...] = (), auto: bool = True
) -> RuleSet:
    """The rule set for one page: `general`, the built-ins that recognise it, and `extra`."""
    chosen = [p for p in builtin_profiles() if p.name == GENERAL]
    if auto:
        folded = fold_case(text)
        chosen += [
            p for p in builtin_profiles() if p.name != GENERAL and p.matches(text, host, folded)
        ]
    chosen += [p for p in extra if p not in chosen]
    return ruleset_for(tuple(chosen))
