"""Cleaning knowledge as data: site profiles in TOML, validated, merged into one rule set.

A profile says what is particular to a site (its furniture, its related-section markers, its
date order) and how to recognise its pages (hosts, signature lines). The `general` profile holds
page chrome common to many sites and always applies. Every rule has a name, so a line's `why`
says which profile and rule removed it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, get_args

from cleancli.cleaning.lines import key
from cleancli.cleaning.literals import Prefiltered, first_char, first_chars, fold_case, needles
from cleancli.cleaning.memo import LineMemo
from cleancli.errors import UsageError

if TYPE_CHECKING:
    from cleancli.cleaning.published import DateOrder

RuleRole = Literal["furniture", "related-marker", "link-marker", "end-marker", "keep"]
_ROLES: Final = frozenset(get_args(RuleRole))
_ORDERS: Final = frozenset(("DMY", "MDY", "YMD"))
GENERAL: Final = "general"
#: Patterns are tried on lines up to this long: furniture is never a long paragraph, and a long
#: line costs most to search.
MAX_PATTERN_LINE: Final = 400
_MEMO_LINE: Final = 120
_MEMO_SIZE: Final = 1 << 16
#: Regular expressions (patterns, inline, signatures) one profile file may hold, and a run's
#: profile files together: every line of every page is tried against them.
MAX_PATTERNS: Final = 1000
# Patterns RE2 tells apart in one call: reporting which matched costs RE2 time per group.
_BLOCK: Final = 32


class _Searcher(Protocol):
    def search(self, text: str) -> object: ...


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    role: RuleRole
    lines: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    #: Patterns cut out of body lines (a credit glued to the first sentence).
    inline: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    origin: str
    site: str | None = None
    hosts: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    date_order: DateOrder | None = None
    rules: tuple[Rule, ...] = ()
    #: Built-in rules this profile switches off, as "profile:rule" (`why` names them so).
    disable: tuple[str, ...] = ()
    _signature_re: _Searcher | None = field(default=None, compare=False, repr=False)
    #: A user's profile: its patterns compiled for RE2. None for a built-in, whose patterns run
    #: on Python's `re` (their \b, \d, \w and \s are Unicode-aware; RE2's are ASCII).
    bounded: BoundedPatterns | None = field(default=None, compare=False, repr=False)

    @property
    def pattern_count(self) -> int:
        """Its regular expressions: patterns, inline patterns and signatures."""
        rules = sum(len(rule.patterns) + len(rule.inline) for rule in self.rules)
        return rules + len(self.signatures)

    def matches(self, text: str, host: str | None, folded: str | None = None) -> bool:
        """Whether the profile recognises a page by its host or a signature in its text;
        `folded`: the text's `literals.fold_case`, when already made."""
        if host and any(host == h or host.endswith("." + h) for h in self.hosts):
            return True
        if isinstance(self._signature_re, Prefiltered):
            return self._signature_re.search(text, folded) is not None
        return bool(self._signature_re and self._signature_re.search(text))


class ProfileError(UsageError):
    def __init__(self, origin: str, where: str, problem: str) -> None:
        super().__init__(f"profile {origin}: {where}: {problem}")


