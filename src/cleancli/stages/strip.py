"""The strip stage: give every line of a page a role and the rule that decided it.

Nothing is deleted here. Strip marks each line (body, title, byline, dateline, furniture,
related-marker, link, blank), parses the header of the page's article and of every embedded
related article, and renders the article's prose. Split later cuts the related articles out
using the marks, and `explain` shows them.

A page is read in three passes:
1. Rules that need no context: profile and general furniture, section markers, blank lines.
2. Zones: the page's own article runs up to the first related-section marker that follows some
   content; after it, related articles are told apart by their header clusters.
3. Each article (the page's own, then each related one) is read header first (title, publisher,
   date, repeats of them) and then body, where "Read more" lines become links.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from cleancli.cleaning import siterepeats
from cleancli.cleaning.datelines import AUTHORS, SOURCE_NAME, Dateline, find_date, parse_dateline
from cleancli.cleaning.datelines import prepare as prepare_dates
from cleancli.cleaning.lang import detect
from cleancli.cleaning.linemodel import BUILTIN, OFF, LineModel, choose
from cleancli.cleaning.linemodel.features import page_features
from cleancli.cleaning.lines import (
    LIST_ITEM_WORDS,
    ends_sentence,
    fold,
    is_headline,
    is_name,
    is_prose,
    is_table_row,
    key,
    page_lines_of,
    reflow,
    split_headline,
    split_site_suffix,
    words,
)
from cleancli.cleaning.profiles import LINK_TAIL, Profile, RuleSet, select
from cleancli.cleaning.published import (
    DateOrder,
    Published,
    date_order,
    from_markup,
    resolve,
    shown_day,
)
from cleancli.cleaning.siterepeats import SiteLines, host_of
from cleancli.cleaning.wires import wire_credit
from cleancli.options import parse_when
from cleancli.record import Block, Item, Link, Record, Reject, Role, Section
from cleancli.scripts import mostly_unspaced
from cleancli.stages.each import each

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from cleancli.cleaning.linemodel.forest import Forest

STAGE: Final = "strip"
#: A listing page has at least this many items; a teaser is prose or a line this long.
_LISTING_ITEMS: Final = 3
_TEASER_WORDS: Final = 12
# An item's source or date line in a feed: "- PUB DATE: 3/9/2022 - SOURCE: WHDH".
_ITEM_SOURCE: Final = re.compile(r"\b(?:source|date|posted|published)\s*:", re.IGNORECASE)
#: A headline's kicker: a section's name in capitals before a colon ("LETTER:", "WATCH:").
_KICKER: Final = re.compile(r"^[^\W\d_a-z]{2,}(?: [^\W\d_a-z]{2,})?:")
_PICTURES: Final = re.compile(
    r"\b(?:images?|photos?|pictures|getty|shutterstock|istock|alamy)\b", re.IGNORECASE
)
# "Aswat Masriya (Cairo)": a source and the place it reported from.
_PLACE_CREDIT: Final = re.compile(
    r"^(?P<name>[^()]{2,40}?) \((?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2})\)$"
)
# One capitalised word of letters, maybe with a digit or a dot in it ("Teleuniverso", "News24").
_OUTLET: Final = re.compile(r"^[A-Z][\w.]{2,30}$")
#: The rule that knows a listing page's heading ("Latest news with #Tag").
_LISTING_HEADING: Final = "general:tag-listing-heading"
#: How a dateline's label weighs in choosing the publication date (`_publication`).
_LABEL_RANK: Final = {"published": 2, None: 1, "other": 1, "updated": 0}
#: How many lines under a story's last paragraph may hold its date.
_CLOSING_DATE_LINES: Final = 3
#: The longest line read as a source line ("Source: " and a name of up to 60 characters).
_SOURCE_LINE: Final = 80
#: A paragraph this long after an end marker says the article goes on: chrome, and most
#: comments, run shorter.
_ARTICLE_PARAGRAPH: Final = 40
#: An end marker this close to the page's end ends it, however little prose came before.
_FOOTER_LINES: Final = 2
#: A press release's headline is at most this many words long.
_RELEASE_HEADLINE_WORDS: Final = 60
#: A closing credit stands among an article's last this many body lines.
_CREDIT_LINES: Final = 3
#: A page's last line cut inside a repeat of chrome is at most this many words long.
_CUT_REPEAT_WORDS: Final = 12
#: An end marker ends the article after this many prose lines; after one, when another end
#: marker follows (a comment thread's second header), since a lone one there is a share bar's.
_END_AFTER_PROSE: Final = 2
#: Lines before a page's first story header are its chrome if at most this many are prose.
_LEAD_PROSE: Final = 3
#: Stray lines a page may open with above its headline (`lead_headline`).
_LEAD_LINES: Final = 2
_SALIENT: Final = re.compile(r"\w{5,}")
#: Pages with fewer lines of text give the line model too little context to judge by.
MODEL_MIN_LINES: Final = 6
#: The line model's probability above which it takes out even a short line amid body (on the
#: textdev pages, cross-validated by site, such lines above it were all furniture).
MODEL_SURE: Final = 0.95
# Lines read to tell a page's script: enough for its header and first paragraphs.
_SCRIPT_SAMPLE: Final = 40
_BULLET: Final = re.compile(r"^[•·▪●◦‣∙*–—-]\s*(?P<name>.+)$")
# "By Jane Doe", "Von Jana Kessler", "Por …", "Par …", "di …", "Door …", "Oleh …", "Author: …".
_BYLINE: Final = re.compile(
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
_CREDIT: Final = re.compile(
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
_WIRE_LEAD: Final = re.compile("^" + _WIRE_LEAD_BODY)
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
_INLINE_LINK: Final = re.compile(r"^(?P<marker>[^:|]{2,20}?)\s*[:|]\s*(?P<title>.+)$")
# "Filtered By: Topstories", "Section: News": a label and one word, not a headline.
_LABEL: Final = re.compile(r"^[^:]{1,30}:\s*\S+$")
# What no headline holds: an e-mail address, a web address, a phone number ("(555) 123-4567").
# Each regex starts at the character its match must hold, so the engine skips to it rather
# than trying the pattern at every place of the line; `_holds_address` says so in one call.
_EMAIL: Final = re.compile(r"@(?<=[\w.+-]@)[\w-]+\.\w")
_WWW: Final = re.compile(r"www\.(?<=\bwww\.)")
_PHONE: Final = re.compile(r"\d(?<!\w\d)\d\d\)?[ .-]\d{3}[ .-]\d{4}\b")
# A site's name as its domain beside a numeric date or time: "15-03-2026 - 12:07 - Site.fr".
_DOMAIN: Final = re.compile(r"\b[\w-]+\.(?:com|org|net|fr|de|it|es|uk|in|au|ca|id)\b")
_NUMERIC_TIME: Final = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}:\d\d\b")
# A crawler's header glued before a page's first line: " date 2025-07-07 " and a length.
_CRAWLER_HEADER: Final = re.compile(r"^date \d{4}-\d\d-\d\d(?P<length> \d+)? (?!\d+$)")


@dataclass(slots=True)
class _Line:
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
class _DigestItem:
    title_line: int | None
    body_line: int
    title: str | None
    body: str


@dataclass(slots=True)
class _Article:
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


def _bare_date(text: str) -> bool:
    """A line that is one date and nothing else: no publisher, no clock alone, no range
    ("29 November 2018 | 20 January 2019" is an event's dates, content)."""
    dateline = parse_dateline(text)
    if dateline is None or dateline.publisher is not None or dateline.unit == "time":
        return False
    return find_date(text.replace(dateline.raw, " ", 1)) is None


def _wire_of(text: str) -> str | None:
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


def _proper_name(text: str) -> bool:
    """Whether a line is written as a name: each word that has case starts with a capital, but
    for short joining words ("Daily Mail", "The Times of India", "青岚日报"); a headline in
    sentence case ("Harbor council approves new ferry timetable") is no name."""
    return all(
        len(word) <= 3 or not word[:1].islower() for word in text.split() if word[:1].isalpha()
    )


def _byline_alone(text: str) -> bool:
    """A line that is a byline and nothing else: "By Jane Doe", or a person's name with their
    desk or outlet after a comma or bar ("By Jane Doe, Ellismere Echo National Desk")."""
    byline = _BYLINE.match(text)
    if byline is None:
        return False
    name = byline.group("name") or byline.group("author") or ""
    if is_name(name):
        return True
    split = _DESK.match(name)
    return split is not None and is_name(split.group("desk"))


def _source_line(text: str) -> str | None:
    """The name a "Source: New Zealand Police", "Reuters -" or "AFP" line gives, if the line is
    that and no more; a picture library credits a photo, not the story ("Source: Getty Images")."""
    agency = wire_credit(text)
    if agency is not None:
        return agency
    source = SOURCE_NAME.match(text)
    if source is None or _PICTURES.search(text):
        return None
    name = source.group("name")
    if not is_name(name) or (words(name) >= 3 and not _proper_name(name)):
        return None  # "Source: interviews with residents" names no publisher
    return source.group("name")


def _echoes(headline: str, text: str) -> int:
    """How many of a headline's words of five or more letters `text` takes up (case aside):
    a story's first paragraph repeats its headline's names and nouns."""
    said = {w.casefold() for w in _SALIENT.findall(text)}
    return sum(w.casefold() in said for w in set(_SALIENT.findall(headline)))


def _unbulleted(text: str) -> str:
    """A line without its bullet: "• Headline" is a list item's "Headline"."""
    bullet = _BULLET.match(text)
    return bullet.group("name") if bullet else text


def _unbulleted_key(line: _Line) -> str:
    """A line's key without its bullet: "• Headline" repeats "Headline"."""
    return key(_unbulleted(line.text))


@dataclass(frozen=True, slots=True)
class _ItemShape:
    dated: bool
    cut: bool
    bulleted: bool
    kicker: str


def _is_listing(shapes: list[_ItemShape | None], *, below_article: bool) -> bool:
    """Whether items of these shapes (all but a listing's last) make a listing: every one an
    item, and most dated or cut short, or all under one kicker ("LETTER:"), or all bulleted
    where no article stands above them (below one, bulleted points are the article's own)."""
    if len(shapes) + 1 < _LISTING_ITEMS or any(shape is None for shape in shapes):
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


def _repeats_a_title(lines: list[_Line]) -> bool:
    """Whether a line of three words or more stands twice among `lines`: a headline printed
    twice (a link and a heading). A name printed twice is a photo's caption and alt text."""
    keys = [_unbulleted_key(line) for line in lines if words(line.text) >= _TITLE_WORDS]
    return len(set(keys)) < len(keys)


def _header_cluster(lines: list[_Line]) -> bool:
    """Header lines that open an article: a title repeated, a date, or a bulleted name."""
    return (
        _repeats_a_title(lines)
        or any(parse_dateline(line.text) for line in lines)
        or any(_BULLET.match(line.text) for line in lines)
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


def _holds_address(text: str) -> bool:
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
    return _byline_alone(line) or parse_dateline(line) is not None


def _mark(line: _Line, role: Role, why: str, part: int) -> None:
    line.role, line.why, line.part = role, why, part


class _Page:
    def __init__(self, raw_lines: list[str], rules: RuleSet, *, rejoin: bool = True) -> None:
        self.lines = [_Line(fold(raw)) for raw in raw_lines]
        self.raw = raw_lines
        self.rules = rules
        self.rejoin = rejoin  # off when each line is one of the HTML's blocks
        #: The last line that is not blank: where a dump cut at a size limit stops.
        self.last = max((i for i, line in enumerate(self.lines) if line.text), default=-1)
        self._cut_crawler_header()
        #: The line model's probability of furniture for each line with text, when it ran.
        self.odds: dict[int, float] = {}
        self.cut = 1.0
        #: The lines the line model takes out (if the rules would keep them).
        self.drops: set[int] = set()

    def _cut_crawler_header(self) -> None:
        texts = cut_crawler_header([line.text for line in self.lines])
        for line, text in zip(self.lines, texts, strict=True):
            line.text = text

    def consult(self, model: Forest) -> None:
        """Ask the line model about every line with text; keep its verdicts where it is sure
        and the page gives it context to judge by (see `_guarded`)."""
        texts = [line.text for line in self.lines]
        at = [i for i, text in enumerate(texts) if text]
        if len(at) < MODEL_MIN_LINES:
            return
        # Only the lines no rule has claimed (nor a `keep` rule kept) are the model's to judge.
        open_lines = {i for i in at if self.lines[i].role is None and not self.lines[i].kept}
        candidates, rows = page_features(texts, only=open_lines)
        said = model.probabilities(rows)
        self.odds = dict(zip(candidates, said, strict=True))
        self.cut = model.cut
        sure = {i for i, p in self.odds.items() if p >= model.cut}
        prose = [i for i in candidates if is_prose(self.lines[i].text)]
        kept_prose = [i for i in prose if i not in sure]
        listed = self._list_items(at, kept_prose)
        body = self._body_run(at, set(prose), sure)
        self.drops = {
            i
            for i in sure
            if i not in listed and i not in body and not self._guarded(i, at, prose, kept_prose)
        }

    def _body_run(self, at: list[int], prose: set[int], sure: set[int]) -> set[int]:
        """The lines the body carries on through, which the model may not take out: from a
        prose line it keeps, each following prose line it is less than all but certain of, and
        a short line followed by such prose (a subheading), until a line that is neither."""
        carried: set[int] = set()
        inside = False
        # A line a rule takes out ("Story continues below advertisement") does not break the run.
        at = [i for i in at if self.lines[i].role != "furniture"]
        for k, i in enumerate(at):
            if i not in sure:
                inside = inside or i in prose
                continue
            if inside and i in prose and self.odds[i] < MODEL_SURE:
                carried.add(i)
                continue
            after = at[k + 1] if k + 1 < len(at) else None
            if (
                inside
                and i not in prose
                and after in prose
                and (after not in sure or self.odds[after] < MODEL_SURE)
            ):
                carried.add(i)
                continue
            inside = False
        return carried

    def _list_items(self, at: list[int], kept_prose: list[int]) -> set[int]:
        """A list inside the body: a line of three or more words ending with a colon ("Walkers
        should carry:"), the short items after it (a few words, or a short sentence each), when
        the article goes on after them in longer prose the model keeps."""
        items: set[int] = set()
        going_on = set(kept_prose)
        for k, i in enumerate(at):
            text = self.lines[i].text
            if not text.endswith(":") or words(text) < 3 or is_prose(text):
                continue
            run: list[int] = [i]
            for j in at[k + 1 :]:
                short = words(self.lines[j].text) <= LIST_ITEM_WORDS
                if j in going_on and not short:
                    if len(run) > 1:
                        items.update(run)
                    break
                if not short:
                    break
                run.append(j)
        return items

    def _guarded(self, i: int, at: list[int], prose: list[int], kept_prose: list[int]) -> bool:
        """Lines the model may not take out: the page's only prose line (a one-sentence
        article) and a short line between two prose lines it keeps (a subheading, a link in the
        text); and, unless it is all but certain, any line between the first and the last prose
        line it keeps (the body) and the page's last line right after body (a dump cut
        mid-article)."""
        if prose == [i]:
            return True
        if i not in prose and self._next_to_body(i, at, kept_prose):
            return True
        if self.odds[i] >= MODEL_SURE:
            return False
        if i == at[-1]:
            return len(at) > 1 and at[-2] in kept_prose[-1:]
        return bool(kept_prose) and kept_prose[0] < i < kept_prose[-1]

    @staticmethod
    def _next_to_body(i: int, at: list[int], kept_prose: list[int]) -> bool:
        k = bisect_left(at, i)
        if not 0 < k < len(at) - 1:
            return False
        before, after = at[k - 1], at[k + 1]
        j = bisect_left(kept_prose, before)
        return j + 1 < len(kept_prose) and kept_prose[j] == before and kept_prose[j + 1] == after

    def model_drops(self, i: int, part: int) -> bool:
        """Mark line `i` furniture if the line model takes it out; whether it did."""
        if i not in self.drops:
            return False
        _mark(self.lines[i], "furniture", "line-model", part)
        return True

    # --- pass 1 --------------------------------------------------------------------------------

    def mark_rules(self) -> None:
        for line in self.lines:
            if not line.text:
                _mark(line, "blank", "", 0)
                continue
            verdict = self.rules.verdict(line.text)
            if verdict is None or (verdict.why.startswith("general:") and wire_credit(line.text)):
                continue  # an agency's name alone credits the story: the article's reading says
            if verdict.role == "keep":
                line.kept = True
            elif verdict.role == "furniture":
                _mark(line, "furniture", verdict.why, 0)
            elif verdict.role == "related-marker":
                _mark(line, "related-marker", verdict.why, 0)
            elif verdict.role == "end-marker":
                _mark(line, "furniture", verdict.why, 0)
                line.ends = True
            else:  # a link marker
                line.why, line.marker = verdict.why, True

    def mark_repeated(self, repeated: frozenset[bytes]) -> None:
        """Mark as furniture the lines no rule claimed that the page's site repeats, unless
        strip reads them as a header (a dateline, a byline), a headline, or they stand right
        above a date line (a publisher, a reporter's role)."""
        if not repeated:
            return
        texts = [line.text for line in self.lines if line.text]
        at = 0
        for line in self.lines:
            if not line.text:
                continue
            at += 1
            if (
                line.role is None
                and not line.kept
                and siterepeats.digest(line.text) in repeated
                and not reads_as_header(line.text)
                and not siterepeats.headline_like(line.text)
                # a publisher's name or a reporter's role sits above the page's own date
                and not any(parse_dateline(t) for t in texts[at : at + 2])
            ):
                _mark(line, "furniture", "site-repeated", 0)

    def end_articles(self) -> None:
        """Where an end marker (a comment section, an author box, a release's trailer) follows
        `_END_AFTER_PROSE` or more prose lines, the article has ended: every line after it up
        to the next related-section marker is chrome. One before that much prose is a menu
        item or a share bar's link, and removes its own line only, unless another end marker
        follows it: a thread's comment headers ("Jane said…") under a one-paragraph post, or
        only the page's last lines do (`_footer`). One with a dateline right after it closes a
        listing's item, not the page."""
        if not any(line.ends for line in self.lines):
            return
        prose = 0
        ending: str | None = None
        # whether another end marker follows line i before the next related-section marker
        followed = [False] * len(self.lines)
        seen = False
        for i in range(len(self.lines) - 1, -1, -1):
            followed[i] = seen
            line = self.lines[i]
            seen = (seen or line.ends) and line.role != "related-marker"
        for i, line in enumerate(self.lines):
            if line.role == "related-marker":
                prose, ending = 0, None
            elif ending is not None:
                if line.text and line.role is None:
                    _mark(line, "furniture", ending, 0)
            elif (
                line.ends
                and (prose >= _END_AFTER_PROSE or (prose and followed[i]) or self._footer(i))
                and not self._dated_after(i)
                and not self._long_paragraph_after(i)
            ):
                ending = "after-" + line.why
            elif line.role is None and is_prose(line.text):
                prose += 1

    def _texts_after(self, i: int) -> list[str]:
        return [line.text for line in self.lines[i + 1 :] if line.text]

    def _footer(self, i: int) -> bool:
        """Whether the end marker at line `i` opens the page's last lines, none of them a
        finished sentence: a list's tags under "Tags", whatever came before."""
        after = self._texts_after(i)
        return 0 < len(after) <= _FOOTER_LINES and not any(map(ends_sentence, after))

    def _long_paragraph_after(self, i: int) -> bool:
        """Whether a paragraph of `_ARTICLE_PARAGRAPH` words or more follows line `i` before the
        next related-section marker: the article goes on ("© 2025 Jane Roe" under a photo)."""
        for line in self.lines[i + 1 :]:
            if line.role == "related-marker":
                return False
            if line.role is None and words(line.text) >= _ARTICLE_PARAGRAPH:
                return True
        return False

    def _dated_after(self, i: int) -> bool:
        """Whether one of the two lines with text after line `i` is a dateline: a listing's
        next item begins ("Copyright 2014 Outlet" closing the item above it)."""
        return any(parse_dateline(text) is not None for text in self._texts_after(i)[:2])

    def is_link_marker(self, text: str) -> bool:
        """Whether a rule reads `text` as a "Read more" link, with a trailing ".", "…" or
        arrow ("Read more »") or not."""
        verdict = self.rules.verdict(text)
        if verdict is None and text[-1:] in LINK_TAIL:
            verdict = self.rules.line_verdict(text.rstrip(LINK_TAIL))
        return verdict is not None and verdict.role == "link-marker"

    def content(self, indices: Iterable[int]) -> list[int]:
        """Indices of lines no context-free rule has claimed."""
        return [i for i in indices if self.lines[i].role is None]

    # --- pass 2 --------------------------------------------------------------------------------

    def related_start(self, begin: int = 0) -> int | None:
        """The first related-section marker from line `begin` on that follows content; earlier
        ones are chrome. A `begin` past 0 resumes after a marker, so content was seen. Lines
        the line model takes out (a menu's items, a bullet row) are no content."""
        seen_content = begin > 0
        for i in range(begin, len(self.lines)):
            line = self.lines[i]
            if line.role is None and i not in self.drops:
                seen_content = True
            elif line.role == "related-marker":
                if seen_content:
                    return i
                _mark(line, "furniture", line.why + " (before any content)", 0)
        return None

    def teaser_boxes(self) -> tuple[list[Link], int | None]:
        """The teaser boxes set inside the article ("Don't miss" and a few headlines) as links,
        and the related-section marker that opens the related articles, if any.

        A marker opens a box when the article's prose comes before it and goes on after it. A
        related article opens with one title and a header cluster (publisher, date, repeats); a
        box has either no title at all (the extractor kept the label but not its links) or two
        or more bare headlines in a row with nothing to date them. Each line is read once: a
        box's lines leave the content before the next marker is looked for.
        """
        links: list[Link] = []
        start = self.related_start()
        if start is None or not any(
            is_prose(self.lines[i].text) for i in self.content(range(start))
        ):
            return links, start
        read = start  # lines up to here hold no content left for a box
        while start is not None:
            head: list[int] = []
            for end in range(max(start, read) + 1, len(self.lines)):
                line = self.lines[end]
                if line.role is not None:
                    continue
                if is_prose(line.text) and not line.marker:
                    break
                head.append(end)
            else:
                return links, start  # teasers with no prose after them: the article has ended
            cluster = [self.lines[i] for i in head]
            if (
                len(head) == 1
                or _header_cluster(cluster)
                or not all(is_headline(line.text) for line in cluster)
            ):
                return links, start
            marker = self.lines[start]
            _mark(marker, "furniture", marker.why + " (a box inside the article)", 0)
            for line in cluster:
                _mark(line, "link", "teaser-in-article", 0)
            links += [Link(line.text) for line in cluster]
            read = end - 1
            start = self.related_start(start + 1)
        return links, None

    def _starts_article(self, zone: list[int], at: int) -> tuple[bool, int]:
        """Whether the header-like lines from `zone[at]` on look like a new article's header,
        and where in `zone` they end (its next prose line)."""
        cluster: list[_Line] = []
        for end in range(at, len(zone)):
            line = self.lines[zone[end]]
            if is_prose(line.text):
                break
            cluster.append(line)
        else:
            return True, len(zone)  # a run of headers with no prose after it: teasers, apart
        return _header_cluster(cluster), end

    def _has_item_header(self, segment: list[int]) -> bool:
        """An aggregator item's header: its title repeated, or a date with a bullet or name."""
        header: list[_Line] = []
        for i in segment:
            if is_prose(self.lines[i].text):
                break
            header.append(self.lines[i])
        datelines = [(line.text, parse_dateline(line.text)) for line in header]
        dated = any(dateline for _, dateline in datelines)
        bullet = any(_BULLET.match(line.text) for line in header)
        # a press review's "2005-10-28 Xinhuanet": the date, then the source it quotes
        sourced = any(d and d.publisher and text.startswith(d.raw) for text, d in datelines)
        return _repeats_a_title(header) or (dated and bullet) or sourced

    def _opens_story(self, zone: list[int], at: int) -> bool:
        """Whether `zone[at]` is a headline whose header cluster follows: within the next
        three lines, names or bylines and a date line, then prose within two lines."""
        text = self.lines[zone[at]].text
        if (
            words(text) < 3
            or not is_headline(text)
            or self.lines[zone[at]].marker
            or _BYLINE.match(text)
            or parse_dateline(text) is not None
        ):
            return False
        for k in range(at + 1, min(at + 4, len(zone))):
            line = self.lines[zone[k]].text
            if parse_dateline(line) is not None:
                after = zone[k + 1 : k + 3]
                return any(is_prose(self.lines[i].text) for i in after)
            byline = _BYLINE.match(line)
            if not (is_name(line) or (byline and is_name(byline.group("name") or ""))):
                return False
        return False

    def story_starts(self, zone: list[int]) -> list[int]:
        """Positions in `zone` of headlines that open a story with a header cluster of their
        own: the page's article wherever it stands, and stories after it with no related-section
        marker between."""
        starts: list[int] = []
        for at in range(len(zone)):
            if not self._opens_story(zone, at) or (starts and starts[-1] >= at - 1):
                continue
            above = self.lines[zone[at - 1]].text if at else ""
            # A headline with its standfirst above the byline: the story opens at the headline.
            stood = at > 0 and words(above) >= 4 and is_headline(above) and not is_prose(above)
            starts.append(at - 1 if stood and not parse_dateline(above) else at)
        return starts

    def lead_headline(self, zone: list[int]) -> int | None:
        """Where in `zone` the page's headline stands below a stray line or two, when the page
        opens with prose: a line that could be a title, followed by prose that takes up its
        words (`_echoes`), which the lines above it do not. None when the page opens with its
        headline or has none to find."""
        if not zone or not is_prose(self.lines[zone[0]].text):
            return None
        for k in range(1, min(_LEAD_LINES + 1, len(zone) - 1)):
            text = self.lines[zone[k]].text
            after = self.lines[zone[k + 1]].text
            if (
                words(text) >= 4
                and is_headline(text)
                and not self.lines[zone[k]].marker
                and is_prose(after)
                and _echoes(text, after) >= 2
                and all(_echoes(text, self.lines[i].text) < 2 for i in zone[:k])
            ):
                return k
        return None

    def drop_lead(self, zone: list[int], first: int) -> None:
        """Mark the lines before the page's first story header as chrome (a cookie banner, a
        crawler's header, a site's masthead) when they hold no story of their own: no date
        line and at most `_LEAD_PROSE` prose lines."""
        lead = zone[:first]
        texts = [self.lines[i].text for i in lead]
        if any(parse_dateline(t) for t in texts) or sum(map(is_prose, texts)) > _LEAD_PROSE:
            return
        opening = next(
            (self.lines[i].text for i in zone[first:] if is_prose(self.lines[i].text)), ""
        )
        if (
            len(texts) >= 2
            and is_headline(texts[0])
            and any(is_prose(t) and _echoes(t, opening) >= 2 for t in texts[1:])
        ):
            return  # the story's own headline and standfirst, above its outlet and date
        for i in lead:
            _mark(self.lines[i], "furniture", "before-article-header", 0)

    def teaser_listing(self) -> list[list[int]]:
        """The items of a listing page (a section index, an author's or a feed's page): three
        or more headlines, each followed by one teaser line and at most two short lines of date
        or source, one after another to the page's end, with nothing that reads as an article
        of its own. A page whose item teasers are neither dated nor cut short ("…", or mid-
        sentence: an excerpt) nor headed by bulleted headlines is taken for an article with
        subheadings. Returns each item's lines, or [] for no listing."""
        zone = self.content(range(len(self.lines)))
        items: list[list[int]] = []
        item_has_long = False  # whether the last item holds a line of a teaser's length
        for i in zone:
            text = self.lines[i].text
            headline = (
                words(text) >= 3
                and is_headline(text)
                and not is_prose(text)
                and parse_dateline(text) is None
                and not _ITEM_SOURCE.search(text)  # an item's "Source: … Date: …" line
                and not is_table_row(text)
            )
            long = words(text) >= _TEASER_WORDS
            # A long line under an item's headline and date, before any teaser: its teaser cut
            # short mid-sentence, which reads as a headline for want of a full stop.
            teaser_due = bool(items) and len(items[-1]) > 1 and long and not item_has_long
            if headline and items and len(items[-1]) == 1:
                items[-1] = [i]  # a lone headline above the first item: the listing's label
            elif headline and not teaser_due:
                items.append([i])
                item_has_long = False
            elif items:
                items[-1].append(i)
                item_has_long = item_has_long or long
        # The page's own article may stand above the items: its header and paragraphs read
        # as one item with too much body, which the items after it then go on without.
        if len(items) < _LISTING_ITEMS:
            return []
        shapes = [self._item_shape(item) for item in items[:-1]]  # the last may run on
        for first in range(min(2, len(shapes))):
            if _is_listing(shapes[first:], below_article=first > 0):
                return items[first:]
        return []

    def _item_shape(self, item: list[int]) -> _ItemShape | None:
        """What a listing's item shows: a date or source line, a teaser cut short, a bulleted
        headline, its kicker; None when it is no item (no single teaser, or too long)."""
        rest = [self.lines[i].text for i in item[1:]]
        if len(rest) > 3:
            return None
        meta = [bool(parse_dateline(t) or _ITEM_SOURCE.search(t)) for t in rest]
        teasers = [
            t
            for t, known in zip(rest, meta, strict=True)
            if not known and (is_prose(t) or words(t) >= _TEASER_WORDS)
        ]
        if len(teasers) != 1:
            return None
        headline = self.lines[item[0]].text
        kicker = _KICKER.match(headline)
        return _ItemShape(
            dated=any(meta),
            cut=teasers[0].endswith(("...", "…")) or not ends_sentence(teasers[0]),
            bulleted=bool(_BULLET.match(headline)),
            kicker=kicker.group(0).casefold() if kicker else "",
        )

    def has_teaser(self, segment: list[int]) -> bool:
        """Whether a listing item kept a teaser: a body line of `_TEASER_WORDS` or more words,
        prose or an excerpt cut short before its sentence ended."""
        return any(
            self.lines[i].role == "body" and words(self.lines[i].text) >= _TEASER_WORDS
            for i in segment
        )

    def read_item_meta(self, segment: list[int], art: _Article, part: int) -> None:
        """A listing item's meta lines below its teaser ("Pub date: 3/9/2022 - Source: NBC
        News"): the item's date and source when its header gave none, kept out of its text."""
        for i in segment:
            line = self.lines[i]
            if line.role != "body" or not _ITEM_SOURCE.search(line.text):
                continue
            mention = find_date(line.text)
            source = SOURCE_NAME.search(line.text)
            if mention is None and source is None:
                continue
            if art.dateline is None and mention is not None:
                art.dateline = Dateline(mention.raw, None, mention.unit)
            if art.publisher is None and source is not None:
                art.publisher = source.group("name")
            _mark(line, "dateline", "item-meta", part)

    def listing_start(self) -> int | None:
        """Where a page made only of article items (a tag or topic listing) starts its first.

        With no related-section marker, a page whose content is two or more items, each with an
        aggregator item header, has no article of its own: every item is a related article. So
        is a page of one such item under a listing's heading.
        """
        segments = self.related_segments(-1)
        items = [s for s in segments if self._has_item_header(s)]
        prose = any(is_prose(self.lines[i].text) for s in items for i in s)
        # A listing's heading ("Latest news with #Tag") says so of one item too.
        least = 1 if any(line.why == _LISTING_HEADING for line in self.lines) else 2
        if len(items) >= least and len(items) == len(segments) and prose:
            return self._item_top(segments[0]) - 1
        return None

    def _item_top(self, segment: list[int]) -> int:
        """Where the first item of a listing starts: its headline, the headline-like line right
        above its first date line; the lines above that are the page's own (masthead, menu)."""
        for k, i in enumerate(segment):
            if parse_dateline(self.lines[i].text) is not None:
                if k == 0 or not is_headline(self.lines[segment[k - 1]].text):
                    return segment[0]
                # up through the copies of its headline an aggregator prints ("Title / Title /
                # Publisher / 3 hours ago / … / Title")
                keys = Counter(_unbulleted_key(self.lines[j]) for j in segment)
                top = k - 1
                while top > 0 and keys[_unbulleted_key(self.lines[segment[top - 1]])] > 1:
                    top -= 1
                return segment[top]
            if is_prose(self.lines[i].text):
                break
        return segment[0]

    def _read_more_at(self, text: str) -> int | None:
        """Where a trailing "Read more" link starts in a line, if the line ends with one."""
        spaces = text.count(" ")
        if spaces < 5:  # the link and at least four words before it
            return None
        tail = text.rsplit(" ", 3)
        last = tail[-1].rstrip(LINK_TAIL).casefold()
        if last and self.rules.link_words is not None and last not in self.rules.link_words:
            return None  # no link the rules know ends with this word
        for n in (2, 3):
            marker = " ".join(tail[-n:])
            if spaces > n + 2 and self.is_link_marker(marker):
                return len(text) - len(marker) - 1
        return None

    def digest_items(self) -> list[_DigestItem]:
        """The items of a digest page: lines ending in "Read more", headline first.

        Two or more make a digest. The headline is the line before when that is a headline,
        else the head of the line itself (`split_headline`).
        """
        items: list[_DigestItem] = []
        content = self.content(range(len(self.lines)))
        taken: set[int] = set()
        for pos, i in enumerate(content):
            cut = self._read_more_at(self.lines[i].text)
            if cut is None:
                continue
            body = self.lines[i].text[:cut].rstrip()
            before = content[pos - 1] if pos else None
            if before is not None and before not in taken and is_headline(self.lines[before].text):
                items.append(_DigestItem(before, i, self.lines[before].text, body))
                taken.add(before)
            else:
                title, body = split_headline(body) or (None, body)
                items.append(_DigestItem(None, i, title, body))
            taken.add(i)
        if len(items) < 2:
            return []
        first = min(item.title_line or item.body_line for item in items)
        prose_before = sum(is_prose(self.lines[i].text) for i in content if i < first)
        if prose_before <= 1 or (
            all(item.title_line is not None for item in items) and self.reads_as_article(first)
        ):
            return items
        return []  # an article's teasers, not a digest

    def reads_as_article(self, end: int) -> bool:
        """Whether the content before line `end` is an article of its own (a digest's or a
        listing's introduction under its own dateline), not the page's chrome."""
        texts = [self.lines[i].text for i in self.content(range(end))]
        return any(map(is_prose, texts)) and any(parse_dateline(t) for t in texts)

    def digest_listing(self, items: list[_DigestItem]) -> list[list[int]]:
        """A digest's items as a listing's (headline line, body line), each body's "Read more"
        link cut off."""
        for item in items:
            line = self.lines[item.body_line]
            line.text = item.body
        return [[i for i in (item.title_line, item.body_line) if i is not None] for item in items]

    def mark_digest(self, items: list[_DigestItem]) -> None:
        used = {i for item in items for i in (item.title_line, item.body_line) if i is not None}
        for part, item in enumerate(items, 1):
            if item.title_line is not None:
                _mark(self.lines[item.title_line], "title", "digest-headline", part)
            why = "digest-item" if item.title_line is not None else "digest-item-with-headline"
            _mark(self.lines[item.body_line], "body", why, part)
        for i in self.content(range(len(self.lines))):
            if i not in used:
                _mark(self.lines[i], "furniture", "digest-chrome", 0)

    def related_segments(self, start: int) -> list[list[int]]:
        """The zone after line `start` cut into articles at each new header cluster."""
        segments: list[list[int]] = [[]]
        zone = self.content(range(start + 1, len(self.lines)))
        seen_prose = False
        # Header lines of zone[at:plain] open no article; nor does any later part of them.
        plain = 0
        for at, i in enumerate(zone):
            text = self.lines[i].text
            if is_prose(text) and not self.lines[i].marker:
                seen_prose = True
            elif seen_prose and at >= plain:
                starts, plain = self._starts_article(zone, at)
                if starts:
                    segments.append([])
                    seen_prose = False
            segments[-1].append(i)
        return [s for s in segments if s]

    # --- pass 3 --------------------------------------------------------------------------------

    def _next_content(self, indices: list[int], at: int) -> str | None:
        return self.lines[indices[at + 1]].text if at + 1 < len(indices) else None

    def _is_publisher_line(self, indices: list[int], at: int, art: _Article) -> bool:
        """A name right before a bare date is the publisher if a repeat or a headline follows
        (daily8's "Publisher / 2 hours ago / - Publisher / Title")."""
        text = self.lines[indices[at]].text
        following = self._next_content(indices, at)
        if not is_name(text) or following is None:
            return False
        if art.title is None and not _proper_name(text):
            return False  # the page's headline, in sentence case, above its date
        own = find_date(text)
        if AUTHORS.match(text) or (own is not None and not own.word):
            return False  # "Last reviewed: July 23, 2025": a date of something else, no name
        dateline = parse_dateline(following)
        if dateline is None or dateline.publisher is not None:
            return False
        if art.title is not None:
            return True
        for i in indices[at + 2 : at + 5]:
            if i in self.drops:  # a widget's line the line model takes out ("0 stars")
                continue
            later = self.lines[i].text
            bullet = _BULLET.match(later)
            if bullet and key(bullet.group("name")) == self.lines[indices[at]].key:
                return True
            if is_prose(later) or _source_line(later) is not None:
                return False  # a credit under the date names the publisher: the name is a title
            if is_headline(later) and parse_dateline(later) is None:
                return True
        return False

    def _heads_release(self, indices: list[int], at: int) -> bool:
        """Whether the line at `at`, long as a sentence but with no full stop, heads a body that
        opens on a wire dateline ("NEW YORK, May 4, 2022 (GLOBE NEWSWIRE) —"): a press
        release's headline, however long."""
        text = self.lines[indices[at]].text
        if ends_sentence(text) or words(text) > _RELEASE_HEADLINE_WORDS:
            return False
        following = self._next_content(indices, at)
        return following is not None and _WIRE_LEAD.match(following) is not None

    def _place_credit(self, indices: list[int], at: int, art: _Article) -> str | None:
        """The source a "Name (City)" line next to the header's date credits ("Aswat Masriya
        (Cairo)", as republishers write their sources), or None."""
        credit = _PLACE_CREDIT.match(self.lines[indices[at]].text)
        if credit is None or not is_name(credit.group("name")) or art.publisher is not None:
            return None
        return credit.group("name") if art.dateline or self._dated_next(indices, at) else None

    def _outlet_under_title(self, indices: list[int], at: int, art: _Article) -> bool:
        """Whether a one-word name between a dated header's headline and its first paragraph
        is the outlet ("Teleuniverso"): a station or paper signs so; a person signs with two
        words or more, a section stands above the headline."""
        text = self.lines[indices[at]].text
        if art.title is None or art.dateline is None or art.publisher is not None:
            return False
        if " " in text or not _OUTLET.match(text):
            return False
        following = self._next_content(indices, at)
        return following is not None and is_prose(following)

    def _dated_next(self, indices: list[int], at: int) -> bool:
        following = self._next_content(indices, at)
        return following is not None and parse_dateline(following) is not None

    def _headline_over_header(self, indices: list[int], at: int, title: str) -> bool:
        """Whether the line at `at`, below an earlier title, is the article's real headline:
        it has a byline or a dateline under it and the first prose takes up its words, which
        it does not of the earlier one (a site's slogan, a "Join us" prompt)."""
        text = self.lines[indices[at]].text
        following = self._next_content(indices, at)
        if following is None or words(text) < 4 or not is_headline(text):
            return False
        if not reads_as_header(following):
            return False
        prose = next(
            (self.lines[i].text for i in indices[at + 1 :] if is_prose(self.lines[i].text)), ""
        )
        return _echoes(text, prose) >= 2 and _echoes(title, prose) == 0

    def read_article(self, indices: list[int], part: int, *, item: bool = False) -> _Article:
        """Mark one article's lines; `item`: a listing's item, whose first line is its
        headline whatever it looks like (a bulleted one reads as a name otherwise)."""
        art = _Article()
        at = self._read_header(indices, part, art, item=item)
        self._read_body(indices[at:], part, art)
        self._read_credit(indices[at:], part, art)
        self._read_source(indices[at:], part, art)
        self._read_closing_date(indices[at:], part, art)
        self.trim_tail(indices[at:], part)
        return art

    def _read_closing_date(self, indices: list[int], part: int, art: _Article) -> None:
        """A story whose header gave no date may show it under its last paragraph ("Diterbitkan
        16 Mar 2013, 12:59 WIB"): the first lines after the body, if one is a full date."""
        if art.dateline is not None:
            return
        body = [i for i in indices if self.lines[i].role == "body"]
        if not body:
            return
        after = [i for i in indices if i > body[-1] and self.lines[i].text]
        for i in after[:_CLOSING_DATE_LINES]:
            dateline = parse_dateline(self.lines[i].text)
            if dateline is not None and dateline.unit is None and dateline.publisher is None:
                _mark(self.lines[i], "dateline", "dateline-after-body", part)
                art.dateline = dateline
                return

    def _read_source(self, indices: list[int], part: int, art: _Article) -> None:
        """A "Source: Name" line or an agency's name before the story's body or after it
        ("Source - Byo24News" under the last paragraph) is chrome, and names the publisher when
        the header named none. Amid the body a labelled line ("Source: Moscow Exchange") is
        still a credit line, but it credits a quote, a chart or a story run in with this one,
        so it names no publisher, and an unlabelled agency's name there is text."""
        body = [i for i in indices if self.lines[i].role == "body"]
        for i in indices:
            amid = bool(body) and body[0] < i < body[-1]
            line = self.lines[i]
            if len(line.text) > _SOURCE_LINE:
                continue  # prose, most lines: no credit line is this long
            if amid:
                if SOURCE_NAME.match(line.text) and _source_line(line.text) is not None:
                    _mark(line, "byline", "source-line", part)
                continue
            source = _source_line(line.text)
            if source is not None:
                _mark(line, "byline", "source-line", part)
                art.publisher = art.publisher or source

    def _read_credit(self, indices: list[int], part: int, art: _Article) -> None:
        """A syndicated story's closing credit names its publisher, and may repeat its title
        ("This article originally appeared on The Ellismere Echo: Headline"): such a credit is
        chrome, and gives the title when the page showed none. A credit without a title
        ("Originally published on Live Science.") stays in the body, as the Zyte benchmark's
        bodies keep it."""
        body = [i for i in indices if self.lines[i].role == "body"]
        for i in body[-_CREDIT_LINES:]:
            line = self.lines[i]
            credit = _CREDIT.match(line.text)
            if credit is None or not is_name(credit.group("publisher")):
                continue
            art.publisher = art.publisher or credit.group("publisher")
            if credit.group("title"):
                _mark(line, "furniture", "closing-credit", part)
                art.title = art.title or credit.group("title")

    def _read_header(
        self, indices: list[int], part: int, art: _Article, *, item: bool = False
    ) -> int:
        """Mark the header lines of an article; the index of its first body line.

        One- and two-word lines (menus, kickers, site names) are held back: a title only if no
        better line comes. A title followed by two or more of them and then another headline was
        the site's masthead, and the lines after it its menu.
        """
        short: list[int] = []
        title_line: int | None = None
        doubted: int | None = None
        end = len(indices)
        for at, i in enumerate(indices):
            line = self.lines[i]
            text = line.text
            bullet = _BULLET.match(text)
            dateline = parse_dateline(text)
            if item and at == 0:
                _mark(line, "title", "listing-item-headline", part)
                art.title, title_line = _unbulleted(text), i
            elif art.title is not None and line.key == art.title.casefold():
                _mark(line, "furniture", "title-repeated", part)
                art.repeated = True
            elif (
                art.publisher is not None
                and (key(bullet.group("name")) if bullet else line.key) == art.publisher.casefold()
            ):
                _mark(line, "byline", "publisher-repeated", part)
            elif dateline is not None:
                why = "publisher-glued-to-date" if dateline.publisher else "dateline"
                _mark(line, "dateline", why, part)
                held = art.dateline
                art.dateline = _publication(held, dateline, above=art.dated_above_title)
                if art.dateline is not held:
                    art.dated_above_title = art.title is None
                art.publisher = art.publisher or dateline.publisher
            elif bullet and is_name(bullet.group("name")):
                following = self._next_content(indices, at)
                if art.publisher is None and not (following and _BULLET.match(following)):
                    _mark(line, "byline", "bullet-publisher", part)
                    art.publisher = bullet.group("name")
                else:
                    _mark(line, "furniture", "bullet-category", part)
            elif _byline_alone(text):
                _mark(line, "byline", "author-byline", part)
            elif (source := _source_line(text) or self._place_credit(indices, at, art)) is not None:
                _mark(line, "byline", "source-line", part)
                art.publisher = art.publisher or source
            elif self._outlet_under_title(indices, at, art):
                _mark(line, "byline", "outlet-under-title", part)
                art.publisher = text
            elif self._is_publisher_line(indices, at, art):
                _mark(line, "byline", "publisher-before-date", part)
                art.publisher = art.publisher or text
            elif (
                title_line is not None
                and art.title is not None
                and self._headline_over_header(indices, at, art.title)
            ):
                _mark(self.lines[title_line], "furniture", "label-above-headline", part)
                _mark(line, "title", "headline-over-byline", part)
                art.title, title_line = text, i
            elif art.title is not None and not is_prose(text) and self._dated_next(indices, at):
                _mark(line, "byline", "credit-before-date", part)  # "Name, Reporter | @name"
            elif art.title is None and self._heads_release(indices, at):
                _mark(line, "title", "headline-over-wire-dateline", part)
                art.title, title_line = text, i
            elif line.marker or is_prose(text) or not is_headline(text):
                end = at
                break
            elif part == 0 and self.model_drops(i, part):
                # chrome above the page's headline; a related one is found by its cluster
                doubted = i if self._doubted_headline(i) else doubted
                continue
            elif _holds_address(text) or (_DOMAIN.search(text) and _NUMERIC_TIME.search(text)):
                _mark(line, "furniture", "address-not-headline", part)  # a phone, mail or web
            elif words(text) < 3 or _LABEL.match(text):
                short.append(i)
            elif art.title is None:
                _mark(line, "title", "first-headline", part)
                art.title, title_line = _unbulleted(text), i
                short = self._drop(short, "label-above-title", part)
            elif line.key.startswith(art.title.casefold()):
                _mark(line, "furniture", "title-variant", part)
            elif title_line is not None and len(short) >= 2:
                _mark(self.lines[title_line], "furniture", "masthead", part)
                _mark(line, "title", "headline-after-menu", part)
                art.title, title_line, short = text, i, self._drop(short, "menu", part)
            else:
                end = at
                break
        if art.title is None and doubted is not None:
            # The page's headline is a line the model took out, unsure: the last headline of
            # three or more words above the body, where no other line could be the title.
            _mark(self.lines[doubted], "title", "headline-the-model-doubted", part)
            art.title, title_line = self.lines[doubted].text, doubted
        if art.title is None and short:
            title = self.lines[short.pop()]
            _mark(title, "title", "short-headline", part)
            art.title = title.text
        self._drop(
            short, "label-above-title" if title_line is None else "short-line-in-header", part
        )
        return end

    def _doubted_headline(self, i: int) -> bool:
        """Whether line `i`, which the line model takes out, may still be the page's headline:
        three or more words reading as one, and the model short of sure."""
        text = self.lines[i].text
        return words(text) >= 3 and is_headline(text) and self.odds[i] < MODEL_SURE

    def _drop(self, indices: list[int], why: str, part: int) -> list[int]:
        for i in indices:
            _mark(self.lines[i], "furniture", why, part)
        return []

    def _late_header(self, line: _Line, art: _Article, part: int) -> bool:
        """Mark a byline or dateline that comes after a standfirst; whether it was one."""
        if _byline_alone(line.text):
            _mark(line, "byline", "author-byline", part)
            return True
        dateline = parse_dateline(line.text)
        if dateline is None or (dateline.publisher and art.publisher):
            return False
        _mark(line, "dateline", "dateline-under-standfirst", part)
        held = art.dateline
        art.dateline = _publication(held, dateline, above=art.dated_above_title)
        if art.dateline is not held:
            art.dated_above_title = False
        art.publisher = art.publisher or dateline.publisher
        return True

    def _read_body(self, indices: list[int], part: int, art: _Article) -> None:
        skip_next = False
        prose_seen = 0
        for at, i in enumerate(indices):
            line = self.lines[i]
            if skip_next:
                skip_next = False
                continue
            text = line.text
            following = self._next_content(indices, at)
            inline = _INLINE_LINK.match(text)
            if line.marker:
                if following is not None and is_headline(following) and not is_prose(following):
                    _mark(line, "furniture", line.why, part)
                    _mark(self.lines[indices[at + 1]], "link", "headline-after-" + line.why, part)
                    art.links.append(Link(following))
                    skip_next = True
                else:
                    _mark(line, "furniture", line.why, part)
            elif (
                inline
                and self.is_link_marker(inline.group("marker") + ":")
                and is_headline(inline.group("title"))
            ):
                _mark(line, "link", "inline-link", part)
                art.links.append(Link(inline.group("title")))
            elif art.title is not None and line.key == art.title.casefold():
                _mark(line, "furniture", "title-repeated", part)
                art.repeated = True
            elif prose_seen <= 1 and self._late_header(line, art, part):
                continue  # a byline or date under the standfirst
            elif self.model_drops(i, part):
                continue
            elif prose_seen and _bare_date(text):
                # a date alone amid the body: a gallery's slide, a widget, an entry's stamp
                _mark(line, "furniture", "date-in-body", part)
            elif prose_seen and _byline_alone(text):
                _mark(line, "furniture", "byline-in-body", part)  # a live blog entry's author
            elif self._printed_twice(indices, at):
                # a photo's caption, from its alt text and its figure caption both
                _mark(line, "furniture", "caption-printed-twice", part)
                _mark(self.lines[indices[at + 1]], "furniture", "caption-printed-twice", part)
                skip_next = True
            else:
                if not prose_seen and art.publisher is None:
                    art.publisher = _wire_of(text)
                prose_seen += is_prose(text)
                _mark(line, "body", "prose", part)
                headed = art.repeated or art.dateline is not None
                art.has_body = art.has_body or is_prose(text) or (headed and self._cut_short(i))

    def _printed_twice(self, indices: list[int], at: int) -> bool:
        """Whether the line at `at`, of four words or more and no finished sentence, is printed
        again on the next line with text, and not a third time (a chant, a refrain)."""
        text = self.lines[indices[at]].text
        if at + 1 >= len(indices) or self.lines[indices[at + 1]].text != text:
            return False  # most lines: one comparison of the texts as printed
        before = at > 0 and self.lines[indices[at - 1]].text == text
        thrice = at + 2 < len(indices) and self.lines[indices[at + 2]].text == text
        return not before and not thrice and words(text) >= 4 and not ends_sentence(text)

    def _cut_short(self, i: int) -> bool:
        """The page's last line, cut mid-sentence where a dump stops at a size limit."""
        return i == self.last and words(self.lines[i].text) >= 6

    def trim_tail(self, indices: list[int], part: int) -> None:
        """Short lines after an article's last prose line are page chrome ("More Videos"), and
        so is a page's last line that a dump's size limit cut inside a repeat of chrome (a video's
        title printed twice)."""
        body = [i for i in indices if self.lines[i].role == "body" and self.lines[i].part == part]
        if body and body[-1] == self.last and self._repeats_chrome(self.lines[body[-1]].text):
            _mark(self.lines[body.pop()], "furniture", "cut-repeat-of-chrome", part)
        last_prose = max((i for i in body if is_prose(self.lines[i].text)), default=None)
        if last_prose is None:
            return
        for i in reversed(body):
            line = self.lines[i]
            if i <= last_prose or words(line.text) > 5 or ends_sentence(line.text):
                break
            _mark(line, "furniture", "short-line-after-body", part)

    def _repeats_chrome(self, text: str) -> bool:
        """Whether `text`, a short unfinished line of two words or more, is part of a line
        marked furniture."""
        if not 2 <= words(text) <= _CUT_REPEAT_WORDS or ends_sentence(text):
            return False
        folded = text.casefold()
        return any(
            line.role == "furniture" and folded in line.text.casefold() for line in self.lines
        )

    def demote_teaser(self, indices: list[int], art: _Article, main: _Article) -> None:
        """A related entry with no body is a teaser: its headline becomes a link, rest is chrome."""
        for i in indices:
            line = self.lines[i]
            if line.role == "title" or (line.role == "body" and is_headline(line.text)):
                _mark(line, "link", "headline-without-body", 0)
                main.links.append(Link(line.text))
            elif line.role is not None and line.role != "link":
                _mark(line, "furniture", "teaser-" + (line.why or "line"), 0)
        main.links.extend(art.links)

    def render(self, part: int, indices: Iterable[int]) -> str:
        """The prose of one article, from its lines among `indices`; lines that carry on the
        sentence above say so in `why`."""
        body = [
            line
            for line in map(self.lines.__getitem__, indices)
            if line.part == part and line.role == "body"
        ]
        joined: list[bool] = []
        texts = (self.rules.clean_inline(line.text) for line in body)
        paragraphs = reflow(texts, joined, rejoin=self.rejoin)
        for line, join in zip(body, joined, strict=True):
            if join:
                line.why = "prose-joined-to-line-above"
        return "\n\n".join(paragraphs)

    def blocks(self) -> tuple[Block, ...]:
        return tuple(
            Block(raw.rstrip("\r"), line.role, line.why, line.part)
            if line.role is not None
            else Block(raw.rstrip("\r"), "furniture", "unclassified", line.part)
            for raw, line in zip(self.raw, self.lines, strict=True)
        )


def _publication(held: Dateline | None, found: Dateline, *, above: bool) -> Dateline:
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


def _todays_date(art: _Article, found: Published | None, now: datetime | None) -> bool:
    """Whether an article's only date is the page's today: a day with no time and no label,
    above the headline, on the fetch day. A masthead's calendar widget shows it on every page
    (the stories under it are older); it dates the fetch, not the story."""
    if found is None or now is None or art.dateline is None or not art.dated_above_title:
        return False
    if art.dateline.label or art.dateline.unit is not None or found.precision != "day":
        return False
    fetched = now if now.tzinfo else now.replace(tzinfo=UTC)
    return found.iso[:10] == fetched.date().isoformat()


def _same_day(one: Dateline, other: Dateline) -> bool:
    """Whether two full dates name one day ("Mon Mar 14, 2016", "Monday, March 14, 2016")."""
    if one.unit is not None or other.unit is not None:
        return False
    day = shown_day(one.raw)
    return day is not None and day == shown_day(other.raw)


def _dates(
    art: _Article, order: DateOrder | None, now: datetime | None
) -> tuple[Published | None, str | None]:
    if art.dateline is None:
        return None, None
    raw = art.dateline.raw
    return resolve(raw, unit=art.dateline.unit, now=now, order=order), raw


def _published_fields(found: Published | None, raw: str | None) -> dict[str, Any]:
    """The record's `published*` fields for a resolved date and the text it was read from."""
    return {
        "published": found.iso if found else None,
        "published_raw": raw,
        "published_precision": found.precision if found else None,
        "published_zone_assumed": found.zone_assumed if found else None,
    }


def _markup(rec: Record, name: str) -> str | None:
    """A fact extract read from the page's HTML markup (meta tags, JSON-LD), if it is a string."""
    value = rec.meta.get(name)
    return value if isinstance(value, str) and value.strip() else None


def page_lines(rec: Record) -> list[str]:
    """The page as lines: from its blocks once stripped, so stripping again changes nothing."""
    if rec.blocks:
        return [b.text for b in rec.blocks]
    return page_lines_of(rec.text)


#: The reason a page all of whose lines are furniture is rejected.
NOTHING_LEFT: Final = "no article found: every line is page furniture"


def strip_record(
    rec: Record,
    *,
    profiles: tuple[Profile, ...] = (),
    auto_profiles: bool = True,
    now: datetime | None = None,
    line_model: LineModel = BUILTIN,
    site_lines: SiteLines | None = None,
    keep_empty: bool = False,
) -> Item:
    """Mark a page's lines and parse its header; a page with nothing left is rejected, or,
    with `keep_empty` (for `explain`), kept with an empty text and every line marked.

    `line_model` takes out lines the rules would keep as title or body when it is sure they
    are furniture, on text dumps of sites no site profile knows (`linemodel.choose`).
    `site_lines`: the lines each site repeats across the run's pages (`siterepeats`).
    """
    raw_lines = page_lines(rec)
    host = host_of(rec.url)
    # The page as one text to recognise its site by (the record's own when it is that already),
    # dropped once read.
    whole = rec.text if not rec.blocks and "\r" not in rec.text else "\n".join(raw_lines)
    rules = select(whole, host, extra=profiles, auto=auto_profiles)
    del whole
    ref = parse_when(rec.fetched) or now
    page = _Page(raw_lines, rules, rejoin=rec.layout == "lines")
    page.mark_rules()
    if site_lines is not None:
        page.mark_repeated(site_lines.of(rec))
    page.end_articles()
    model = choose(line_model)
    # The model learnt its shapes (words, capitals, full stops) from spaced scripts: it does not
    # judge pages in scripts written without spaces.
    if (
        model is not None
        and rules.site is None
        and rec.layout == "lines"
        and not mostly_unspaced("".join(raw_lines[:_SCRIPT_SAMPLE]))
    ):
        page.consult(model)
    digest = page.digest_items()
    first = min((item.title_line or item.body_line for item in digest), default=0)
    introduced = bool(digest) and page.reads_as_article(first)
    if digest and not introduced:
        page.mark_digest(digest)
        return replace(
            rec,
            title=None,
            text="",
            site=rec.site or rules.site or host,
            blocks=page.blocks(),
            sections=tuple(Section(item.title, text=item.body) for item in digest),
        )
    teasers, start = page.teaser_boxes()
    if introduced:  # a digest under an article of its own: its items are related articles
        listing = page.digest_listing(digest)
    else:
        listing = page.teaser_listing() if start is None else []
    if listing:
        start = listing[0][0] - 1
        page.drops.difference_update(i for item in listing for i in item)  # its shape decides
        if not page.reads_as_article(listing[0][0]):  # what comes before is the page's chrome
            for i in page.content(range(listing[0][0])):
                _mark(page.lines[i], "furniture", "listing-header", 0)
    if start is None:
        start = page.listing_start()
        if start is not None and not page.reads_as_article(start + 1):
            for i in page.content(range(start + 1)):  # the listing page's masthead and menus
                _mark(page.lines[i], "furniture", "listing-header", 0)
    main_zone = page.content(range(start + 1 if start is not None else len(page.lines)))
    headline = page.lead_headline(main_zone)
    if headline is not None:
        page.drop_lead(main_zone, headline)
        main_zone = page.content(range(start + 1 if start is not None else len(page.lines)))
    stories = page.story_starts(main_zone)
    if stories:
        if stories[0] > 0:
            page.drop_lead(main_zone, stories[0])
        later = [
            at
            for at in stories[1:]
            if any(is_prose(page.lines[i].text) for i in main_zone[stories[0] : at])
        ]
        if later:  # a second story with a header of its own: the first has ended
            start = main_zone[later[0]] - 1
        main_zone = page.content(range(start + 1 if start is not None else len(page.lines)))
    main = page.read_article(main_zone, 0)
    main.links[:0] = teasers
    sections: list[Section] = []
    dated: list[_Article] = []
    if start is not None:
        for segment in listing or page.related_segments(start):
            part = len(sections) + 1
            art = page.read_article(segment, part, item=bool(listing))
            if listing:
                page.read_item_meta(segment, art, part)
                art.has_body = art.has_body or page.has_teaser(segment)
            if not art.has_body:
                page.demote_teaser(segment, art, main)
                continue
            dated.append(art)
            sections.append(
                Section(
                    art.title,
                    art.publisher,
                    links=tuple(art.links),
                    text=page.render(part, segment),
                )
            )
    text = page.render(0, range(len(page.lines)))
    if not text and main.title is None and not sections and not keep_empty:
        return Reject(rec.source, STAGE, NOTHING_LEFT, "")
    publisher = main.publisher or _markup(rec, "html_site")
    if main.title is not None:
        site = rec.site or rules.site or host
        main.title, suffix = split_site_suffix(main.title, (publisher, site, host))
        publisher = publisher or suffix
    lang = rec.lang or detect(text)
    order = rules.date_order or date_order(lang, host)
    published, raw = _dates(main, order, ref)
    if _todays_date(main, published, ref):
        published, raw = None, None
    sections = [
        replace(section, **_published_fields(*_dates(art, order, ref)))
        for section, art in zip(sections, dated, strict=True)
    ]
    fields = _published_fields(published, raw)
    markup = _markup(rec, "html_date")
    stated = from_markup(markup, ref) if raw is None and markup is not None else None
    if stated is not None:  # the page's text shows no date: take the one its markup states
        fields = _published_fields(stated, None)
    return replace(
        rec,
        title=main.title,
        text=text,
        publisher=publisher,
        site=rec.site or rules.site or host,
        lang=lang,
        **fields,
        links=tuple(main.links),
        blocks=page.blocks(),
        sections=tuple(sections),
    )


def strip(
    items: Iterable[Item],
    *,
    profiles: tuple[Profile, ...] = (),
    auto_profiles: bool = True,
    now: datetime | None = None,
    timeout: float | None = None,
    line_model: LineModel = BUILTIN,
    site_lines: SiteLines | None = None,
) -> Iterator[Item]:
    """Strip every record of a stream; rejects pass through untouched.

    `timeout`: seconds one record may take (in a process's main thread), after which it becomes
    a reject "took longer than N s in strip"; None: no deadline. The line model is loaded
    before the first record, and so are the date patterns and the rule set of pages no site
    profile claims, so that no record's deadline pays for them.
    """
    model = choose(line_model)
    line_model = model if model is not None else OFF
    prepare_dates()
    select("", None, extra=profiles, auto=auto_profiles)  # the rule set most pages get
    return each(
        items,
        partial(
            strip_record,
            profiles=profiles,
            auto_profiles=auto_profiles,
            now=now,
            line_model=line_model,
            site_lines=site_lines,
        ),
        STAGE,
        timeout=timeout,
    )
