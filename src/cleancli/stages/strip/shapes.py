"""The line shapes and small readers strip's passes share: patterns for bylines, credits,
datelines and contact lines, the header cluster, the crawler's header, and the records a pass
fills in (`Line`, `Article`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.datelines import SOURCE_NAME, Dateline, find_date, parse_dateline
from cleancli.cleaning.lines import is_name, key, words
from cleancli.cleaning.published import shown_day
from cleancli.cleaning.wires import wire_credit

if TYPE_CHECKING:
    from cleancli.record import Link, Role

STAGE: Final = "strip"
#: A listing page has at least this many items; a teaser is prose or a line this long.
LISTING_ITEMS: Final = 3
TEASER_WORDS: Final = 12
# An item's source or date line in a feed: "- PUB DATE: 3/9/2022 - SOURCE: WHDH".
ITEM_SOURCE: Final = re.compile(r"\b(?:source|date|posted|published)\s*:", re.IGNORECASE)
#: A headline's kicker: a section's name in capitals before a colon ("LETTER:", "WATCH:").
KICKER: Final = re.compile(r"^[^\W\d_a-z]{2,}(?: [^\W\d_a-z]{2,})?:")
_PICTURES: Final = re.compile(
    r"\b(?:images?|photos?|pictures|getty|shutterstock|istock|alamy)\b", re.IGNORECASE
)
# "Aswat Masriya (Cairo)": a source and the place it reported from.
PLACE_CREDIT: Final = re.compile(
    r"^(?P<name>[^()]{2,40}?) \((?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2})\)$"
)
# One capitalised word of letters, maybe with a digit or a dot in it ("Teleuniverso", "News24").
OUTLET: Final = re.compile(r"^[A-Z][\w.]{2,30}$")
#: The rule that knows a listing page's heading ("Latest news with #Tag").
LISTING_HEADING: Final = "general:tag-listing-heading"
#: How a dateline's label weighs in choosing the publication date (`publication_dateline`).
_LABEL_RANK: Final = {"published": 2, None: 1, "other": 1, "updated": 0}
#: How many lines under a story's last paragraph may hold its date.
CLOSING_DATE_LINES: Final = 3
#: The longest line read as a source line ("Source: " and a name of up to 60 characters).
SOURCE_LINE: Final = 80
#: A paragraph this long after an end marker says the article goes on: chrome, and most
#: comments, run shorter.
ARTICLE_PARAGRAPH: Final = 40
#: An end marker this close to the page's end ends it, however little prose came before.
FOOTER_LINES: Final = 2
#: A press release's headline is at most this many words long.
RELEASE_HEADLINE_WORDS: Final = 60
#: A closing credit stands among an article's last this many body lines.
CREDIT_LINES: Final = 3
#: A page's last line cut inside a repeat of chrome is at most this many words long.
CUT_REPEAT_WORDS: Final = 12
#: An end marker ends the article after this many prose lines; after one, when another end
#: marker follows (a comment thread's second header), since a lone one there is a share bar's.
END_AFTER_PROSE: Final = 2
#: Lines before a page's first story header are its chrome if at most this many are prose.
LEAD_PROSE: Final = 3
#: Stray lines a page may open with above its headline (`lead_headline`).
LEAD_LINES: Final = 2
_SALIENT: Final = re.compile(r"\w{5,}")
#: Pages with fewer lines of text give the line model too little context to judge by.
MODEL_MIN_LINES: Final = 6
#: The line model's probability above which it takes out even a short line amid body (on the
#: textdev pages, cross-validated by site, such lines above it were all furniture).
MODEL_SURE: Final = 0.95
# Lines read to tell a page's script: enough for its header and first paragraphs.
SCRIPT_SAMPLE: Final = 40
BULLET: Final = re.compile(r"^[•·▪●◦‣∙*–—-]\s*(?P<name>.+)$")
# "By Jane Doe", "Von Jana Kessler", "Por …", "Par …", "di …", "Door …", "Oleh …", "Author: …".
BYLINE: Final = re.compile(
    r"^(?:(?:by|von|por|par|di|door|oleh|de|written by|posted by)\s+"
    r"|(?:author|autor|autorin|auteur|autore|penulis|reporter|laporan|reporting)\s*:\s*)"
    r"(?P<name>[^\d].*)$"
    r"|^(?P<author>[^-–|]{3,40}) [-–|] \S+\.\w{2,}$",
    re.IGNORECASE,
)
# A person's name, then their desk or outlet: "Jane Doe, Ellismere Echo", "Jane Doe | Staff".
_DESK: Final = re.compile(
    r"^[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|da|van|von|der|del|bin|al))+"
    r"(?:,| [|–—-]) (?P<desk>[A-Z][\w.&'’-]*(?: (?:[A-Z&][\w.&'’-]*|of|and|the|for))*)$"
)
# A syndicated story's closing credit: "This article originally appeared on Outlet: Headline".
CREDIT: Final = re.compile(
    r"^(?:this (?:article|story|post|piece|report) (?:was )?(?:originally|first)|originally) "
    r"(?:appeared|published|posted|ran) (?:on|in|at|by) (?P<publisher>[^:]{2,60}?)"
    r"(?:\s*:\s*(?P<title>.{3,200}?))?\.?$",
    re.IGNORECASE,
)
# A body's opening wire dateline: a city in capitals, maybe a date, the wire in brackets or
# slashes, a dash ("NEW YORK, May 4, 2022 (GLOBE NEWSWIRE) —", "BOSTON--(BUSINESS WIRE)--").
_WIRE_LEAD_BODY: Final = (
    r"[A-Z][A-Z .,'’-]{2,40}?(?:,\s+[A-Z][a-z]{1,5}\.)?"
    r"(?:,\s+(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}))?"
    r"\s*(?:--\s*)?[(/]\s*(?P<agency>[A-Z][\w .-]{1,30}?)\s*[)/]\s*(?:--|—|–|-)"
)
WIRE_LEAD: Final = re.compile("^" + _WIRE_LEAD_BODY)
# A story's first paragraph opening on its wire's dateline, maybe after the wire's name
# ("Reuters - LONDON (Reuters) - A British man…", "(CNN) — The…"): the agency is its publisher.
_WIRE_CREDIT: Final = re.compile(
    r"^(?:[A-Z][\w&.' ]{1,30}\s[-–—]\s)?(?:"
    + _WIRE_LEAD_BODY
    + r"|\((?P<lone>[A-Z][\w .-]{1,30}?)\)\s*(?:--|—|–|-)\s)"
)
# A dateline in the case of the story's own language, before a known agency's credit:
# Hamburg (dpa), Jakarta (ANTARA), МОСКВА, 3 марта. /ТАСС/.
_WIRE_PLACE: Final = re.compile(
    r"^[^\W\d_][\w'’. -]{1,40}?(?:,\s+[\w .]{3,20}?)?\s*(?:\((?P<agency>[^()]{2,30})\)\s*[-–—]"
    r"|/(?P<slashed>[^/]{2,30})/\.?)\s"
)
INLINE_LINK: Final = re.compile(r"^(?P<marker>[^:|]{2,20}?)\s*[:|]\s*(?P<title>.+)$")
# "Filtered By: Topstories", "Section: News": a label and one word, not a headline.
LABEL: Final = re.compile(r"^[^:]{1,30}:\s*\S+$")
# What no headline holds: an e-mail address, a web address, a phone number ("(555) 123-4567").
# Each regex starts at the character its match must hold, so the engine skips to it rather
# than trying the pattern at every place of the line; `holds_address` says so in one call.
_EMAIL: Final = re.compile(r"@(?<=[\w.+-]@)[\w-]+\.\w")
_WWW: Final = re.compile(r"www\.(?<=\bwww\.)")
_PHONE: Final = re.compile(r"\d(?<!\w\d)\d\d\)?[ .-]\d{3}[ .-]\d{4}\b")
# A site's name as its domain beside a numeric date or time: "15-03-2026 - 12:07 - Site.fr".
DOMAIN: Final = re.compile(r"\b[\w-]+\.(?:com|org|net|fr|de|it|es|uk|in|au|ca|id)\b")
NUMERIC_TIME: Final = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}:\d\d\b")
# A crawler's header glued before a page's first line: " date 2025-07-07 " and a length.
_CRAWLER_HEADER: Final = re.compile(r"^date \d{4}-\d\d-\d\d(?P<length> \d+)? (?!\d+$)")


@dataclass(slots=True)
class Line:
    text: str
    role: Role | None = None
    why: str = ""
    part: int = 0
    marker: bool = False  # a link marker ("Read more"): decided in the body pass
    ends: bool = False  # an end marker (a comment section): the article may end here
    kept: bool = False  # a user's `keep` rule: the line model may not take it out

    @property
    def key(self) -> str:
        """The text case-folded, to compare lines. Made when asked, not kept: most lines are
        compared once or never, and a copy of every line would double the page in memory."""
        return self.text.casefold()


@dataclass(frozen=True, slots=True)
class DigestItem:
    title_line: int | None
    body_line: int
    title: str | None
    body: str


@dataclass(slots=True)
class Article:
    """What the header and body of one article yielded."""

    title: str | None = None
    publisher: str | None = None
    dateline: Dateline | None = None
    links: list[Link] = field(default_factory=list)
    has_body: bool = False
    #: Its title appeared more than once: an aggregator item's header, not a bare headline.
    repeated: bool = False
    #: Its dateline stood above its headline.
    dated_above_title: bool = False


def bare_date(text: str) -> bool:
    """A line that is one date and nothing else: no publisher, no clock alone, no range
    ("29 November 2018 | 20 January 2019" is an event's dates, content)."""
    dateline = parse_dateline(text)
    if dateline is None or dateline.publisher is not None or dateline.unit == "time":
        return False
    return find_date(text.replace(dateline.raw, " ", 1)) is None


def wire_of(text: str) -> str | None:
    """The agency a story's opening line credits ("LONDON (Reuters) - …", "Hamburg (dpa) -
    …"), or None. Any capitalised name in a dateline in capitals; in a dateline in another
    case, only an agency `wires.py` knows."""
    credit = _WIRE_CREDIT.match(text)
    if credit is not None:
        return credit.group("agency") or credit.group("lone")
    place = _WIRE_PLACE.match(text)
    if place is None:
        return None
    return wire_credit(place.group("agency") or place.group("slashed"))


def proper_name(text: str) -> bool:
    """Whether a line is written as a name: each word that has case starts with a capital, but
    for short joining words ("Daily Mail", "The Times of India", "青岚日报"); a headline in
    sentence case ("Harbor council approves new ferry timetable") is no name."""
    return all(
        len(word) <= 3 or not word[:1].islower() for word in text.split() if word[:1].isalpha()
    )


def byline_alone(text: str) -> bool:
    """A line that is a byline and nothing else: "By Jane Doe", or a person's name with their
    desk or outlet after a comma or bar ("By Jane Doe, Ellismere Echo National Desk")."""
    byline = BYLINE.match(text)
    if byline is None:
        return False
    name = byline.group("name") or byline.group("author") or ""
    if is_name(name):
        return True
    split = _DESK.match(name)
    return split is not None and is_name(split.group("desk"))


def source_line(text: str) -> str | None:
    """The name a "Source: New Zealand Police", "Reuters -" or "AFP" line gives, if the line is
    that and no more; a picture library credits a photo, not the story ("Source: Getty Images")."""
    agency = wire_credit(text)
    if agency is not None:
        return agency
    source = SOURCE_NAME.match(text)
    if source is None or _PICTURES.search(text):
        return None
    name = source.group("name")
    if not is_name(name) or (words(name) >= 3 and not proper_name(name)):
        return None  # "Source: interviews with residents" names no publisher
    return source.group("name")


def echoes(headline: str, text: str) -> int:
    """How many of a headline's words of five or more letters `text` takes up (case aside):
    a story's first paragraph repeats its headline's names and nouns."""
    said = {w.casefold() for w in _SALIENT.findall(text)}
    return sum(w.casefold() in said for w in set(_SALIENT.findall(headline)))


def unbulleted(text: str) -> str:
    """A line without its bullet: "• Headline" is a list item's "Headline"."""
    bullet = BULLET.match(text)
    return bullet.group("name") if bullet else text


def unbulleted_key(line: Line) -> str:
    """A line's key without its bullet: "• Headline" repeats "Headline"."""
    return key(unbulleted(line.text))


@dataclass(frozen=True, slots=True)
class ItemShape:
    dated: bool
    cut: bool
    bulleted: bool
    kicker: str


def is_listing(shapes: list[ItemShape | None], *, below_article: bool) -> bool:
    """Whether items of these shapes (all but a listing's last) make a listing: every one an
    item, and most dated or cut short, or all under one kicker ("LETTER:"), or all bulleted
    where no article stands above them (below one, bulleted points are the article's own)."""
    if len(shapes) + 1 < LISTING_ITEMS or any(shape is None for shape in shapes):
        return False
    items = [shape for shape in shapes if shape is not None]
    n = len(items)
    kickers = Counter(shape.kicker for shape in items if shape.kicker)
    bulleted = sum(shape.bulleted for shape in items) == n and not below_article
    if bulleted or max(kickers.values(), default=0) == n:
        return True
    return 2 * max(sum(s.dated for s in items), sum(s.cut for s in items)) >= n


#: Words a repeated line needs to be a headline printed twice rather than a name.
_TITLE_WORDS: Final = 3


def repeats_a_title(lines: list[Line]) -> bool:
    """Whether a line of three words or more stands twice among `lines`: a headline printed
    twice (a link and a heading). A name printed twice is a photo's caption and alt text."""
    keys = [unbulleted_key(line) for line in lines if words(line.text) >= _TITLE_WORDS]
    return len(set(keys)) < len(keys)


def header_cluster(lines: list[Line]) -> bool:
    """Header lines that open an article: a title repeated, a date, or a bulleted name."""
    return (
        repeats_a_title(lines)
        or any(parse_dateline(line.text) for line in lines)
        or any(BULLET.match(line.text) for line in lines)
    )


def cut_crawler_header(texts: list[str]) -> list[str]:
    """Folded lines with a crawler's header (" date 2025-07-07 ") cut off the first line with
    text when it is glued to the page's own first line (a menu, the headline). On a line of its
    own it stays for the rules to read (a wire's copy may carry its date there and nowhere
    else). `explain` shows the line model's view of the same lines."""
    first = next((k for k, text in enumerate(texts) if text), None)
    header = _CRAWLER_HEADER.match(texts[first]) if first is not None else None
    if first is None or header is None or header.end() >= len(texts[first]):
        return texts
    end = header.end()
    if header.group("length"):
        shown = find_date(texts[first][header.start("length") + 1 :])
        if shown is not None and shown.start == 0:  # "14 December 2016": a day, not a length
            end = header.start("length") + 1
    return [*texts[:first], texts[first][end:], *texts[first + 1 :]]


def holds_address(text: str) -> bool:
    """Whether a line holds an e-mail or web address or a phone number (`_EMAIL`, `_WWW`)."""
    return (
        "http://" in text
        or "https://" in text
        or ("@" in text and _EMAIL.search(text) is not None)
        or ("www." in text and _WWW.search(text) is not None)
        or _PHONE.search(text) is not None
    )


def reads_as_header(line: str) -> bool:
    """Whether strip reads a line as an article's dateline or byline wherever it stands
    ("2 days ago", "Reuters11 hours ago", "By Jane Doe")."""
    return byline_alone(line) or parse_dateline(line) is not None


def mark(line: Line, role: Role, why: str, part: int) -> None:
    line.role, line.why, line.part = role, why, part


def publication_dateline(held: Dateline | None, found: Dateline, *, above: bool) -> Dateline:
    """Of two datelines of one header, the one that dates the publication. Labels decide: one
    labelled as the publication beats one that is not, and one labelled as an update gives way
    to any other ("Updated: …" above "Published: …"). Else the first, unless it stands above
    the headline (`above`: a masthead's date, a quote widget's) and the other, under it, is the
    article's own."""
    if held is None or _LABEL_RANK[found.label] > _LABEL_RANK[held.label]:
        return found
    if above and _LABEL_RANK[found.label] == _LABEL_RANK[held.label]:
        return held if _same_day(held, found) else found
    return held


def _same_day(one: Dateline, other: Dateline) -> bool:
    """Whether two full dates name one day ("Mon Mar 14, 2016", "Monday, March 14, 2016")."""
    if one.unit is not None or other.unit is not None:
        return False
    day = shown_day(one.raw)
    return day is not None and day == shown_day(other.raw)
