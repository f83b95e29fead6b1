"""What the HTML engine dropped from a page: its visible lines that never reached strip.

Only `explain` asks. `run` lets a page's HTML go once extract has read it; explain keeps the raw
pages in flight in a `PagesInFlight` window, so each record it shows can find its page again, and
compares the page's visible lines (`webpage.visible_text`) with the lines the record holds.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.lines import fold, key, page_lines_of
from cleancli.inputs.rawpage import RawPage
from cleancli.inputs.webpage import visible_text
from cleancli.stages.extract import page_html

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cleancli.options import Options
    from cleancli.record import Record, Reject

#: Raw pages held at most. Each is let go when its record comes out of the stages, and extract
#: reads at most 64 pages ahead of the records it hands on, so the window only ever holds pages
#: the stages hold anyway; the bound keeps memory flat even if some page's record never came.
_WINDOW: Final = 256
#: How the engines mark list items and table cells in the lines they keep ("- item" from
#: trafilatura, "• item" from resiliparse, "| cell | cell |"); the visible text has neither.
_MARKUP: Final = re.compile(r"^[-•] |\|")
#: A visible line this long whose every run of three words is in the kept text was kept, cut or
#: joined differently by the engine (trafilatura keeps a paragraph's line breaks from the source);
#: shorter ones (a menu's "World") must match a kept line whole.
_LONG: Final = 30


class PagesInFlight:
    """The raw pages read whose records have not come out of the stages yet, oldest first."""

    def __init__(self, size: int = _WINDOW) -> None:
        self._pages: deque[RawPage] = deque(maxlen=size)

    def watch(self, items: Iterable[RawPage | Reject]) -> Iterator[RawPage | Reject]:
        """`items` unchanged, each raw page held until `take` asks for it."""
        for item in items:
            if isinstance(item, RawPage):
                self._pages.append(item)
            yield item

    def take(self, source: str) -> RawPage | None:
        """The oldest page held whose source is `source`, let go; None when none is held."""
        for place, page in enumerate(self._pages):
            if page.source == source:
                del self._pages[place]
                return page
        return None


@dataclass(frozen=True, slots=True)
class Dropped:
    """The visible lines of a page the HTML engine did not keep, folded, in page order."""

    engine: str
    lines: tuple[str, ...]

    @property
    def size(self) -> int:
        """The dropped text's size in bytes: its lines in UTF-8, a newline between each two."""
        return len("\n".join(self.lines).encode("utf-8", "surrogatepass"))


def _bare(line: str) -> str:
    """A line's key without list markers or table bars: how a kept line and a visible one are
    compared."""
    return " ".join(_MARKUP.sub(" ", key(line)).split())


def _trigrams(text: str) -> set[int]:
    """The runs of three words in `text`, hashed: what a long line is looked for by, in time
    that grows with the text, not with the text times the lines looked for."""
    words = text.split()
    return {hash(run) for run in zip(words, words[1:], words[2:], strict=False)}


def dropped_lines(visible: Iterable[str], kept: Iterable[str]) -> Iterator[str]:
    """The lines of `visible` (a page's visible text, line by line) that are none of `kept` (the
    lines the engine handed on), folded; blank lines are passed over."""
    ordered = [bare for line in kept if (bare := _bare(line))]
    keys, runs = set(ordered), _trigrams(" ".join(ordered))
    for line in visible:
        bare = _bare(line)
        if not bare or bare in keys:
            continue
        if len(bare) < _LONG or not (found := _trigrams(bare)) or not found <= runs:
            yield fold(line)


def dropped_from(page: RawPage, rec: Record, options: Options) -> Dropped | None:
    """What `options.html_engine` dropped from `page`, whose record (through strip, its blocks
    covering every line the engine handed on) is `rec`; None when the page holds no HTML."""
    html = page_html(page, options)
    if html is None:
        return None
    lines = dropped_lines(page_lines_of(visible_text(html)), (b.text for b in rec.blocks))
    return Dropped(options.html_engine, tuple(lines))
