"""The words pages write dates with, in every language dateparser knows, read from its locale
data (the CLDR month, weekday and unit names, and its "ago" forms) on first use.

Finding a date in a header line needs the words as regexes; resolving it needs to know which
languages its words belong to, so that dateparser is asked in those and not in all 200.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Iterable

MONTHS: Final = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNITS: Final = ("second", "minute", "hour", "day", "week", "month", "year")
# dateparser writes a relative form's count as this group; it becomes our own count group.
_COUNT_GROUP: Final = re.compile(r"\(\\d\+\+\[\.,\]\?\\d\*\+\)")
# "3 day ago", "2 hour ago": the keys of the relative forms that date something in the past.
_PAST_KEY: Final = re.compile(r"^(?:\\1|(?P<n>\d+)) (?P<unit>" + "|".join(UNITS) + r") ago$")
# A letter, or a vowel sign or other mark joined to one (Devanagari "जुलाई", Thai "ชั่วโมง"),
# which Python's \w leaves out.
_LETTER: Final = (
    r"(?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06ed\u0900-\u0963\u0980-\u0de3\u0e00-\u0e4e\u0e80-\u0ece\u1000-\u103f\u1780-\u17d3])"
)
#: A word: letters and the marks joined to them.
WORD: Final = re.compile(_LETTER + "+")
_COUNTED_KEY: Final = re.compile(r"^(?P<n>[2-9]) (?P<unit>" + "|".join(UNITS) + r")$")
# A word made only of letters and the marks of its script (what a trie may hold as text).
_PLAIN: Final = re.compile("^" + _LETTER + "(?:" + _LETTER + "|[ .'’-])*$")
# Single-character year, month and day words of the scripts that write them after the number
# ("2025年7月22日", "2025년 7월 22일").
_GLUED_FROM: Final = 0x2E80
_LATIN: Final = re.compile(r"[a-zà-ɏ]")


def key(text: str) -> str:
    """How a word is looked up: lower case, no spaces (so "час назад" and "часназад" meet)."""
    return re.sub(r"\s+", "", text.lower())


def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation of `words`, nested by their shared prefixes.

    Python's engine tries an alternation's branches in turn, so a flat list of 3,000 month
    names costs 3,000 tests at every position; nested, a position costs one test for each
    distinct first character. Longer words win ("marzo" over "mar"); a space in a word matches
    any run of spaces or none ("3時間前" and "3 時間前" are one form). Raises ValueError on an
    empty list.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if not root:
        raise ValueError("no words to build a pattern of")

    def render(node: dict[str, Any]) -> str:
        branches = [
            (r"\s*" if char == " " else re.escape(char)) + render(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: what follows is optional, tried first
            return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
        return body

    return render(root)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Date words of every language, keyed by `key`."""

    #: month and weekday names ("июля", "mar", "يوليو"), each a regex alternation
    months: str
    weekdays: str
    #: what follows a count in a past relative form ("hours ago", "часа назад", "小时前"), and
    #: what precedes it ("vor", "hace", "il y a", "قبل"), with the units the words after it name
    suffixes: str
    prefixes: str
    prefix_units: str
    #: whole words or phrases that date a day ("yesterday", "вчера", "昨天", "قبل ساعتين")
    phrases: str
    #: count words ("an", "einer", "une") and the number each stands for
    counts: dict[str, int]
    #: unit of a suffix, a word after a prefix, or a phrase; count of a phrase
    unit_of: dict[str, str]
    phrase_count: dict[str, int]
    #: year, month, day, hour and minute characters written after their numbers ("年", "월",
    #: "時", "分")
    glued_year: str
    glued_month: str
    glued_day: str
    glued_hour: str
    glued_minute: str
    #: every date word's languages, in dateparser's order of how common they are (`rank`)
    languages_of: dict[str, tuple[str, ...]]
    rank: dict[str, int]


def _words(info: dict[str, Any], names: Iterable[str]) -> list[str]:
    return [w for name in names for w in info.get(name, ()) if isinstance(w, str)]


def _plain(words: Iterable[str]) -> set[str]:
    return {w.lower().rstrip(".") for w in words if _PLAIN.match(w.strip()) and len(w) > 1}


def _names(words: Iterable[str]) -> set[str]:
    """Month or weekday names long enough not to be a common word of another language: Latin
    ones of two letters ("on", "de", "to" are each a weekday or a month somewhere) are left out."""
    return {w for w in _plain(words) if len(w) > 2 or not _LATIN.match(w)}


def locale_info(name: str) -> dict[str, Any]:
    """dateparser's data for one language ("ru", "zh-Hans"), as its package ships it: read from
    the module itself, which costs a tenth of a `Locale`'s deep copy of it."""
    module = importlib.import_module(f"dateparser.data.date_translation_data.{name}")
    info: dict[str, Any] = module.info
    return info


