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
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

from cleancli.errors import UsageError
from cleancli.text import key

if TYPE_CHECKING:
    from cleancli.meta import DateOrder

RuleRole = Literal["furniture", "related-marker", "link-marker"]
_ROLES: Final = frozenset(get_args(RuleRole))
_ORDERS: Final = frozenset(("DMY", "MDY", "YMD"))
GENERAL: Final = "general"
#: Patterns are tried on lines up to this long: furniture is never a long paragraph, and a long
#: line costs most to search.
MAX_PATTERN_LINE: Final = 400
_MEMO_LINE: Final = 120
_MEMO_SIZE: Final = 1 << 16


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
    date_order: DateOrder = "MDY"
    rules: tuple[Rule, ...] = ()
    _signature_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def matches(self, text: str, host: str | None) -> bool:
        if host and any(host == h or host.endswith("." + h) for h in self.hosts):
            return True
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


def _regexes(value: Any, origin: str, where: str) -> tuple[str, ...]:
    patterns = _strings(value, origin, where)
    for i, pattern in enumerate(patterns):
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ProfileError(origin, f"{where}[{i}]", f"bad regular expression: {exc}") from exc
        if compiled.groupindex or (pattern.startswith("(?") and pattern[2:3].isalpha()):
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


def parse_profile(data: dict[str, Any], origin: str) -> Profile:
    """A validated profile from parsed TOML; a problem names the file, the key and what is wrong."""
    _check_keys(data, {"profile", "rules"}, origin, "")
    head = data.get("profile")
    if not isinstance(head, dict):
        raise ProfileError(origin, "profile", "missing table [profile]")
    _check_keys(head, {"name", "site", "hosts", "signatures", "date_order"}, origin, "profile.")
    name = head.get("name")
    if not isinstance(name, str) or not name:
        raise ProfileError(origin, "profile.name", "must be a non-empty string")
    site = head.get("site")
    if site is not None and not isinstance(site, str):
        raise ProfileError(origin, "profile.site", "must be a string")
    order = head.get("date_order", "MDY")
    if order not in _ORDERS:
        raise ProfileError(origin, "profile.date_order", f"must be one of {sorted(_ORDERS)}")
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
                patterns=_regexes(raw.get("patterns"), origin, where + ".patterns"),
                inline=_regexes(raw.get("inline"), origin, where + ".inline"),
            )
        )
    signatures = _regexes(head.get("signatures"), origin, "profile.signatures")
    return Profile(
        name=name,
        origin=origin,
        site=site,
        hosts=_strings(head.get("hosts"), origin, "profile.hosts"),
        signatures=signatures,
        date_order=order,
        rules=tuple(rules),
        _signature_re=(
            re.compile("|".join(f"(?:{s})" for s in signatures), re.MULTILINE | re.IGNORECASE)
            if signatures
            else None
        ),
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
    folder = resources.files("cleancli") / "profiles"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found.append(parse_profile(data, f"builtin:{entry.name}"))
    found.sort(key=lambda p: (p.name != GENERAL, p.name))
    return tuple(found)


def resolve_profiles(specs: list[str] | tuple[str, ...]) -> tuple[Profile, ...]:
    """Profiles named on the command line: a built-in name or a TOML file."""
    by_name = {p.name: p for p in builtin_profiles()}
    chosen = []
    for spec in specs:
        if spec in by_name:
            chosen.append(by_name[spec])
        elif Path(spec).is_file():
            chosen.append(load_profile_file(Path(spec)))
        else:
            names = ", ".join(sorted(by_name))
            raise UsageError(f"unknown profile {spec!r}: not a file, nor a built-in ({names})")
    return tuple(chosen)


@dataclass(frozen=True, slots=True)
class Verdict:
    role: RuleRole
    why: str


class RuleSet:
    """The rules of several profiles compiled once: an exact-line table and one combined regex."""

    def __init__(self, profiles: tuple[Profile, ...]) -> None:
        self.profiles = profiles
        self.date_order: DateOrder = "MDY"
        self.site: str | None = None
        for profile in profiles:
            if profile.name != GENERAL:
                self.date_order = profile.date_order
                self.site = self.site or profile.site
        self._exact: dict[str, Verdict] = {}
        self._verdicts: list[Verdict] = []
        anchored: list[str] = []  # tried at the line's start only: most rules, and cheap so
        floating: list[str] = []  # searched through the line
        inline: list[str] = []
        for profile in profiles:
            for rule in profile.rules:
                verdict = Verdict(rule.role, f"{profile.name}:{rule.name}")
                for line in rule.lines:
                    self._exact.setdefault(key(line), verdict)
                for pattern in rule.patterns:
                    group = f"(?P<r{len(self._verdicts)}>{pattern})"
                    (anchored if pattern.startswith("^") else floating).append(group)
                    self._verdicts.append(verdict)
                inline.extend(rule.inline)
        self._anchored = _combine(anchored)
        self._floating = _combine(floating)
        self._inline = _combine([f"(?:{p})" for p in inline])
        self._memo: dict[str, Verdict | None] = {}

    def verdict(self, folded: str) -> Verdict | None:
        """What the rules say of a whitespace-folded line, or None if no rule knows it.

        Short lines (menus, labels, furniture) repeat from page to page, so their verdicts are
        remembered; long ones are prose, seen once.
        """
        if len(folded) > _MEMO_LINE:
            return self._verdict(folded)
        try:
            return self._memo[folded]
        except KeyError:
            pass
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        found = self._memo[folded] = self._verdict(folded)
        return found

    def _verdict(self, folded: str) -> Verdict | None:
        hit = self._exact.get(folded.casefold())
        if hit is not None or len(folded) > MAX_PATTERN_LINE:
            return hit
        m = self._anchored.match(folded) if self._anchored else None
        if m is None and self._floating is not None:
            m = self._floating.search(folded)
        if m is not None and m.lastgroup is not None:
            return self._verdicts[int(m.lastgroup[1:])]
        return None

    def clean_inline(self, line: str) -> str:
        return self._inline.sub("", line).strip() if self._inline else line


def _combine(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex for many, so a line is scanned once rather than once per rule."""
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


@cache
def ruleset_for(profiles: tuple[Profile, ...]) -> RuleSet:
    return RuleSet(profiles)


def select(
    text: str, host: str | None, *, extra: tuple[Profile, ...] = (), auto: bool = True
) -> RuleSet:
    """The rule set for one page: `general`, the built-ins that recognise it, and `extra`."""
    chosen = [p for p in builtin_profiles() if p.name == GENERAL]
    if auto:
        chosen += [p for p in builtin_profiles() if p.name != GENERAL and p.matches(text, host)]
    chosen += [p for p in extra if p not in chosen]
    return ruleset_for(tuple(chosen))
