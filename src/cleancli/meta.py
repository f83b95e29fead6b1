"""Dates and publishers in page headers: finding them in a line, and resolving dates to ISO 8601.

Finding is done here with patterns, because a page header glues things together ("Russia
Today06-04-2025", "time5 hours ago", "News183 days ago") in ways a general date parser reads
wrongly. Resolving is left to dateparser, imported on first use, against a reference time that
comes in as a parameter: output never depends on the wall clock.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable

from cleancli.text import fold, is_name

DateOrder = Literal["DMY", "MDY", "YMD"]

_VOCAB: Final = tomllib.loads((resources.files("cleancli") / "dates.toml").read_text("utf-8"))
_LANGUAGES: Final = list(_VOCAB["relative"])
_UNIT_NAMES: Final = ("second", "minute", "hour", "day", "week", "month", "year")


def _alternatives(words: Iterable[str]) -> str:
    """One regex alternation, longest first so "minutes" wins over "min"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _relative_pattern() -> tuple[str, dict[str, str], dict[str, int]]:
    """The relative forms of every language in `dates.toml`, and the unit and count words."""
    forms: list[str] = []
    units: dict[str, str] = {}
    ones: set[str] = set()
    word_days: dict[str, int] = {}
    for lang in _VOCAB["relative"].values():
        for unit in _UNIT_NAMES:
            units.update({w.casefold(): unit for w in lang[unit]})
        ones.update(w.casefold() for w in lang["one"])
        word_days.update({w.casefold(): days for w, days in lang.get("words", {}).items()})
        count = r"(?:\d+|" + _alternatives(lang["one"]) + r")"
        unit_words = r"(?:" + _alternatives(w for u in _UNIT_NAMES for w in lang[u]) + r")"
        for form in lang["forms"]:
            body = re.escape(form).replace(r"\{n\}", count).replace(r"\{unit\}", unit_words)
            forms.append(body.replace(r"\ ", r"\s*", 1) if form.startswith("{n}") else body)
    pattern = (
        r"(?:" + "|".join(forms) + r")(?!\w)"
        r"|(?P<word>(?<!\w)(?:" + _alternatives(word_days) + r"))(?!\w)"
        r"|^(?P<compact>\d+\s?(?:s|m|h|d|w|mo|y))(?:\s+ago)?$"
    )
    return pattern, units, dict.fromkeys(ones, 1) | {"": 0}