@dataclass(slots=True)
class _Gathered:
    """What `vocabulary` collects from each language's data before building its regexes."""

    months: set[str] = field(default_factory=set)
    weekdays: set[str] = field(default_factory=set)
    suffixes: dict[str, str] = field(default_factory=dict)
    prefix_units: dict[str, str] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    phrases: dict[str, tuple[str, int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    glued: dict[str, set[str]] = field(
        default_factory=lambda: {u: set() for u in ("year", "month", "day", "hour", "minute")}
    )
    languages: dict[str, list[str]] = field(default_factory=dict)

    def know(self, word: str, lang: str) -> None:
        for token in WORD.findall(word.lower()):
            langs = self.languages.setdefault(token, [])
            if lang not in langs:
                langs.append(lang)

    def add(self, lang: str, info: dict[str, Any]) -> None:
        """One language's words: names, count words, "ago" forms and dating phrases."""
        self._names(lang, info)
        self._counts(lang, info)
        counted_first, counted_after = self._counted_forms(lang, info)
        # The listed forms leave out some unit words ("3 hrs ago", "vor 3 Std.") and "ago"
        # words ("منذ 3 ساعات" beside "قبل 3 ساعات"): every one of the language's, in the
        # places its forms put them.
        if counted_after:
            self.prefixes.update(map(_spaces, _plain(_words(info, ("ago",)))))
        for unit in UNITS:
            for word in map(_spaces, _plain(_words(info, (unit,)))):
                if counted_after:
                    self.prefix_units.setdefault(word, unit)
                if counted_first:
                    for ago in map(_spaces, _words(info, ("ago",))):
                        self.suffixes.setdefault(f"{word} {ago}", unit)
        self._phrases(lang, info, counted_first=counted_first, counted_after=counted_after)

    def _names(self, lang: str, info: dict[str, Any]) -> None:
        for word in _words(info, MONTHS + WEEKDAYS + UNITS + ("ago", "am", "pm")):
            self.know(word, lang)
        self.months |= _names(_words(info, MONTHS))
        self.weekdays |= _names(_words(info, WEEKDAYS))
        for unit, chars in self.glued.items():
            chars.update(w for w in _words(info, (unit,)) if len(w) == 1 and ord(w) >= _GLUED_FROM)

    def _counts(self, lang: str, info: dict[str, Any]) -> None:
        for entry in info.get("simplifications", ()):
            for word, number in entry.items():
                if _PLAIN.match(word) and number.isdigit() and " " not in word:
                    self.counts.setdefault(word.lower(), int(number))
                    self.know(word, lang)

    def _counted_forms(self, lang: str, info: dict[str, Any]) -> tuple[bool, bool]:
        """The language's past relative forms with a count ("{n} hours ago", "vor {n}
        Stunden"); whether it puts the count first, and whether it puts words before it."""
        counted_first = counted_after = False
        for form, texts in info.get("relative-type-regex", {}).items():
            past = _PAST_KEY.match(form)
            if past is None:
                continue
            for text in texts:
                parts = _COUNT_GROUP.split(text)
                if len(parts) != 2 or not all(_PLAIN.match(p.strip() or "x") for p in parts):
                    continue
                before, after = _spaces(parts[0]), _spaces(parts[1])
                self.know(text, lang)
                if before and after:
                    self.prefixes.add(before)
                    self.prefix_units.setdefault(after, past["unit"])
                    counted_after = True
                elif after and not before:
                    self.suffixes.setdefault(after, past["unit"])
                    counted_first = True
        return counted_first, counted_after

    def _phrases(
        self, lang: str, info: dict[str, Any], *, counted_first: bool, counted_after: bool
    ) -> None:
        for form, texts in info.get("relative-type", {}).items():
            # "2 hour": a count and unit in one word (Arabic's dual "ساعتين"), dated by the
            # language's "ago" words in the place its forms put them ("منذ ساعتين")
            counted = _COUNTED_KEY.match(form)
            if counted is not None:
                agos = [_spaces(ago) for ago in _words(info, ("ago",))]
                shapes = ["{ago} {text}"] * counted_after + ["{text} {ago}"] * counted_first
                for text in filter(_PLAIN.match, texts):
                    for ago in agos:
                        for shape in shapes:
                            phrase = _spaces(shape.format(ago=ago, text=text))
                            self.phrases.setdefault(phrase, (counted["unit"], int(counted["n"])))
                            self.know(phrase, lang)
                continue
            past = _PAST_KEY.match(form)
            if past is None or past["n"] is None:
                continue
            number, unit = int(past["n"]), past["unit"]
            # today, yesterday and the day before; a count of two or more of any unit ("قبل
            # ساعتين"); not "this week" or "last month", which name a span rather than a date
            if (unit == "day" and number <= 2) or number >= 2:
                for text in texts:
                    if _PLAIN.match(text) and _names([text]):
                        self.phrases.setdefault(_spaces(text), (unit, number))
                        self.know(text, lang)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Read dateparser's locale data once per process (about 0.2 s) and build the regexes."""
    from dateparser.data import language_order

    got = _Gathered()
    for lang in language_order:
        got.add(lang, locale_info(lang))
    phrases = got.phrases
    return Vocabulary(
        months=trie_pattern(got.months),
        weekdays=trie_pattern(got.weekdays),
        suffixes=trie_pattern(got.suffixes),
        prefixes=trie_pattern(got.prefixes),
        prefix_units=trie_pattern(got.prefix_units),
        phrases=trie_pattern(phrases),
        counts=got.counts,
        unit_of={
            key(w): u
            for table in (got.prefix_units, got.suffixes, {k: u for k, (u, _) in phrases.items()})
            for w, u in table.items()
        },
        phrase_count={key(k): n for k, (_, n) in phrases.items()},
        glued_year="".join(sorted(got.glued["year"])),
        glued_month="".join(sorted(got.glued["month"])),
        glued_day="".join(sorted(got.glued["day"])),
        glued_hour="".join(sorted(got.glued["hour"])),
        glued_minute="".join(sorted(got.glued["minute"])),
        languages_of={token: tuple(langs) for token, langs in got.languages.items()},
        rank={lang: i for i, lang in enumerate(language_order)},
    )


def _spaces(text: str) -> str:
    """Lower case with each run of spaces one space (matched as any run, or none, by the trie)."""
    return " ".join(text.lower().split())
