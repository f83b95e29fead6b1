"""Lines many pages of one site repeat: that site's furniture, learned from a run's own input.

A site prints its menus, share bars and sign-up prompts on every page, so when a run's input
holds several text dumps of one site, what they have in common is chrome, the same idea as
`learn` and as cc_net's removal of paragraphs repeated across a shard, applied per site without
a profile to write first. A first pass over the inputs counts, for each site (a page's host), on
how many of its articles each short non-prose line appears, keeping 8-byte digests and no text;
strip then takes a line no rule has claimed as furniture when its site repeats it.

Articles are counted by their longest prose line, so copies of one story (a page fetched twice,
an updated version whose longest paragraph stayed) count once and cannot make its subheadings
or list items look repeated.
Lines strip reads as a dateline, byline or headline are never taken: "2 days ago", "By Jane
Doe" and a related story's title recur on a site's pages without being furniture.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from cleancli.cleaning.lines import fold, is_headline, is_prose, page_lines_of, words
from cleancli.record import Record

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from cleancli.record import Item

#: Longer lines are prose or whole articles: repeated ones are duplicates, not chrome.
MAX_WORDS: Final = 12
#: A site's articles a line must appear on: at least this many...
MIN_ARTICLES: Final = 2
#: ...and at least this share of the site's articles.
MIN_SHARE: Final = 0.5


def digest(line: str) -> bytes:
    """A folded line's 8-byte digest, case aside."""
    return hashlib.blake2b(line.casefold().encode(), digest_size=8).digest()


def _folded(text: str) -> list[str]:
    """A page's lines with text, folded."""
    return [line for line in map(fold, page_lines_of(text)) if line]


def _candidates_of(lines: list[str]) -> dict[bytes, str]:
    return {digest(line): line for line in lines if words(line) <= MAX_WORDS and not is_prose(line)}


def candidates(text: str) -> dict[bytes, str]:
    """The distinct lines of a page that could be chrome (short, not prose), by digest."""
    return _candidates_of(_folded(text))


def headline_like(line: str) -> bool:
    """A line of four or more words that could be an article's title."""
    return words(line) >= 4 and is_headline(line)


def host_of(url: str | None) -> str | None:
    """A URL's host without "www." (a bare "example.com/a" too); None when there is none."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # not a URL after all ("http://[::1" from a broken dump)
        return None
    return host.removeprefix("www.") if host else None


def site_of(rec: Record) -> str | None:
    """The site a record comes from: its URL's host, else its `site` field."""
    return host_of(rec.url) or (rec.site.casefold() if rec.site else None)


def _lead(lines: list[str]) -> bytes | None:
    """The digest of a page's longest prose line: which article the page holds (a sentence
    the site prints on every page, a cookie notice, is seldom the longest)."""
    longest = max((line for line in lines if is_prose(line)), key=len, default=None)
    return None if longest is None else digest(longest)


@dataclass(frozen=True, slots=True)
class SiteLines:
    """The digests of the lines each site repeats, and how many articles each site had."""

    lines: Mapping[str, frozenset[bytes]] = field(default_factory=dict)
    articles: Mapping[str, int] = field(default_factory=dict)

    def of(self, rec: Record) -> frozenset[bytes]:
        """The repeated lines of `rec`'s site (empty for a text dump of no known site)."""
        if not self.lines or rec.layout != "lines":
            return frozenset()
        site = site_of(rec)
        return self.lines.get(site, frozenset()) if site else frozenset()


def count_site_lines(items: Iterable[Item]) -> SiteLines:
    """The first pass: for each site with `MIN_ARTICLES` or more articles among the text dumps
    in `items`, the lines that appear on `MIN_SHARE` of them. Memory holds one digest per
    distinct (site, line) and per article; the result is the same in any order of `items`."""
    seen: dict[str, Counter[bytes]] = {}
    articles: dict[str, set[bytes]] = {}
    for item in items:
        if not isinstance(item, Record) or item.layout != "lines":
            continue
        site = site_of(item)
        page = _folded(item.text) if site else []
        lead = _lead(page)
        if site is None or lead is None or lead in articles.setdefault(site, set()):
            continue
        articles[site].add(lead)
        seen.setdefault(site, Counter()).update(_candidates_of(page).keys())
    lines: dict[str, frozenset[bytes]] = {}
    for site, counts in seen.items():
        n = len(articles[site])
        if n < MIN_ARTICLES:
            continue
        least = max(MIN_ARTICLES, math.ceil(MIN_SHARE * n))
        repeated = frozenset(d for d, k in counts.items() if k >= least)
        if repeated:
            lines[site] = repeated
    return SiteLines(lines, {site: len(leads) for site, leads in articles.items()})