def _strings(value: Any, origin: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(origin, where, "must be a list of strings")
    return tuple(value)


def _regexes(value: Any, origin: str, where: str, *, builtin: bool, seen: int) -> tuple[str, ...]:
    """Checked patterns; `seen`: how many the profile held before these."""
    patterns = _strings(value, origin, where)
    if seen + len(patterns) > MAX_PATTERNS:
        raise ProfileError(
            origin,
            f"{where}[{MAX_PATTERNS - seen}]",
            f"more than {MAX_PATTERNS} regular expressions in one profile",
        )
    for i, pattern in enumerate(patterns):
        try:
            groups = re.compile(pattern).groupindex if builtin else _re2(pattern).groupindex
        except re.error as exc:
            raise ProfileError(origin, f"{where}[{i}]", f"bad regular expression: {exc}") from exc
        except _re2_error() as exc:
            problem = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
            raise ProfileError(
                origin,
                f"{where}[{i}]",
                f"bad regular expression (RE2 syntax: no look-around or back-references): "
                f"{problem}",
            ) from exc
        if groups or (pattern.startswith("(?") and pattern[2:3].isalpha()):
            raise ProfileError(
                origin, f"{where}[{i}]", "no named groups or leading flags (matching ignores case)"
            )
    return patterns


def _check_keys(table: dict[str, Any], allowed: set[str], origin: str, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ProfileError(
            origin, f"{where}{unknown[0]}", f"unknown key (allowed: {', '.join(sorted(allowed))})"
        )


def parse_profile(data: dict[str, Any], origin: str, *, builtin: bool = False) -> Profile:
    """A validated profile from parsed TOML; a problem names the file, the key and what is wrong.

    `builtin`: shipped with cleancli, so its patterns run on Python's `re`; anyone else's run on
    RE2 (time linear in the line, RE2 syntax). At most `MAX_PATTERNS` regular expressions.
    Raises ProfileError.
    """
    _check_keys(data, {"profile", "rules"}, origin, "")
    head = data.get("profile")
    if not isinstance(head, dict):
        raise ProfileError(origin, "profile", "missing table [profile]")
    _check_keys(
        head, {"name", "site", "hosts", "signatures", "date_order", "disable"}, origin, "profile."
    )
    name = head.get("name")
    if not isinstance(name, str) or not name:
        raise ProfileError(origin, "profile.name", "must be a non-empty string")
    site = head.get("site")
    if site is not None and not isinstance(site, str):
        raise ProfileError(origin, "profile.site", "must be a string")
    order = head.get("date_order")
    if order is not None and order not in _ORDERS:
        raise ProfileError(origin, "profile.date_order", f"must be one of {sorted(_ORDERS)}")
    seen = 0

    def regexes(value: Any, where: str) -> tuple[str, ...]:
        nonlocal seen
        found = _regexes(value, origin, where, builtin=builtin, seen=seen)
        seen += len(found)
        return found

    signatures = regexes(head.get("signatures"), "profile.signatures")
    rules: list[Rule] = []
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise ProfileError(origin, "rules", "must be an array of tables ([[rules]])")
    for i, raw in enumerate(raw_rules):
        where = f"rules[{i}]"
        if not isinstance(raw, dict):
            raise ProfileError(origin, where, "must be a table")
        _check_keys(raw, {"name", "role", "lines", "patterns", "inline"}, origin, where + ".")
        rule_name = raw.get("name")
        if not isinstance(rule_name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rule_name):
            raise ProfileError(origin, where + ".name", "must be a lower-case-dashed name")
        role = raw.get("role", "furniture")
        if role not in _ROLES:
            raise ProfileError(origin, where + ".role", f"must be one of {sorted(_ROLES)}")
        rules.append(
            Rule(
                name=rule_name,
                role=role,
                lines=_strings(raw.get("lines"), origin, where + ".lines"),
                patterns=regexes(raw.get("patterns"), where + ".patterns"),
                inline=regexes(raw.get("inline"), where + ".inline"),
            )
        )
    bounded = None
    signature_re: _Searcher | None = None
    if builtin:
        if signatures:
            joined = "|".join(f"(?:{s})" for s in signatures)
            signature_re = Prefiltered(joined, re.MULTILINE | re.IGNORECASE)
    else:
        try:
            bounded = BoundedPatterns(tuple(rules))
            if signatures:
                signature_re = _re2("(?m)" + "|".join(f"(?:{s})" for s in signatures))
        except _re2_error() as exc:
            raise ProfileError(
                origin, "rules", "its patterns together are too large to compile"
            ) from exc
    disable = _strings(head.get("disable"), origin, "profile.disable")
    if disable and not builtin:
        known = {f"{p.name}:{r.name}" for p in builtin_profiles() for r in p.rules}
        for k, rule_id in enumerate(disable):
            if rule_id not in known:
                raise ProfileError(
                    origin, f"profile.disable[{k}]", f"no built-in rule is named {rule_id!r}"
                )
    return Profile(
        name=name,
        origin=origin,
        site=site,
        hosts=_strings(head.get("hosts"), origin, "profile.hosts"),
        signatures=signatures,
        date_order=order,
        rules=tuple(rules),
        disable=disable,
        _signature_re=signature_re,
        bounded=bounded,
    )


def load_profile_file(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"profile {path}: cannot read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(str(path), "file", f"not valid TOML: {exc}") from exc
    return parse_profile(data, str(path))


@cache
def builtin_profiles() -> tuple[Profile, ...]:
    """The profiles shipped inside the package, `general` first."""
    folder = resources.files("cleancli.cleaning") / "profiles"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found.append(parse_profile(data, f"builtin:{entry.name}", builtin=True))
    found.sort(key=lambda p: (p.name != GENERAL, p.name))
    return tuple(found)


def resolve_profiles(specs: list[str] | tuple[str, ...]) -> tuple[Profile, ...]:
    """Profiles named on the command line: a built-in name or a TOML file.

    The files together hold at most `MAX_PATTERNS` regular expressions. Raises UsageError.
    """
    by_name = {p.name: p for p in builtin_profiles()}
    chosen = []
    patterns = 0
    for spec in specs:
        if spec in by_name:
            chosen.append(by_name[spec])
        elif Path(spec).is_file():
            profile = load_profile_file(Path(spec))
            patterns += profile.pattern_count
            if patterns > MAX_PATTERNS:
                raise ProfileError(
                    spec,
                    "file",
                    f"its regular expressions bring the profiles' total to {patterns}, "
                    f"more than {MAX_PATTERNS}",
                )
            chosen.append(profile)
        else:
            names = ", ".join(sorted(by_name))
            raise UsageError(f"unknown profile {spec!r}: not a file, nor a built-in ({names})")
    return tuple(chosen)


def _re2(pattern: str) -> Any:
    """A pattern compiled for RE2, ignoring case as profiles do. Raises `re2.error`."""
    import re2  # type: ignore[import-untyped]  # imported only when a user's profile is read

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    return re2.compile(pattern, options)


def _re2_error() -> type[Exception]:
    import re2

    error: type[Exception] = re2.error
    return error


class _Alternation:
    """Patterns on RE2 answering as the alternation `p0|p1|…` would: where its leftmost match
    starts and which pattern matched there (the first that does), in time linear in the text."""

    def __init__(self, patterns: list[tuple[int, str]]) -> None:
        """`patterns`: (its index in the profile, the pattern), in profile order."""
        self.patterns = patterns
        self._any = _re2("|".join(f"(?:{p})" for _, p in patterns))
        # Asking one regex with a group per pattern which one matched costs RE2 time per group
        # and per match: blocks of a few, tried in order where the match starts, cost less.
        self._blocks = [
            _re2("|".join(f"(?P<p{k}>{p})" for k, (_, p) in enumerate(patterns[i : i + _BLOCK])))
            for i in range(0, len(patterns), _BLOCK)
        ]

    def __reduce__(self) -> tuple[type[_Alternation], tuple[list[tuple[int, str]]]]:
        return _Alternation, (self.patterns,)  # compiled again where it is unpickled

    def first(self, text: str, *, anchored: bool) -> tuple[int, int] | None:
        """(start, index in the profile) of the leftmost match, or None."""
        m = self._any.match(text) if anchored else self._any.search(text)
        if m is None:
            return None
        start: int = m.start()
        for block, regex in enumerate(self._blocks):
            hit = regex.match(text, start)
            if hit is not None:
                return start, self.patterns[block * _BLOCK + int(hit.lastgroup[1:])][0]
        raise AssertionError(text)  # the pattern that matched as one is in a block


class BoundedPatterns:
    """A user's profile's patterns on RE2, whose time is linear in the line: Python's `re`
    backtracks, and a pattern such as `(a+)+$` takes minutes on a 41-character line."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        """Raises `re2.error` when the patterns together are too large for RE2."""
        patterns = list(enumerate(p for rule in rules for p in rule.patterns))
        anchored = [(k, p) for k, p in patterns if p.startswith("^")]
        floating = [(k, p) for k, p in patterns if not p.startswith("^")]
        self._anchored = _Alternation(anchored) if anchored else None
        self._floating = _Alternation(floating) if floating else None
        inline = [p for rule in rules for p in rule.inline]
        self._inline = _re2("|".join(f"(?:{p})" for p in inline)) if inline else None

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


@dataclass(frozen=True, slots=True)
class Verdict:
    role: RuleRole
    why: str


class _FirstCharDispatch:
    """Patterns anchored at the line's start, answering as their alternation `p0|p1|…` would
    (the first in order that matches) but trying only those whose match may begin with the
    line's first character (`literals.first_chars`): a line starting "w" never tries "^share".
    One alternation is kept per first character met, up to `_DISPATCH_CHARS` of them."""

    def __init__(self, patterns: list[tuple[int, str]]) -> None:
        """`patterns`: (its verdict's index, the pattern), in profile order."""
        self._patterns = [
            (f"(?P<r{k}>{pattern})", first_chars(pattern, re.IGNORECASE)) for k, pattern in patterns
        ]
        self._every = _combine([grouped for grouped, _ in self._patterns])
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        # Most characters open no pattern's set: they share one alternation, compiled once.
        self._by_subset: dict[tuple[str, ...], re.Pattern[str] | None] = {}

    def match(self, text: str) -> re.Match[str] | None:
        char = first_char(text)
        regex = self._by_char.get(char, self._every)
        if char not in self._by_char and len(self._by_char) < _DISPATCH_CHARS:
            subset = tuple(
                grouped for grouped, firsts in self._patterns if firsts is None or char in firsts
            )
            if subset not in self._by_subset:
                self._by_subset[subset] = _combine(list(subset))
            regex = self._by_char[char] = self._by_subset[subset]
        return regex.match(text) if regex is not None else None


#: What may trail a "Read more" link: "Read more »", "Continue reading…".
LINK_TAIL: Final = " .…»›→>"
#: First characters given an alternation of their own; lines starting with others try all.
_DISPATCH_CHARS: Final = 256


def _group(m: re.Match[str]) -> int:
    """The index of the rule whose group `(?P<rN>…)` matched."""
    return int((m.lastgroup or "r")[1:])


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
        self._anchored = _FirstCharDispatch(anchored) if anchored else None
        self._floating = [(k, re.compile(p, re.IGNORECASE)) for k, p in floating]
        # Every floating pattern's needles at once: most lines hold none, and are done.
        self._floating_needles = _NeedleIndex([needles(p, re.IGNORECASE) for _, p in floating])
        # Each searched on its own behind its words: one alternation of them all would try
        # every pattern at every place of every line that holds one pattern's word.
        self._inline = [re.compile(p, re.IGNORECASE) for p in inline]
        self._inline_needles = _NeedleIndex([needles(p, re.IGNORECASE) for p in inline])
        self._memo = LineMemo(self._verdict, longest=_MEMO_LINE, size=_MEMO_SIZE)

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
        first = None if m is None else _group(m)
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


class _NeedleIndex:
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


def _combine(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex for many, so a line is scanned once rather than once per rule."""
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


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
