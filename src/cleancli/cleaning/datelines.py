"""Dates and publishers in page headers: finding them in a line.

Finding is done here with patterns, because a page header glues things together ("Russia
Today06-04-2025", "time5 hours ago", "News183 days ago") in ways a general date parser reads
wrongly. The patterns hold the month, weekday and unit names of every language dateparser
knows (`datewords`), built on first use; resolving what they find is `published`'s job.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

from cleancli.cleaning.datewords import key, trie_pattern, vocabulary
from cleancli.cleaning.lines import fold, is_name
from cleancli.cleaning.wires import wire_credit

_VOCAB: Final = tomllib.loads(
    (resources.files("cleancli.cleaning") / "dates.toml").read_text("utf-8")
)
_UPDATE_LABELS: Final = frozenset(w.casefold() for w in _VOCAB["labels"]["updated"])
_PUBLISHED_LABELS: Final = frozenset(w.casefold() for w in _VOCAB["labels"]["published"])
Label = Literal["published", "updated", "other"]
_LABEL_WORDS: Final = trie_pattern(w.lower() for ws in _VOCAB["labels"].values() for w in ws)
_COMPACT: Final = {
    "s": "second",
    "m": "minute",
    "h": "hour",
    "d": "day",
    "w": "week",
    "mo": "month",
    "y": "year",
}
# A clock time shown before the date it belongs to ("11:26 PM, Mar 09, 2017", "16:38 Март 3").
_TIME_FIRST: Final = r"(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})??,?\s+)?"
_TIME: Final = (
    # after a comma, a space or a separator ("March 23, 2018 - 7:53am")
    r"(?:(?:,?\s*|\s*[-–—|•·]\s*)(?:at|à|um|a las|às|alle|om|pukul|в)?"
    r"\s*\d{1,2}[:h.]\d{2}(?::\d{2})?\s*"
    r"(?:[ap]\.?m\.?|uhr|h)?(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|Z)\b)?)?"
)
_WORD_CLOCK: Final = (
    r",?\s*(?:at|à|um|a las|às|alle|om|pukul|в)?\s*\d{1,2}[:h.]\d{2}"
    r"(?:\s*(?:[ap]\.?m\.?|uhr))?(?:\s*(?-i:[A-Z]{2,4})\b)?"
)
# The largest count a page shows in each unit before it moves to the next one ("59 minutes ago",
# then "an hour ago"): a larger number glued to a name belongs partly to the name ("News18").
_MAX_COUNT: Final = {
    "second": 59, "minute": 59, "hour": 23, "day": 31, "week": 5, "month": 12, "year": 30,
}  # fmt: skip
# What every absolute form holds: digits joined by a separator, or a year. Lines without it
# (most header lines) skip the long search through month names.
_ABSOLUTE_HINT: Final = re.compile(r"\d[-/.:]\d|\d{4}")
# Words that label a date rather than name who published it ("time5 hours ago", "Updated: …").
_LABELS: Final = re.compile(
    r"^(?:and\s+|&\s*)?(?P<label>" + _LABEL_WORDS + r")(?:\s*/\s*(?:" + _LABEL_WORDS + r"))?"
    r"(?:\s*(?:on|at|em|le|el|il|am|op|den|pada|в|于))?\s*[:：|•·-]?\s*$",
    re.IGNORECASE,
)
# What may follow a date on a dateline: nothing, a counter (views) or a reading time, a
# separator; then a byline and section names in capitals ("May 4, 2021 » 1004 Views » By Jane
# Doe » LOCAL, POLICE", "May 17, 2018 · 13 min read"). A site's template may leave the
# byline's name empty ("03 February 2020 01:45 Written by").
_TAIL: Final = re.compile(
    r"^[\s|•·»›,-]*(?:\d{1,3}\s*min(?:ute)?s?\s+read|\d{1,7}(?:\s*(?:views?|reads?))?)?"
    r"[\s|•·»›]*"
    r"(?:(?:(?:(?:written|posted)\s+)?by|geschrieben\s+von|[ée]crit\s+par|escrito\s+por"
    r"|scritto\s+da)(?:\s+(?P<by>[^|•·»›]{2,40}?))?(?:\s*[|•·»›]\s*(?P<sections>.*))?)?$",
    re.IGNORECASE,
)
_SECTIONS: Final = re.compile(r"^[^a-z]*$")
# A source's name after a numeric date: one to four capitalised words.
_SOURCE_AFTER: Final = re.compile(
    r"^(?:\s+|\s*[|•·-]\s*)(?P<name>[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3})\s*$"
)
#: "Source" as credit lines write it, in the languages pages here come in most: "Source: X",
#: "Quelle: X", "来源：X", "Источник: X".
SOURCE_WORDS: Final = (
    "source", "sources", "quelle", "fuente", "fonte", "sumber", "bron", "kilde", "källa",
    "lähde", "źródło", "zdroj", "forrás", "kaynak", "nguồn", "sursa", "πηγή", "источник",
    "джерело", "מקור", "المصدر", "منبع", "स्रोत", "来源", "來源", "出典", "출처",
)  # fmt: skip
#: "Source: Name" or "Source - Name", the name up to a separator or the line's end.
SOURCE_NAME: Final = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(SOURCE_WORDS) + r")\s*(?:[:：]|\s[-–—])\s*"
    r"(?P<name>[^|•·]+?)\s*(?:\s[-–|•·]\s|$)",
    re.IGNORECASE,
)
_SOURCE_LABELLED: Final = re.compile(
    r"^\s*[|•·,–—-]?\s*(?:" + "|".join(SOURCE_WORDS) + r")\s*[:：]"
    r"\s*(?P<name>[^|•·]{2,60}?)\s*$",
    re.IGNORECASE,
)
#: Two or more people's names ("Jane Roe and John Doe", "Jane Roe, John Doe & Ann Lee"):
#: a story's authors, never its publisher.
_PERSON: Final = r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2}"
AUTHORS: Final = re.compile(
    rf"^(?:by\s+)?{_PERSON}(?:(?:,|,? and|,? &| und| et| y| e)\s+{_PERSON})+$"
)
_SEPARATORS: Final = " \t|•·,–—-:"
_ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Capitals (a zone, an acronym) glued to a capitalised word: "WIBDiterbitkan".
_GLUED_LABEL: Final = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z]{3})")
_CLOCK: Final = re.compile(
    r"^(?:" + _LABEL_WORDS + r")\s*:?\s*(?:a las|à|um|at|alle|às|om)?"
    r"\s*(?P<time>\d{1,2}[:h.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?)$",
    re.IGNORECASE,
)
# Scripts written without spaces between words: a date word may touch the next word there.
_UNSPACED: Final = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\ua4cf\uac00-\ud7af]"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    raw: str
    start: int
    end: int
    unit: str | None  # for relative dates: second … year; "glued-month" and "yearless" forms
    word: bool = False  # "today", "yesterday": a date only where nothing but a label precedes it


@dataclass(frozen=True, slots=True)
class Dateline:
    """A header line holding a date, maybe with the publisher glued in front of it.

    `label`: what the line's label says the date is: "published" ("Published:", "Publié le"),
    "updated" ("Updated:", "Mis à jour"), "other" ("Date:", "Stand"); None for a date shown
    without one. A line whose label cleancli does not know ("Born: 4 June 1950") is no
    dateline.
    """

    raw: str
    publisher: str | None
    unit: str | None
    label: Label | None = None


@dataclass(frozen=True, slots=True)
class _Patterns:
    relative: re.Pattern[str]
    absolute: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    words = vocabulary()
    # A count in words stands apart from the unit after it ("an hour ago", "hace un día"); in
    # digits it may touch it ("3小时前", "5h").
    counted = trie_pattern(words.counts)
    relative = re.compile(
        r"(?P<prefix>" + words.prefixes + r")\s*(?P<pn>\d+|(?<=\s)(?:" + counted + r")(?=\s))"
        r"\s*(?P<pu>" + words.prefix_units + r")"
        r"|(?P<n>\d+|(?:" + counted + r")(?=\s))\s*(?P<suffix>" + words.suffixes + r")"
        # "yesterday", "вчера", "昨天", and the clock time after it ("Yesterday, 9:15 PM")
        r"|(?P<word>(?<![^\W\d_])(?:" + words.phrases + r"))(?P<clock>" + _WORD_CLOCK + r")?"
        r"|^(?P<compact>\d+\s?(?:s|m|h|d|w|mo|y))(?:\s+ago)?$",
        re.IGNORECASE,
    )
    month = r"(?:" + words.months + r")\.?"
    # A weekday before a date, a comma or a space after it ("Sun,5 Aug 2012", "Sunday 5 August").
    weekday = r"(?:(?<![^\W\d_])(?:" + words.weekdays + r")(?:\.?,\s*|\.?\s+))?"
    year, mon, day = (
        f"[{chars}]" for chars in (words.glued_year, words.glued_month, words.glued_day)
    )
    # Each name list once: compiling a pattern costs in proportion to its length, and these
    # lists hold every language's names.
    # "10時05分", "10时05分", "10시 05분": a clock time in the characters of its script
    glued_time = rf"\s*\d{{1,2}}\s*[{words.glued_hour}]\s*\d{{1,2}}\s*[{words.glued_minute}]"
    absolute = re.compile(
        # "2025/07/22 10:05", "2025.07.22": year first, never ambiguous
        r"(?P<ymd>\d{4}[/.]\d{1,2}[/.]\d{1,2})(?![\d/.])" + _TIME + r"|"
        r"(?P<iso>\d{4}-\d{2}-\d{2}"
        r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s?(?-i:[A-Z]{2,5})\b)?)?)"
        r"|(?P<num>\d{1,2}[-/.]\d{1,2}[-/.]\d{4})" + _TIME + r""
        # a month named before or after the day, a weekday and clock time maybe around them;
        # without the year, a clock time ("30 December, 21:45")
        r"|(?P<named>"
        + _TIME_FIRST
        + weekday
        + r"(?:"
        + month
        + r"\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?"
        + month
        + r"),?\s+(?:(?:de\s+)?(?P<year>\d{4})"
        + _TIME
        + r"|\d{1,2}:\d{2}))"
        # "2025年7月22日 10:05", "2025년 7월 22일"; "2025年7月" names a month; "7月22日 10:05"
        + rf"|(?P<glued>\d{{4}}\s*{year}\s*\d{{1,2}}\s*{mon}(?P<gday>\s*\d{{1,2}}\s*{day})?)"
        + rf"(?:{glued_time}|{_TIME})"
        + rf"|(?P<gyearless>\d{{1,2}}\s*{mon}\s*\d{{1,2}}\s*{day}\s+\d{{1,2}}:\d{{2}})",
        re.IGNORECASE,
    )
    return _Patterns(relative, absolute)


def prepare() -> None:
    """Build the date patterns now, rather than inside the first record that needs them."""
    _patterns()


def _ends_word(line: str, end: int) -> bool:
    """Whether a date word ending at `end` ends there: not glued to more letters, unless its
    script is written without spaces ("3小时前发布")."""
    return (
        end >= len(line)
        or not line[end].isalpha()
        or bool(_UNSPACED.match(line[end - 1]) or _UNSPACED.match(line[end]))
    )


def _relative(line: str) -> DateMention | None:
    words = vocabulary()
    found: DateMention | None = None
    for m in _patterns().relative.finditer(line):
        text, start = m.group(0), m.start()
        if not _ends_word(line, m.end()):
            continue
        if m.group("word"):
            unit = words.unit_of[key(m.group("word"))]
            found = DateMention(text, start, m.end(), unit, word=True)
            continue
        if m.group("compact"):
            number = re.match(r"\d+", text)
            compact = _COMPACT[text[number.end() if number else 0 :].strip().split()[0].lower()]
            found = DateMention(text, start, m.end(), compact)
            continue
        counted = words.unit_of.get(key(m.group("suffix") or m.group("pu")))
        if counted is None:
            continue
        unit = counted
        if m.group("prefix") and m.group("pn").isdigit() and int(m.group("pn")) > _MAX_COUNT[unit]:
            continue
        digits = re.search(r"\d+", text)
        if digits and m.group("n"):
            count, offset = digits.group(0), digits.start()
            # Move leading digits to the name before until the count fits its unit.
            while len(count) > 1 and int(count) > _MAX_COUNT[unit]:
                count, offset = count[1:], offset + 1
            start, text = start + offset, text[offset:]
        found = DateMention(text, start, m.end(), unit)
    return found


def find_date(line: str) -> DateMention | None:
    """The last date mentioned in a line, relative or absolute."""
    best = _relative(line)
    if not _ABSOLUTE_HINT.search(line):
        return best
    for m in _patterns().absolute.finditer(line):
        if best is None or m.start() >= best.end:
            # A date without a year needs the reference time to be read, as a relative one does.
            yearless = (m.group("named") and not m.group("year")) or m.group("gyearless")
            unit = "yearless" if yearless else None
            if m.group("glued") and not m.group("gday"):
                unit = "glued-month"
            best = DateMention(m.group(0).strip(), m.start(), m.end(), unit)
    return best


def _label(head: str) -> re.Match[str] | None:
    return _LABELS.match(head)


def _kind(label: re.Match[str] | None) -> Label | None:
    if label is None:
        return None
    said = label.group("label")
    said = " ".join(said.split()).casefold()
    return (
        "updated"
        if said in _UPDATE_LABELS
        else "published"
        if said in _PUBLISHED_LABELS
        else "other"
    )


def _updated(label: re.Match[str] | None) -> bool:
    return _kind(label) == "updated"


@lru_cache(maxsize=16384)
def parse_dateline(line: str) -> Dateline | None:
    """Read a short header line made of a date and at most a label or a publisher name."""
    if not line or len(line) > 160:
        return None
    line = fold(line)
    found = _dateline(line)
    if found is None and _GLUED_LABEL.search(line):
        # "12:59 WIBDiterbitkan 16 Mar 2013": a zone glued to the next label
        found = _dateline(_GLUED_LABEL.sub(" ", line))
    return found


def _dateline(line: str) -> Dateline | None:
    mention = find_date(line)
    if mention is None:
        clock = _CLOCK.match(line)  # "Actualizado a las 17:20": a time, no date
        return Dateline(clock.group("time"), None, "time") if clock else None
    tail = _TAIL.match(line[mention.end :])
    if tail is None and mention.unit is None and not mention.word and not line[: mention.start]:
        # "2005-10-28 Xinhuanet": a press review's item names its source after the date;
        # "July 22, 2025 - Source: Harbor Wire" says so
        after = line[mention.end :]
        source = _SOURCE_AFTER.match(after) or _SOURCE_LABELLED.match(after)
        return Dateline(mention.raw, source.group("name"), None) if source else None
    if tail is None or (
        tail.group("by") is not None
        and not (is_name(tail.group("by")) and _SECTIONS.match(tail.group("sections") or ""))
    ):
        return None
    head = line[: mention.start].strip(_SEPARATORS)
    label = _label(head) or _label(line[: mention.start].strip())
    if not head or label:
        return Dateline(mention.raw, None, mention.unit, _kind(label))
    if line[: mention.start].rstrip().endswith((":", "：")):
        # "Last reviewed: …", "Born: 4 June 1950", "Closed since: …": a label cleancli does not
        # know says the date is something else than the page's, and names nobody
        return None
    earlier = find_date(head)
    rest = head[earlier.end :].strip(_SEPARATORS) if earlier else ""
    if earlier is not None and not earlier.word and (not rest or _label(rest)):
        before = _label(head[: earlier.start].strip(_SEPARATORS))
        if (
            _updated(before)
            or (rest and not _updated(_label(rest)) and before is None)
            or (not rest and _ISO_DATE.match(earlier.raw) and not _ISO_DATE.match(mention.raw))
        ):
            # "Updated 16 Mar 2013 Published 16 Mar 2013", and a crawler's ISO date before the
            # date the page shows (" date 2016-12-14 14 December 2016"): the later one dates it
            return Dateline(mention.raw, None, mention.unit)
        # "22/07/2025 14h05 Atualizado há 2 horas": the date shown first is the date.
        return Dateline(earlier.raw, None, earlier.unit)
    if mention.word or (earlier is not None and not earlier.word):
        # "Russia Today" names a publisher, it dates nothing; a name holds no date of its own
        return None
    if head.lower().startswith("by ") or AUTHORS.match(head):
        # its authors, not its publisher; but a news agency's credit ("By AFP, 06 May 2025")
        named = head[3:] if head.lower().startswith("by ") else head
        return Dateline(mention.raw, wire_credit(named), mention.unit)
    if not is_name(head):
        return None
    return Dateline(mention.raw, head, mention.unit)