_RELATIVE_RE, _UNITS, _ONES = _relative_pattern()
_RELATIVE: Final = re.compile(_RELATIVE_RE, re.IGNORECASE)
_COMPACT: Final = {
    "s": "second",
    "m": "minute",
    "h": "hour",
    "d": "day",
    "w": "week",
    "mo": "month",
    "y": "year",
}
_MONTH: Final = r"(?:" + _alternatives(w for ws in _VOCAB["months"].values() for w in ws) + r")\.?"
# A weekday before a date, a comma or a space after it ("Sun,5 Aug 2012", "Sunday 5 August").
_WEEKDAY: Final = r"(?:(?:" + _alternatives(_VOCAB["weekdays"]["names"]) + r")(?:\.?,\s*|\.?\s+))?"
# A clock time shown before the date it belongs to ("11:26 PM, Mar 09, 2017").
_TIME_FIRST: Final = r"(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?,?\s+)?"
_TIME: Final = (
    # after a comma, a space or a separator ("March 23, 2018 - 7:53am")
    r"(?:(?:,?\s*|\s*[-–—|•·]\s*)(?:at|à|um|a las|às|alle|om|pukul)?"
    r"\s*\d{1,2}[:h.]\d{2}(?::\d{2})?\s*"
    r"(?:[ap]\.?m\.?|uhr|h)?(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|Z)\b)?)?"
)
# "22 de julio de 2025", "22. Juli 2025", "July 22, 2025".
_DAY_MONTH_YEAR: Final = (
    r"\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?\d{4}"
)
# The largest count a page shows in each unit before it moves to the next one ("59 minutes ago",
# then "an hour ago"): a larger number glued to a name belongs partly to the name ("News18").
_MAX_COUNT: Final = {
    "second": 59, "minute": 59, "hour": 23, "day": 31, "week": 5, "month": 12, "year": 30,
}  # fmt: skip
_DAY_UNITS: Final = frozenset(("day", "week", "month", "year"))
_ABSOLUTE: Final = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"|(?P<num>\d{1,2}[-/.]\d{1,2}[-/.]\d{4})" + _TIME + r""
    r"|(?P<mdy>"
    + _TIME_FIRST
    + _WEEKDAY
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    + _TIME
    + r"|(?P<dmy>"
    + _TIME_FIRST
    + _WEEKDAY
    + _DAY_MONTH_YEAR
    + r")"
    + _TIME
    + r""
    r"|(?P<yearless>(?:\d{1,2}\s+" + _MONTH + r"|" + _MONTH + r"\s+\d{1,2}),?\s+\d{1,2}:\d{2})",
    re.IGNORECASE,
)
# What every form `_ABSOLUTE` reads holds: digits joined by a separator, or a year after a
# space. Lines without it (most header lines) skip the long search through month names.
_ABSOLUTE_HINT: Final = re.compile(r"\d[-/.:]\d|\s\d{4}")
# Words that label a date rather than name who published it ("time5 hours ago", "Updated: …").
_LABELS: Final = re.compile(
    r"^(?:and\s+|&\s*)?(?:" + _alternatives(_VOCAB["labels"]["words"]) + r")"
    r"(?:\s*(?:on|at|em|le|am))?\s*[:|•·-]?\s*$",
    re.IGNORECASE,
)
# What may follow a date on a dateline: nothing, a counter (views) or a reading time, a
# separator; then a byline and section names in capitals ("May 4, 2021 » 1004 Views » By Jane
# Doe » LOCAL, POLICE", "May 17, 2018 · 13 min read").
_TAIL: Final = re.compile(
    r"^[\s|•·»›,-]*(?:\d{1,3}\s*min(?:ute)?s?\s+read|\d{1,7}(?:\s*(?:views?|reads?))?)?"
    r"[\s|•·»›]*"
    r"(?:by\s+(?P<by>[^|•·»›]{2,40}?)(?:\s*[|•·»›]\s*(?P<sections>.*))?)?$",
    re.IGNORECASE,
)
_SECTIONS: Final = re.compile(r"^[^a-z]*$")
# A source's name after a numeric date: one to four capitalised words.
_SOURCE_AFTER: Final = re.compile(
    r"^\s+[|•·-]?\s*(?P<name>[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3})\s*$"
)
_SEPARATORS: Final = " \t|•·,–—-:"
_CLOCK: Final = re.compile(
    r"^(?:" + _alternatives(_VOCAB["labels"]["words"]) + r")\s*:?\s*(?:a las|à|um|at|alle|às|om)?"
    r"\s*(?P<time>\d{1,2}[:h.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?)$",
    re.IGNORECASE,
)
_ZONE: Final = re.compile(
    r"\d:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
    r"(?:Z|[+-]\d{2}:?\d{2}|(?!(?:AM|PM)\b)[A-Z]{2,5})\s*$"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    raw: str
    start: int
    end: int
    unit: str | None  # for relative dates: second … year; None for absolute ones
    word: bool = False  # "today", "yesterday": a date only where nothing but a label precedes it


@dataclass(frozen=True, slots=True)
class Dateline:
    """A header line holding a date, maybe with the publisher glued in front of it."""

    raw: str
    publisher: str | None
    unit: str | None


def _relative(line: str) -> DateMention | None:
    found: DateMention | None = None
    for m in _RELATIVE.finditer(line):
        text, start = m.group(0), m.start()
        if m.group("word"):
            found = DateMention(text, start, m.end(), "day", word=True)
            continue
        if m.group("compact"):
            number = re.match(r"\d+", text)
            compact = _COMPACT[text[number.end() if number else 0 :].strip().split()[0].lower()]
            found = DateMention(text, start, m.end(), compact)
            continue
        tokens = [t.casefold() for t in re.findall(r"[^\W\d_]+'?|\d+", text)]
        unit = next((_UNITS[t] for t in reversed(tokens) if t in _UNITS), None)
        digits = re.search(r"\d+", text)
        if unit is None:
            continue
        if digits:
            count, offset = digits.group(0), digits.start()
            # Move leading digits to the name before until the count fits its unit.
            while len(count) > 1 and int(count) > _MAX_COUNT[unit]:
                count, offset = count[1:], offset + 1
            if offset and text[:offset].strip().isdigit():
                start, text = start + offset, text[offset:]
            elif offset != digits.start():
                cut = offset - digits.start()
                text = text[: digits.start()] + text[digits.start() + cut :]
                if not text[: digits.start()].strip():
                    start += cut
        found = DateMention(text, start, m.end(), unit)
    return found


def find_date(line: str) -> DateMention | None:
    """The last date mentioned in a line, relative or absolute."""
    best = _relative(line)
    if not _ABSOLUTE_HINT.search(line):
        return best
    for m in _ABSOLUTE.finditer(line):
        if best is None or m.start() >= best.end:
            # A date without a year needs the reference time to be read, as a relative one does.
            unit = "yearless" if m.group("yearless") else None
            best = DateMention(m.group(0).strip(), m.start(), m.end(), unit)
    return best


@lru_cache(maxsize=16384)
def parse_dateline(line: str) -> Dateline | None:
    """Read a short header line made of a date and at most a label or a publisher name."""
    if not line or len(line) > 160:
        return None
    line = fold(line)
    mention = find_date(line)
    if mention is None:
        clock = _CLOCK.match(line)  # "Actualizado a las 17:20": a time, no date
        return Dateline(clock.group("time"), None, "time") if clock else None
    tail = _TAIL.match(line[mention.end :])
    if tail is None and mention.unit is None and not mention.word and not line[: mention.start]:
        # "2005-10-28 Xinhuanet": a press review's item names its source after the date
        source = _SOURCE_AFTER.match(line[mention.end :])
        return Dateline(mention.raw, source.group("name"), None) if source else None
    if tail is None or (
        tail.group("by") is not None
        and not (is_name(tail.group("by")) and _SECTIONS.match(tail.group("sections") or ""))
    ):
        return None
    head = line[: mention.start].strip(_SEPARATORS)
    if not head or _LABELS.match(head):
        return Dateline(mention.raw, None, mention.unit)
    earlier = find_date(head)
    rest = head[earlier.end :].strip(_SEPARATORS) if earlier else ""
    if earlier is not None and not earlier.word and (not rest or _LABELS.match(rest)):
        # "22/07/2025 14h05 Atualizado há 2 horas": the date shown first is the date.
        return Dateline(earlier.raw, None, earlier.unit)
    if mention.word:
        return None  # "Russia Today" names a publisher; it does not date anything
    if head.lower().startswith("by "):
        head = head[3:].strip()
    if not is_name(head):
        return None
    return Dateline(mention.raw, head, mention.unit)


@lru_cache(maxsize=4096)
def resolve(raw: str, *, unit: str | None, now: datetime | None, order: DateOrder) -> str | None:
    """ISO 8601 for a date as shown: a date when the page shows a day, a datetime when it shows
    a time or counts hours; None for a relative date with no reference time."""
    if unit == "time" or (unit is not None and now is None):
        return None
    import dateparser  # slow to import: only when a date needs resolving

    base = now or datetime(2000, 1, 1, tzinfo=UTC)
    settings = {
        "DATE_ORDER": order,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": base.astimezone(UTC).replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw)
    text = re.sub(r"^(\d+)\s?(s|m|h|d|w|mo|y)$", r"\1 \2 ago", text.strip())
    text = re.sub(r"(\d{1,2})h(\d{2})\b", r"\1:\2", text)  # "14h05"
    if unit is not None and not re.search(r"\d", text):  # "un giorno fa": a count in words
        text = " ".join(
            "1" if w.casefold() in _ONES and _ONES[w.casefold()] else w for w in text.split()
        )
    value: datetime | None = dateparser.parse(text, languages=_LANGUAGES, settings=settings)
    if value is None:
        return None
    if unit == "yearless":
        return value.replace(microsecond=0).isoformat()
    if unit is not None:
        value = value.replace(tzinfo=UTC).astimezone(base.tzinfo)
        if unit in _DAY_UNITS:
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if not re.search(r"\d[:h]\d{2}", raw):
        return value.date().isoformat()
    if _ZONE.search(raw):
        settings["RETURN_AS_TIMEZONE_AWARE"] = True
        value = dateparser.parse(text, languages=_LANGUAGES, settings=settings) or value
    return value.replace(microsecond=0).isoformat()
