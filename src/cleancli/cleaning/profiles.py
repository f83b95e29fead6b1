"""Cleaning knowledge as data: site profiles in TOML, read and validated here, merged into one
rule set by `rulesets`, their regular expressions run by `patterns`.

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
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

from cleancli.cleaning.literals import Prefiltered
from cleancli.cleaning.patterns import MAX_PATTERNS, BoundedPatterns, Searcher, re2, re2_error
from cleancli.errors import UsageError

if TYPE_CHECKING:
    from cleancli.cleaning.published import DateOrder

RuleRole = Literal["furniture", "related-marker", "link-marker", "end-marker", "keep"]


_ROLES: Final = frozenset(get_args(RuleRole))


_ORDERS: Final = frozenset(("DMY", "MDY", "YMD"))


GENERAL: Final = "general"


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
    _signature_re: Searcher | None = field(default=None, compare=False, repr=False)
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
            groups = re.compile(pattern).groupindex if builtin else re2(pattern).groupindex
        except re.error as exc:
            raise ProfileError(origin, f"{where}[{i}]", f"bad regular expression: {exc}") from exc
        except re2_error() as exc:
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
    regexes = _Regexes(origin, builtin=builtin)
    signatures = regexes(head.get("signatures"), "profile.signatures")
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise ProfileError(origin, "rules", "must be an array of tables ([[rules]])")
    rules = tuple(_rule(raw, f"rules[{i}]", regexes) for i, raw in enumerate(raw_rules))
    signature_re, bounded = _compiled(rules, signatures, origin, builtin=builtin)
    disable = _disabled(head, origin, builtin=builtin)
    return Profile(
        name=name,
        origin=origin,
        site=site,
        hosts=_strings(head.get("hosts"), origin, "profile.hosts"),
        signatures=signatures,
        date_order=order,
        rules=rules,
        disable=disable,
        _signature_re=signature_re,
        bounded=bounded,
    )


class _Regexes:
    """Checks a profile's regular expressions, counting them across the profile so that it
    holds at most `MAX_PATTERNS`."""

    def __init__(self, origin: str, *, builtin: bool) -> None:
        self.origin, self.builtin, self.seen = origin, builtin, 0

    def __call__(self, value: Any, where: str) -> tuple[str, ...]:
        found = _regexes(value, self.origin, where, builtin=self.builtin, seen=self.seen)
        self.seen += len(found)
        return found


def _rule(raw: Any, where: str, regexes: _Regexes) -> Rule:
    """One `[[rules]]` table, checked."""
    origin = regexes.origin
    if not isinstance(raw, dict):
        raise ProfileError(origin, where, "must be a table")
    _check_keys(raw, {"name", "role", "lines", "patterns", "inline"}, origin, where + ".")
    rule_name = raw.get("name")
    if not isinstance(rule_name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rule_name):
        raise ProfileError(origin, where + ".name", "must be a lower-case-dashed name")
    role = raw.get("role", "furniture")
    if role not in _ROLES:
        raise ProfileError(origin, where + ".role", f"must be one of {sorted(_ROLES)}")
    return Rule(
        name=rule_name,
        role=role,
        lines=_strings(raw.get("lines"), origin, where + ".lines"),
        patterns=regexes(raw.get("patterns"), where + ".patterns"),
        inline=regexes(raw.get("inline"), where + ".inline"),
    )


def _compiled(
    rules: tuple[Rule, ...], signatures: tuple[str, ...], origin: str, *, builtin: bool
) -> tuple[Searcher | None, BoundedPatterns | None]:
    """The profile's signatures as one searcher, and for a user's profile its rules' patterns
    compiled under RE2 (a built-in profile's are compiled with the rule set, on `re`)."""
    if builtin:
        if not signatures:
            return None, None
        joined = "|".join(f"(?:{s})" for s in signatures)
        return Prefiltered(joined, re.MULTILINE | re.IGNORECASE), None
    try:
        bounded = BoundedPatterns(rules)
        if not signatures:
            return None, bounded
        return re2("(?m)" + "|".join(f"(?:{s})" for s in signatures)), bounded
    except re2_error() as exc:
        raise ProfileError(
            origin, "rules", "its patterns together are too large to compile"
        ) from exc


def _disabled(head: dict[str, Any], origin: str, *, builtin: bool) -> tuple[str, ...]:
    """The built-in rules a user's profile turns off, each checked to exist."""
    disable = _strings(head.get("disable"), origin, "profile.disable")
    if disable and not builtin:
        known = {f"{p.name}:{r.name}" for p in builtin_profiles() for r in p.rules}
        for k, rule_id in enumerate(disable):
            if rule_id not in known:
                raise ProfileError(
                    origin, f"profile.disable[{k}]", f"no built-in rule is named {rule_id!r}"
                )
    return disable


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
