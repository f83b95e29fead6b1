"""Dates and publishers in page headers: finding them in a line, and resolving dates to ISO 8601.

Finding is done here with patterns, because a page header glues things together ("Russia
Today06-04-2025", "time5 hours ago", "News183 days ago") in ways a general date parser reads
wrongly. Resolving is left to dateparser, imported on first use, against a reference time that
comes in as a parameter: output never depends on the wall clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Final, Literal

from cleancli.text import fold, is_name

DateOrder = Literal["DMY", "MDY", "YMD"]

_MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY: Final = (
    r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
)
_TIME: Final = (
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|Z)\b)?)?"
)
_UNITS: Final = {
    "s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
    "m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "d": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "week": "week", "weeks": "week",
    "mo": "month", "month": "month", "months": "month",
    "y": "year", "yr": "year", "year": "year", "years": "year",
}  # fmt: skip
# The largest count a page shows in each unit before it moves to the next one ("59 minutes ago",
# then "an hour ago"): a larger number glued to a name belongs partly to the name ("News18").
_MAX_COUNT: Final = {
    "second": 59, "minute": 59, "hour": 23, "day": 31, "week": 5, "month": 12, "year": 30,
}  # fmt: skip
_DAY_UNITS: Final = frozenset(("day", "week", "month", "year"))

_RELATIVE: Final = re.compile(
    r"(?:(?P<num>\d+)|(?P<one>an?|one))\s*"
    r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)"
    r"\s+ago\b"
    r"|(?P<word>yesterday|today|just now)\b"
    r"|^(?P<cnum>\d+)\s?(?P<cunit>s|m|h|d|w|mo|y)(?:\s+ago)?$",
    re.IGNORECASE,
)
_ABSOLUTE: Final = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"|(?P<num>\d{1,2}[-/.]\d{1,2}[-/.]\d{4})" + _TIME + r""
    r"|(?P<mdy>" + _WEEKDAY + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})" + _TIME + r""
    r"|(?P<dmy>" + _WEEKDAY + r"\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4})" + _TIME + r""
    r"|(?P<yearless>(?:\d{1,2}\s+" + _MONTH + r"|" + _MONTH + r"\s+\d{1,2}),?\s+\d{1,2}:\d{2})",
    re.IGNORECASE,
)
# Words that label a date rather than name who published it ("time5 hours ago", "Updated: …").
_LABELS: Final = re.compile(
    r"^(?:time|date|dated|on|at|published|posted|updated|last updated|modified|created)"
    r"(?:\s*(?:on|at))?\s*[:|•·-]?\s*$",
    re.IGNORECASE,
)
# What may follow a date on a dateline: nothing, a counter (views), a separator.
_TAIL: Final = re.compile(
    r"^[\s|•·,-]*(?:\d{1,7}(?:\s+(?:views?|reads?))?)?[\s|•·]*$", re.IGNORECASE
)
_SEPARATORS: Final = " \t|•·,–—-:"
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
        word = bool(m.group("word"))
        if word:
            unit, count, start = "day", None, m.start()
        elif m.group("cnum"):
            unit, count, start = _UNITS[m.group("cunit").lower()], m.group("cnum"), m.start()
        else:
            unit = _UNITS[m.group("unit").lower()]
            count, start = m.group("num"), m.start()
        if count is not None:
            # Move leading digits to the name before until the count fits its unit.
            while len(count) > 1 and int(count) > _MAX_COUNT[unit]:
                count, start = count[1:], start + 1
        found = DateMention(line[start : m.end()], start, m.end(), unit, word)
    return found


def find_date(line: str) -> DateMention | None:
    """The last date mentioned in a line, relative or absolute."""
    best = _relative(line)
    for m in _ABSOLUTE.finditer(line):
        if best is None or m.start() >= best.end:
            # A date without a year needs the reference time to be read, as a relative one does.
            unit = "yearless" if m.group("yearless") else None
            best = DateMention(m.group(0).strip(), m.start(), m.end(), unit)
    return best


def parse_dateline(line: str) -> Dateline | None:
    """Read a short header line made of a date and at most a label or a publisher name."""
    if not line or len(line) > 160:
        return None
    line = fold(line)
    mention = find_date(line)
    if mention is None or not _TAIL.match(line[mention.end :]):
        return None
    head = line[: mention.start].strip(_SEPARATORS)
    if not head or _LABELS.match(head):
        return Dateline(mention.raw, None, mention.unit)
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
    if unit is not None and now is None:
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
    value: datetime | None = dateparser.parse(text, languages=["en"], settings=settings)
    if value is None:
        return None
    if unit == "yearless":
        return value.replace(microsecond=0).isoformat()
    if unit is not None:
        value = value.replace(tzinfo=UTC).astimezone(base.tzinfo)
        if unit in _DAY_UNITS:
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if not re.search(r"\d:\d{2}", raw):
        return value.date().isoformat()
    if _ZONE.search(raw):
        settings["RETURN_AS_TIMEZONE_AWARE"] = True
        value = dateparser.parse(text, languages=["en"], settings=settings) or value
    return value.replace(microsecond=0).isoformat()
