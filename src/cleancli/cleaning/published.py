"""A found date resolved to the `published` fields: one instant in one shape, how precise the
page was, and whether its zone was assumed.

Resolving is dateparser's, imported on first use, asked in the languages the date's words
belong to (`datewords`) and against a reference time that comes in as a parameter: output never
depends on the wall clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, Literal

from cleancli.cleaning import datelines
from cleancli.cleaning.datelines import find_date
from cleancli.cleaning.datewords import WORD, locale_info, vocabulary

if TYPE_CHECKING:
    from cleancli.record import Precision, Record

DateOrder = Literal["DMY", "MDY", "YMD"]

_UNIT_PRECISION: Final[dict[str, Precision]] = {
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "day",
    "month": "month",
    "year": "year",
}
_CLOCK: Final = re.compile(r"\d[:h]\d{2}(?P<seconds>:\d{2})?")
_ZONE: Final = re.compile(
    r"\d:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
    r"(?:Z|[+-]\d{2}:?\d{2}|(?!(?:AM|PM)\b)[A-Z]{2,5})\s*$"
)
# Two numbers up to 12 before a year: the month may be either ("03/05/2025").
_AMBIGUOUS: Final = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})[-/.]\d{4}\b")
# Zones at UTC's offset, which dateparser gives back as UTC when it reads them.
_UTC_ZONE: Final = re.compile(r"(?:(?<![A-Za-z])(?:UTC|GMT|UT|WET)|\dZ|[+-]00:?00)\s*$")
# North American time zones (Eastern, Central, Mountain, Pacific), whose countries write the
# month first.
_US_ZONE: Final = re.compile(r"\b(?:E|C|M|P)[SD]?T\b")
# Zones of countries that write the day first: British and Irish summer time, India, Western
# Indonesia, Australia's eastern, central and western times.
_DAY_FIRST_ZONE: Final = re.compile(r"\b(?:BST|IST|WIB|AEST|AEDT|ACST|AWST)\b")
# How far a date shown without a zone may lie after the fetch time: the page's clock may run
# up to 14 hours ahead of UTC (UTC+14 is the earliest zone).
_ZONE_SLACK: Final = timedelta(hours=14)
_FALLBACK_LANGUAGES: Final = ["en"]
# The languages dateparser lists as most common, asked when the date's own words' were not enough.
_COMMON: Final = ["en", "ru", "es", "fr", "de", "ja", "tr", "pt", "fa", "it", "zh", "nl", "pl"]


@dataclass(frozen=True, slots=True)
class Published:
    """`iso`: RFC 3339 in UTC with a Z ("2025-07-22T10:05:00Z"), the one shape every record's
    `published` has. A date shown without a time of day is that calendar day at 00:00:00Z.
    `precision`: what the page stated, year … second. `zone_assumed`: True when the page showed
    a time of day without a zone and UTC was assumed, None when it showed no time of day."""

    iso: str
    precision: Precision
    zone_assumed: bool | None


def _languages(raw: str) -> list[str]:
    """The languages every word of `raw` belongs to (the most common first), else those most
    of its words do; English for a date made of numbers."""
    words = vocabulary()
    known = words.languages_of
    tokens = [t for t in WORD.findall(raw.lower()) if t in known]
    if not tokens:
        return _FALLBACK_LANGUAGES
    score: dict[str, int] = {}
    for token in tokens:
        for lang in known[token]:
            score[lang] = score.get(lang, 0) + 1
    best = max(score.values())
    ranked = sorted((lang for lang, n in score.items() if n == best), key=words.rank.__getitem__)
    return ranked[:4]


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def _numeric_order(raw: str, order: DateOrder | None) -> DateOrder | Literal[False] | None:
    """The order to read a numeric date in; False when it cannot be read without a guess."""
    m = _AMBIGUOUS.match(raw)
    if m is None:
        return order
    a, b = int(m.group("a")), int(m.group("b"))
    if a > 12 or b > 12 or a == b:
        return "DMY" if a > 12 else "MDY" if b > 12 else order or "DMY"
    if m.group("sep") == ".":
        return "DMY"  # dotted numeric dates are day first wherever they are written
    if order is None and _US_ZONE.search(raw):
        return "MDY"  # "07/06/2022 | 12:34pm EDT": a North American clock, a US date
    if order is None and _DAY_FIRST_ZONE.search(raw):
        return "DMY"  # "03/05/2025 14:05 BST": British, Irish, Indian, Australian clocks
    return order if order is not None else False


@lru_cache(maxsize=4096)
def resolve(
    raw: str, *, unit: str | None, now: datetime | None, order: DateOrder | None
) -> Published | None:
    """The date a page shows as `raw`, or None when it cannot be told.

    `unit`: the unit of a relative date ("hour", "day" …), "yearless" for a date shown without
    its year, "glued-month" for a year and month ("2025年7月"), "time" for a clock time alone,
    None for a full date. Relative and yearless dates need `now` (the fetch time). `order`:
    the order the site writes numeric dates in when known (profile, language, country); an
    ambiguous one ("03/05/2025") with no order is None rather than a guessed month. A date
    after `now` (beyond the zone slack) is None: a page is never published after its fetch.
    """
    if unit == "time" or (unit is not None and unit != "glued-month" and now is None):
        return None
    numeric = _numeric_order(raw, order)
    if numeric is False:
        return None
    # The fetch time in the zone it was given in (UTC when none): relative dates count back on
    # the site's calendar, not UTC's.
    local = now or datetime(2000, 1, 1, tzinfo=UTC)
    local = local if local.tzinfo else local.replace(tzinfo=UTC)
    settings: dict[str, Any] = {
        "DATE_ORDER": numeric or "MDY",
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": local.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    value, text, languages = _parse(raw, unit, settings)
    if value is None:
        return None
    clock = _CLOCK.search(raw) or _glued_clock().search(raw)
    if unit is not None and unit in _UNIT_PRECISION and not clock:
        return _counted_back(value, _UNIT_PRECISION[unit], now, local)
    if unit == "glued-month":
        return _checked(Published(_day(value.date().replace(day=1)), "month", None), now)
    if not clock:
        return _checked(Published(_day(value.date()), "day", None), now)
    precision: Precision = "second" if clock.group("seconds") else "minute"
    if _ZONE.search(raw) and (aware := _in_zone(raw, text, languages, settings)) is not None:
        return _checked(Published(_instant(aware), precision, zone_assumed=False), now)
    if unit == "day":
        # "Yesterday, 9:15 PM": a clock on the fetch's own calendar, so in the fetch's zone;
        # "Today, 9:15 PM" read at noon is no date yet
        shown = value.replace(tzinfo=local.tzinfo)
        if shown > local:
            return None
        return Published(_instant(shown), precision, zone_assumed=True)
    shown = value.replace(tzinfo=UTC)
    return _checked(Published(_instant(shown), precision, zone_assumed=True), now)


def _counted_back(
    value: datetime, precision: Precision, now: datetime | None, local: datetime
) -> Published | None:
    """A relative date ("5 hours ago", "yesterday") counted back from the fetch time `local`:
    to the hour or finer, an instant in the fetch's zone (assumed when `now` has none); else a
    day. None when it falls after the fetch."""
    if precision in ("hour", "minute", "second"):
        shown = value.replace(tzinfo=local.tzinfo)
        if shown > local:
            return None
        return Published(_instant(shown), precision, zone_assumed=now is None or now.tzinfo is None)
    if value.date() > local.date():
        return None
    return Published(_day(value.date()), precision, None)


def _in_zone(
    raw: str, text: str, languages: list[str] | None, settings: dict[str, Any]
) -> datetime | None:
    """The date read again with the zone `raw` states applied, or None when dateparser does not
    know the zone (it then answers in UTC, which only a stated UTC may give)."""
    import dateparser

    aware: datetime | None = dateparser.parse(
        text, languages=languages, settings={**settings, "RETURN_AS_TIMEZONE_AWARE": True}
    )
    if aware is None or aware.tzinfo is None:
        return None
    if aware.utcoffset() == timedelta(0) and not _UTC_ZONE.search(raw):
        return None
    return aware


def _parse(
    raw: str, unit: str | None, settings: dict[str, Any]
) -> tuple[datetime | None, str, list[str]]:
    """dateparser's naive reading of `raw` (the clock as shown), the text it was given and the
    languages it was asked in."""
    import dateparser  # slow to import: only when a date needs resolving

    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw)
    text = re.sub(r"^(\d+)\s?(s|m|h|d|w|mo|y)$", r"\1 \2 ago", text.strip())
    text = re.sub(r"(\d{1,2})h(\d{2})\b", r"\1:\2", text)  # "14h05"
    text = re.sub(r"(\d:\d{2})\s*uhr\b", r"\1", text, flags=re.IGNORECASE)  # "14:05 Uhr"
    if unit is not None and not re.search(r"\d", text):  # "un giorno fa": a count in words
        counts = vocabulary().counts
        text = " ".join(str(counts.get(w.casefold(), w)) for w in text.split())
    languages = _languages(text)
    value: datetime | None = dateparser.parse(text, languages=languages, settings=settings)
    if value is None and languages != _COMMON:
        # a word more than one language has, where a rarer one was asked first
        languages = _COMMON
        value = dateparser.parse(text, languages=languages, settings=settings)
    return value, text, languages


@lru_cache(maxsize=1)
def _glued_clock() -> re.Pattern[str]:
    """A clock time in the hour and minute characters of its script ("10時05分", "10시 5분")."""
    words = vocabulary()
    return re.compile(
        rf"\d\s*[{words.glued_hour}]\s*\d{{1,2}}\s*[{words.glued_minute}](?P<seconds>)?"
    )


@lru_cache(maxsize=1024)
def shown_day(raw: str) -> date | None:
    """The calendar day a full date shows, before any zone is applied; None when it cannot be
    read without a guess. "Sunday, August 5, 2012" and "Sunday, August 5, 2012 8:30 PM PDT"
    show one day."""
    numeric = _numeric_order(raw, None)
    if numeric is False:
        return None
    settings: dict[str, Any] = {"DATE_ORDER": numeric or "MDY", "RETURN_AS_TIMEZONE_AWARE": False}
    value = _parse(raw, None, settings)[0]
    return value.date() if value else None


_MARKUP_DATE: Final = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}:(?P<seconds>\d{2})(?P<zone>Z|[+-]\d{2}:\d{2})?)?"
)


def from_markup(stated: str, now: datetime | None) -> Published | None:
    """The date an HTML page's markup states (meta tags, JSON-LD, `<time>`, as `webpage` gives
    it: "2025-07-22", "2025-07-22T10:05:00+02:00"), unless it lies after the fetch time `now`.
    A time without a zone is taken as UTC, and said to be assumed. None for any other shape."""
    match = _MARKUP_DATE.fullmatch(stated.strip())
    if match is None:
        return None
    try:
        value = datetime.fromisoformat(match.group(0))
    except ValueError:  # "2025-02-30"
        return None
    if match.group("seconds") is None:
        return _checked(Published(_day(value.date()), "day", None), now)
    precision: Precision = "minute" if match.group("seconds") == "00" else "second"
    assumed = value.tzinfo is None
    shown = value.replace(tzinfo=UTC) if assumed else value
    return _checked(Published(_instant(shown), precision, zone_assumed=assumed), now)


def _checked(found: Published, now: datetime | None) -> Published | None:
    """`found`, unless it lies after the fetch time."""
    if now is None:
        return found
    value = datetime.fromisoformat(found.iso)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    slack = _ZONE_SLACK if found.zone_assumed is not False else timedelta(minutes=1)
    if found.precision in ("year", "month", "day"):
        slack = max(slack, timedelta(days=1))
    return None if value > now.astimezone(UTC) + slack else found


# Country-code top-level domains that are not the country's ISO 3166 code.
_TLD_REGIONS: Final = {"uk": "GB"}


def _region(lang: str, host: str | None) -> str | None:
    tag = re.split(r"[-_]", lang)
    if len(tag) > 1 and len(tag[-1]) == 2 and tag[-1].isalpha():
        return tag[-1].upper()
    tld = host.rsplit(".", 1)[-1].lower() if host and "." in host else ""
    if len(tld) == 2 and tld.isalpha():
        return _TLD_REGIONS.get(tld, tld.upper())
    return None


@lru_cache(maxsize=1024)
def date_order(lang: str | None, host: str | None) -> DateOrder | None:
    """The order a page writes numeric dates in, from CLDR's data for its language and country
    (through dateparser's locales), or None when they do not settle it.

    The country is the language tag's region ("en-GB"), else the host's country-code domain
    (".co.uk", ".de"). A language alone settles it only when every country it is written in
    agrees ("de": day first everywhere; "en": not). Only day-first or month-first: the question
    arises for dates whose year comes last.
    """
    if not lang:
        return None
    language = re.split(r"[-_]", lang)[0].lower()
    orders = _orders(language)
    if not orders:
        return None
    region = _region(lang, host)
    if region is not None and f"{language}-{region}" in orders:
        found = {orders[f"{language}-{region}"]}
    else:
        found = set(orders.values())
    # Year-first orders say nothing about a date whose year comes last ("03/05/2025").
    found -= {"YMD"}
    if found == {"DMY"}:
        return "DMY"
    return "MDY" if found == {"MDY"} else None


@lru_cache(maxsize=256)
def _orders(language: str) -> dict[str, str]:
    """The date order of a language and of each of its countries' locales ("en-GB": "DMY");
    empty for a language dateparser does not know."""
    from dateparser.data import language_locale_dict

    if language not in language_locale_dict:
        return {}
    info = locale_info(language)
    base = str(info.get("date_order"))
    variants = info.get("locale_specific", {})
    orders = {language: base}
    for name in language_locale_dict[language]:
        orders[name] = str(variants.get(name, {}).get("date_order") or base)
    return orders


def awaits_fetch_time(rec: Record, now: datetime | None) -> bool:
    """Whether a record's date is relative ("3 hours ago", "yesterday") and stayed unresolved
    because neither the record nor `--now` (`now`) says when the page was fetched."""
    if rec.published is not None or rec.published_raw is None or now is not None:
        return False
    from cleancli.options import parse_when

    if parse_when(rec.fetched) is not None:
        return False
    mention = find_date(rec.published_raw)
    return mention is not None and mention.unit not in (None, "glued-month", "time")


def prepare() -> None:
    """Build the date patterns and set the date parser up now (about half a second), rather
    than inside the first record that needs them, whose deadline would pay for it."""
    datelines.prepare()
    resolve("1 January 2000", unit=None, now=None, order=None)
    date_order("en", None)  # the language whose countries disagree most: the longest to read
